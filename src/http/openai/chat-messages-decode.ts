import type { ContentBlock, Message, TextBlock } from "../../kernel/index.js";
import { list, obj, oneOf, str } from "../bedrock-runtime/validate.js";
import { decodeImageUrl, parseArguments, textOf } from "./content-decode.js";
import { refuse, setMembers, unrecognized, unsupported } from "./refuse.js";
import { mergeTurns } from "./turns.js";

/**
 * Chat Completions `messages` -> the system prompt and Converse turns. `system` and `developer`
 * messages become system text; `tool` messages become toolResult blocks of a user turn; turns of
 * one role in a row are merged (Converse alternates roles).
 */
export function decodeChatMessages(value: unknown): { system: readonly TextBlock[]; messages: readonly Message[] } {
  const system: TextBlock[] = [];
  const turns: Message[] = [];
  list(value, "messages", { min: 1 }).forEach((m, i) => {
    const param = `messages.${i}`;
    const o = obj(m, param);
    const role = oneOf(o["role"], `${param}.role`, ["system", "developer", "user", "assistant", "tool"]);
    const allowed = role === "assistant" ? ["role", "content", "name", "tool_calls", "refusal", "reasoning_content", "audio"]
      : role === "tool" ? ["role", "content", "tool_call_id"] : ["role", "content", "name"];
    for (const key of setMembers(o)) if (!allowed.includes(key)) throw unrecognized(param, key);
    if (role === "system" || role === "developer") system.push({ type: "text", text: textOf(o["content"], `${param}.content`) });
    else if (role === "user") turns.push({ role: "user", content: userContent(o["content"], `${param}.content`) });
    else if (role === "tool") {
      const toolUseId = str(o["tool_call_id"], `${param}.tool_call_id`, { min: 1 });
      turns.push({ role: "user", content: [{ type: "toolResult", toolUseId, content: [{ type: "text", text: textOf(o["content"], `${param}.content`) }] }] });
    } else turns.push({ role: "assistant", content: assistantContent(o, param) });
  });
  const messages = mergeTurns(turns);
  if (messages.length === 0) throw refuse("messages", "The messages must include at least one user or assistant message");
  return { system, messages };
}

function userContent(value: unknown, param: string): ContentBlock[] {
  if (typeof value === "string") return [{ type: "text", text: value }];
  return list(value, param, { min: 1 }).map((part, j): ContentBlock => {
    const p = obj(part, `${param}.${j}`);
    const type = str(p["type"], `${param}.${j}.type`);
    if (type === "text") return { type: "text", text: str(p["text"], `${param}.${j}.text`) };
    if (type === "image_url") return decodeImageUrl(obj(p["image_url"], `${param}.${j}.image_url`)["url"], `${param}.${j}.image_url.url`);
    throw unsupported(`${param}.${j}.type`, `Content parts of type '${type === "input_audio" || type === "file" ? type : "other"}'`);
  });
}

function assistantContent(o: Readonly<Record<string, unknown>>, param: string): ContentBlock[] {
  if (o["audio"] !== undefined && o["audio"] !== null) throw unsupported(`${param}.audio`, "Audio");
  const content = o["content"];
  const blocks: ContentBlock[] = [];
  if (content !== undefined && content !== null) {
    const text = textOf(content, `${param}.content`, ["text", "refusal"]);
    if (text !== "") blocks.push({ type: "text", text });
  }
  const calls = o["tool_calls"];
  if (calls !== undefined && calls !== null) {
    list(calls, `${param}.tool_calls`).forEach((call, k) => {
      const f = `${param}.tool_calls.${k}`;
      const c = obj(call, f);
      if (c["type"] !== undefined && c["type"] !== "function") throw unsupported(`${f}.type`, "Tool calls other than functions");
      const fn = obj(c["function"], `${f}.function`);
      blocks.push({ type: "toolUse", toolUseId: str(c["id"], `${f}.id`, { min: 1 }), name: str(fn["name"], `${f}.function.name`, { min: 1 }), input: parseArguments(fn["arguments"], `${f}.function.arguments`) });
    });
  }
  if (blocks.length === 0) throw refuse(`${param}.content`, "An assistant message needs content or tool_calls");
  return blocks;
}
