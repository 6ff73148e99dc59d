import { invalid } from "../../kernel/index.js";
import type { ContentBlock, Conversation, DocumentBlock, Message, ReasoningBlock, TextBlock, ToolResultContent } from "../../kernel/index.js";
import type { GuardingScope } from "./directory.js";
import { documentTexts } from "./document-texts.js";
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
 * A system prompt InvokeModel's raw-prompt families cut out of the caller's one prompt string
 * (`systemFromPrompt`) is read by the messages' rule: Bedrock reads that string whole unless
 * input tags mark part of it.
 *
 * Beyond Bedrock, tool traffic and documents are always read, marks or not: a tool result's text
 * and the string values of its JSON, the string values of a tool call's input in the history, and
 * a document's name, context and text (documentTexts), in messages and in tool results. They are
 * content from outside the conversation (a web page, a record, a file): exactly where personal
 * data and injected instructions come in, so marking a harmless block must not exempt them.
 * Images are not evaluated (plinth's filters read text), nor is the history's reasoning (the
 * provider's signature binds it as it was). A document whose bytes plinth cannot read as text
 * (pdf, doc, docx, xls, xlsx) passes unread, except under COMPREHENSIVE scope, which promises
 * that every text is read: there it is refused, naming the bytes, rather than passed on unread.
 */
export function guardedTexts(conversation: Conversation, scope: GuardingScope = REQUEST_SCOPE): GuardedTexts {
  const marked = conversation.system.some((b) => b.guard) ||
    conversation.messages.some((m) => m.content.some((b) => b.type === "text" && b.guard));
  const messageRead = (b: TextBlock) => scope.messages === "COMPREHENSIVE" || !marked || b.guard === true;
  const systemRead = (b: TextBlock) => scope.system === "COMPREHENSIVE" || b.guard === true || (conversation.systemFromPrompt === true && messageRead(b));
  const unread = (field: string, format: string): void => {
    if (scope.messages === "COMPREHENSIVE") throw invalid(field, `a guardrail this account enforces reads every text of a request and cannot read a ${format} document's bytes; send the document as text (txt, md, csv or html)`);
  };
  const system: { at: number; slot: Slot }[] = [];
  const messages: { message: number; block: number; slot: Slot }[] = [];
  let unreadCharacters = 0;
  conversation.system.forEach((b, i) => {
    if (systemRead(b)) system.push({ at: i, slot: textSlot(b) });
    else unreadCharacters += b.text.length;
  });
  conversation.messages.forEach((m, i) => m.content.forEach((b, j) => {
    if (b.type === "text" && !messageRead(b)) {
      unreadCharacters += b.text.length;
      return;
    }
    const slot = b.type === "text" ? textSlot(b) : toolSlot(b, { at: `messages.${i}.content.${j}`, unread });
    if (slot !== undefined && slot.texts.length > 0) messages.push({ message: i, block: j, slot });
  }));
  const slots = [...system.map((s) => s.slot), ...messages.map((m) => m.slot)];
  const texts = slots.flatMap((s) => s.texts);
  return {
    texts,
    totalCharacters: texts.reduce((n, t) => n + t.length, unreadCharacters),
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
 * its reasoning text and the string values of each tool call's input, with the answer rebuilt
 * from their replacements. Reasoning is the model's working, but it reaches the caller (and an
 * application's screen) as the answer does, and a model thinks aloud about the very identifiers
 * its answer leaves out. Its signature and redacted reasoning are the provider's opaque bytes,
 * passed as they came (a masked reasoning text no longer matches its signature: a provider that
 * checks it refuses it if sent back, which fails closed).
 */
export function answerTexts(content: readonly ContentBlock[]): { readonly texts: readonly string[]; rewrite(outputs: readonly string[]): ContentBlock[] } {
  const slots = content.map((b) => (b.type === "text" || b.type === "reasoning" ? textSlot(b) : b.type === "toolUse" ? toolSlot(b, ANSWER) : undefined));
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

function textSlot(block: TextBlock | ReasoningBlock): Slot {
  return { texts: [block.text], rebuild: ([text]) => ({ ...block, text: text! }) };
}

/** Where a block sits (its path, for a refusal) and what to do with document bytes left unread. */
interface Place {
  readonly at: string;
  unread(field: string, format: string): void;
}

/** An answer holds no documents; a tool call's input has no unread part. */
const ANSWER: Place = { at: "", unread: () => {} };

/** A tool call's input, a tool result's content or a document; undefined for any other block. */
function toolSlot(block: ContentBlock, place: Place): Slot | undefined {
  if (block.type === "toolUse") {
    const json = jsonStrings(block.input);
    return { texts: json.texts, rebuild: (outputs) => ({ ...block, input: json.rebuild(outputs) }) };
  }
  if (block.type === "document") return documentSlot(block, place.at, place);
  if (block.type !== "toolResult") return undefined;
  const items = block.content.map((item, k) => resultItem(item, `${place.at}.toolResult.content.${k}`, place));
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

function resultItem(item: ToolResultContent, at: string, place: Place): ItemSlot | undefined {
  if (item.type === "text") return { texts: [item.text], rebuild: ([text]) => ({ ...item, text: text! }) };
  if (item.type === "json") {
    const json = jsonStrings(item.json);
    return { texts: json.texts, rebuild: (outputs) => ({ ...item, json: json.rebuild(outputs) }) };
  }
  if (item.type === "document") return documentSlot(item, at, place);
  return undefined;
}

function documentSlot(block: DocumentBlock, at: string, place: Place): { texts: readonly string[]; rebuild(outputs: readonly string[]): DocumentBlock } {
  const read = documentTexts(block, at);
  if (read.unread !== undefined) place.unread(read.unread, block.format);
  return read;
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
