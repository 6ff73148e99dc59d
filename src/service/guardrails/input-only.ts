import { Fault } from "../../kernel/index.js";
import type { Conversation } from "../../kernel/index.js";
import type { GuardSession } from "./gate.js";

/**
 * Calls whose input reaches a provider but which have no answer to guard: embeddings and token
 * counts. They take the same input check as inference, so a guardrail the account enforces (and
 * redact-and-restore) keeps from the provider what it would keep from a Converse call. With no
 * answer to carry the blocked messaging, a BLOCK refuses the call, naming the guardrail.
 */
export async function checkedInput(session: GuardSession, conversation: Conversation): Promise<Conversation> {
  const verdict = await session.input(conversation);
  if (verdict.kind === "pass") return verdict.conversation;
  const { guardrailId, version, origin } = verdict.by;
  const whose = origin === "ACCOUNT_ENFORCED" ? "enforced on this account " : "";
  throw new Fault("validation", `The guardrail ${guardrailId} (version ${version}) ${whose}blocked the input; it was not sent to the model`, { reason: "guardrail-blocked" });
}

/**
 * Embedding inputs as the conversation an input check reads: one user message, a text block per
 * input, none marked, so every guardrail reads them all whatever its scope.
 */
export function embeddingConversation(texts: readonly string[]): Conversation {
  return { system: [], messages: [{ role: "user", content: texts.map((text) => ({ type: "text" as const, text })) }] };
}

/** The inputs back out of the checked conversation, in order (masked where ANONYMIZE applied). */
export function embeddingTexts(conversation: Conversation): string[] {
  return conversation.messages[0]!.content.map((b) => (b.type === "text" ? b.text : ""));
}
