import type { Message } from "../../kernel/index.js";

/**
 * OpenAI conversations may hold several turns of one role in a row (a tool message per call,
 * then the user's text); Converse alternates roles, so consecutive turns of one role become one.
 */
export function mergeTurns(turns: readonly Message[]): Message[] {
  const merged: Message[] = [];
  for (const turn of turns) {
    const last = merged.at(-1);
    if (last?.role === turn.role) merged[merged.length - 1] = { role: turn.role, content: [...last.content, ...turn.content] };
    else merged.push(turn);
  }
  return merged;
}
