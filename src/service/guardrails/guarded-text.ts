import type { ContentBlock, Conversation, Message, TextBlock } from "../../kernel/index.js";

/** Where a guarded text sits: the system prompt's block, or a message's block. */
type Place = { readonly system: number } | { readonly message: number; readonly block: number };

export interface GuardedTexts {
  readonly texts: readonly string[];
  /** The conversation with each guarded text replaced by its counterpart (ANONYMIZE's masks). */
  rewrite(outputs: readonly string[]): Conversation;
}

/**
 * The texts of a conversation a guardrail evaluates. As in Bedrock: when the caller marked some
 * with `guardContent`, only those (system or messages); otherwise the text of every message. The
 * system prompt is the application's own instruction, so it is evaluated only when marked.
 * Images, documents and tool traffic are not evaluated (plinth's filters read text).
 */
export function guardedTexts(conversation: Conversation): GuardedTexts {
  const marked = conversation.system.some((b) => b.guard) ||
    conversation.messages.some((m) => m.content.some((b) => b.type === "text" && b.guard));
  const places: Place[] = [];
  const texts: string[] = [];
  conversation.system.forEach((b, i) => {
    if (marked && b.guard) { places.push({ system: i }); texts.push(b.text); }
  });
  conversation.messages.forEach((m, i) => m.content.forEach((b, j) => {
    if (b.type === "text" && (!marked || b.guard)) { places.push({ message: i, block: j }); texts.push(b.text); }
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
