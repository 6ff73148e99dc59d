import type { ContentBlock, Conversation, Message, TextBlock, ToolResultContent } from "../../kernel/index.js";
import type { GuardingScope } from "./directory.js";
import { jsonStrings } from "./tool-texts.js";

export interface GuardedTexts {
  readonly texts: readonly string[];
  /**
   * The characters of text in the whole conversation, read or not (`guardrailCoverage`'s total,
   * beside the guarded ones): the text of every system and message block and of tool traffic.
   */
  readonly totalCharacters: number;
  /** The conversation with each guarded text replaced by its counterpart (ANONYMIZE's masks). */
  rewrite(outputs: readonly string[]): Conversation;
}

/** What a guardrail named in the request reads (Bedrock's behaviour for guardContent). */
export const REQUEST_SCOPE: GuardingScope = { system: "SELECTIVE", messages: "SELECTIVE" };

/**
 * Some texts of one block, and how the block reads with them replaced. Every block kind the
 * guardrail reads is one of these, so reading and rewriting cannot drift apart.
 */
interface Slot {
  readonly texts: readonly string[];
  rebuild(outputs: readonly string[]): ContentBlock;
}

/**
 * The texts of a conversation a guardrail evaluates. SELECTIVE, as Bedrock does for a request's
 * guardrail: when the caller marked some with `guardContent`, only those; otherwise the text of
 * every message, and of the system prompt only what is marked (it is the application's own
 * instruction). COMPREHENSIVE (an enforced guardrail may ask it): all of it, marks or not, so a
 * caller cannot narrow an administrator's guardrail by marking a harmless block.
 *
 * Beyond Bedrock, tool traffic is always read, marks or not: a tool result's text and the string
 * values of its JSON, and the string values of a tool call's input in the history. A tool result
 * is content from outside the conversation (a web page, a record): exactly where personal data
 * and injected instructions come in, so marking a harmless block must not exempt it. Images and
 * documents are not evaluated (plinth's filters read text).
 */
export function guardedTexts(conversation: Conversation, scope: GuardingScope = REQUEST_SCOPE): GuardedTexts {
  const marked = conversation.system.some((b) => b.guard) ||
    conversation.messages.some((m) => m.content.some((b) => b.type === "text" && b.guard));
  const systemRead = (b: TextBlock) => scope.system === "COMPREHENSIVE" || b.guard === true;
  const messageRead = (b: TextBlock) => scope.messages === "COMPREHENSIVE" || !marked || b.guard === true;
  const system: { at: number; slot: Slot }[] = [];
  const messages: { message: number; block: number; slot: Slot }[] = [];
  let unread = 0;
  conversation.system.forEach((b, i) => {
    if (systemRead(b)) system.push({ at: i, slot: textSlot(b) });
    else unread += b.text.length;
  });
  conversation.messages.forEach((m, i) => m.content.forEach((b, j) => {
    if (b.type === "text" && !messageRead(b)) {
      unread += b.text.length;
      return;
    }
    const slot = b.type === "text" ? textSlot(b) : toolSlot(b);
    if (slot !== undefined && slot.texts.length > 0) messages.push({ message: i, block: j, slot });
  }));
  const slots = [...system.map((s) => s.slot), ...messages.map((m) => m.slot)];
  const texts = slots.flatMap((s) => s.texts);
  return {
    texts,
    totalCharacters: texts.reduce((n, t) => n + t.length, unread),
    rewrite(outputs) {
      const parts = split(slots, outputs);
      const sys = [...conversation.system];
      const msgs: { role: Message["role"]; content: ContentBlock[] }[] = conversation.messages.map((m) => ({ role: m.role, content: [...m.content] }));
      system.forEach((s, k) => { sys[s.at] = s.slot.rebuild(parts[k]!) as TextBlock; });
      messages.forEach((m, k) => { msgs[m.message]!.content[m.block] = m.slot.rebuild(parts[system.length + k]!); });
      return { ...conversation, system: sys, messages: msgs };
    },
  };
}

/**
 * The texts of a model's answer the output policies read: its text blocks, and (beyond Bedrock)
 * the string values of each tool call's input, with the answer rebuilt from their replacements.
 * Reasoning is the model's own working and is not read.
 */
export function answerTexts(content: readonly ContentBlock[]): { readonly texts: readonly string[]; rewrite(outputs: readonly string[]): ContentBlock[] } {
  const slots = content.map((b) => (b.type === "text" ? textSlot(b) : b.type === "toolUse" ? toolSlot(b) : undefined));
  const present = slots.filter((s): s is Slot => s !== undefined);
  return {
    texts: present.flatMap((s) => s.texts),
    rewrite(outputs) {
      const parts = split(present, outputs);
      let k = 0;
      return content.map((b, i) => (slots[i] === undefined ? b : slots[i]!.rebuild(parts[k++]!)));
    },
  };
}

function textSlot(block: TextBlock): Slot {
  return { texts: [block.text], rebuild: ([text]) => ({ ...block, text: text! }) };
}

/** A tool call's input or a tool result's content; undefined for any other block. */
function toolSlot(block: ContentBlock): Slot | undefined {
  if (block.type === "toolUse") {
    const json = jsonStrings(block.input);
    return { texts: json.texts, rebuild: (outputs) => ({ ...block, input: json.rebuild(outputs) }) };
  }
  if (block.type !== "toolResult") return undefined;
  const items = block.content.map(resultItem);
  return {
    texts: items.flatMap((i) => i?.texts ?? []),
    rebuild(outputs) {
      const parts = split(items.filter((i): i is ItemSlot => i !== undefined), outputs);
      let k = 0;
      return { ...block, content: block.content.map((c, i) => (items[i] === undefined ? c : items[i]!.rebuild(parts[k++]!))) };
    },
  };
}

interface ItemSlot { readonly texts: readonly string[]; rebuild(outputs: readonly string[]): ToolResultContent }

function resultItem(item: ToolResultContent): ItemSlot | undefined {
  if (item.type === "text") return { texts: [item.text], rebuild: ([text]) => ({ ...item, text: text! }) };
  if (item.type === "json") {
    const json = jsonStrings(item.json);
    return { texts: json.texts, rebuild: (outputs) => ({ ...item, json: json.rebuild(outputs) }) };
  }
  return undefined;
}

/** The outputs, cut into one run per slot, as many as that slot gave texts. */
function split(slots: readonly { readonly texts: readonly string[] }[], outputs: readonly string[]): string[][] {
  let at = 0;
  return slots.map((s) => {
    const part = outputs.slice(at, at + s.texts.length);
    at += s.texts.length;
    return part;
  });
}

/**
 * The contextual-grounding check's inputs in a conversation: the guardContent texts the caller
 * qualified `grounding_source` (the reference the answer must rest on) and `query` (the question).
 * They are also content the input policies read like any guardContent: a reference document can
 * carry identifiers or an injected instruction as well as a question can.
 */
export function groundingContext(conversation: Conversation): { sources: string[]; queries: string[] } {
  const sources: string[] = [];
  const queries: string[] = [];
  const read = (b: TextBlock): void => {
    if (b.qualifiers?.includes("grounding_source")) sources.push(b.text);
    if (b.qualifiers?.includes("query")) queries.push(b.text);
  };
  conversation.system.forEach(read);
  conversation.messages.forEach((m) => m.content.forEach((b) => { if (b.type === "text") read(b); }));
  return { sources, queries };
}
