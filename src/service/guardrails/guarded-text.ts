import type { ContentBlock, Conversation, Message, TextBlock } from "../../kernel/index.js";
import type { GuardingScope } from "./directory.js";

/** Where a guarded text sits: the system prompt's block, or a message's block. */
type Place = { readonly system: number } | { readonly message: number; readonly block: number };

export interface GuardedTexts {
  readonly texts: readonly string[];
  /** The conversation with each guarded text replaced by its counterpart (ANONYMIZE's masks). */
  rewrite(outputs: readonly string[]): Conversation;
}

/** What a guardrail named in the request reads (Bedrock's behaviour for guardContent). */
export const REQUEST_SCOPE: GuardingScope = { system: "SELECTIVE", messages: "SELECTIVE" };

/**
 * The texts of a conversation a guardrail evaluates. SELECTIVE, as Bedrock does for a request's
 * guardrail: when the caller marked some with `guardContent`, only those; otherwise the text of
 * every message, and of the system prompt only what is marked (it is the application's own
 * instruction). COMPREHENSIVE (an enforced guardrail may ask it): all of it, marks or not, so a
 * caller cannot narrow an administrator's guardrail by marking a harmless block. Images,
 * documents and tool traffic are not evaluated (plinth's filters read text).
 */
export function guardedTexts(conversation: Conversation, scope: GuardingScope = REQUEST_SCOPE): GuardedTexts {
  const marked = conversation.system.some((b) => b.guard) ||
    conversation.messages.some((m) => m.content.some((b) => b.type === "text" && b.guard));
  const systemRead = (b: TextBlock) => scope.system === "COMPREHENSIVE" || b.guard === true;
  const messageRead = (b: TextBlock) => scope.messages === "COMPREHENSIVE" || !marked || b.guard === true;
  const places: Place[] = [];
  const texts: string[] = [];
  conversation.system.forEach((b, i) => {
    if (systemRead(b)) { places.push({ system: i }); texts.push(b.text); }
  });
  conversation.messages.forEach((m, i) => m.content.forEach((b, j) => {
    if (b.type === "text" && messageRead(b)) { places.push({ message: i, block: j }); texts.push(b.text); }
  }));
  return {
    texts,
    rewrite(outputs) {
      const system = [...conversation.system];
      const messages: { role: Message["role"]; content: ContentBlock[] }[] = conversation.messages.map((m) => ({ role: m.role, content: [...m.content] }));
      places.forEach((place, k) => {
        const text = outputs[k]!;
        if ("system" in place) system[place.system] = { ...system[place.system]!, text };
        else messages[place.message]!.content[place.block] = { ...(messages[place.message]!.content[place.block] as TextBlock), text };
      });
      return { ...conversation, system, messages };
    },
  };
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
