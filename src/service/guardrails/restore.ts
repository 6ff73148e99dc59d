import { sensitive } from "../../kernel/index.js";
import type { ContentBlock, ConverseResult, StreamEvent } from "../../kernel/index.js";
import type { Pseudonyms } from "../../guardrails/pseudonyms.js";

/**
 * Redact-and-restore's way back: the model answered with the pseudonyms it was given, and the
 * caller gets their identifiers. Only the answer's text is restored (tool-call arguments and
 * reasoning go back as the model wrote them); it happens before this guardrail's output check,
 * so the output policies still decide what the caller receives.
 */
export const REDACT_AND_RESTORE_TAG = "plinth:redact-and-restore";

export function restoreResult(result: ConverseResult, pseudonyms: Pseudonyms): ConverseResult {
  const message = result.message.reveal();
  const content: ContentBlock[] = message.content.map((b) => (b.type === "text" ? { ...b, text: pseudonyms.restore(b.text) } : b));
  return { ...result, message: sensitive({ ...message, content }) };
}

/**
 * The streamed answer restored block by block. A pseudonym split across deltas is held back until
 * it is whole (at most one pseudonym's length per block); what is held is released at the block's
 * stop, or at the message's end if the provider never closed the block.
 */
export async function* restoreStream(events: AsyncIterable<StreamEvent>, pseudonyms: Pseudonyms): AsyncIterable<StreamEvent> {
  const open = new Map<number, ReturnType<Pseudonyms["stream"]>>();
  function* flush(index: number): Iterable<StreamEvent> {
    const restorer = open.get(index);
    if (restorer === undefined) return;
    open.delete(index);
    const rest = restorer.end();
    if (rest !== "") yield { type: "contentBlockDelta", index, delta: sensitive({ text: rest }) };
  }
  for await (const event of events) {
    if (event.type === "contentBlockDelta") {
      const delta = event.delta.reveal();
      if ("text" in delta) {
        let restorer = open.get(event.index);
        if (restorer === undefined) open.set(event.index, (restorer = pseudonyms.stream()));
        const text = restorer.push(delta.text);
        if (text !== "") yield { ...event, delta: sensitive({ text }) };
        continue;
      }
    } else if (event.type === "contentBlockStop") {
      yield* flush(event.index);
    } else if (event.type === "messageStop" || event.type === "metadata") {
      for (const index of [...open.keys()]) yield* flush(index);
    }
    yield event;
  }
  for (const index of [...open.keys()]) yield* flush(index);
}
