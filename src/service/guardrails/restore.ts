import { sensitive } from "../../kernel/index.js";
import type { ContentBlock, ConverseResult, StreamEvent } from "../../kernel/index.js";
import type { Pseudonyms } from "../../guardrails/pseudonyms.js";
import { jsonStrings } from "./tool-texts.js";

/**
 * Redact-and-restore's way back: the model answered with the pseudonyms it was given, and the
 * caller gets their identifiers: in the answer's text and in its tool calls' arguments (the
 * caller's application runs the tool, on the real identifier); reasoning goes back as the model
 * wrote it. The chain of a request's guardrails restores once, before any of them checks the
 * answer (chainSessions), so every guardrail's output policies decide on what the caller receives.
 */
export function restoreResult(result: ConverseResult, pseudonyms: Pseudonyms): ConverseResult {
  const message = result.message.reveal();
  const content: ContentBlock[] = message.content.map((b) => {
    if (b.type === "text") return { ...b, text: pseudonyms.restore(b.text) };
    if (b.type !== "toolUse") return b;
    const json = jsonStrings(b.input);
    return { ...b, input: json.rebuild(json.texts.map((t) => pseudonyms.restore(t))) };
  });
  return { ...result, message: sensitive({ ...message, content }) };
}

/** An identifier written inside a JSON string (a streamed tool call's input is JSON text). */
const inJsonString = (value: string): string => JSON.stringify(value).slice(1, -1);

/**
 * The streamed answer restored block by block. A pseudonym split across deltas is held back until
 * it is whole (at most one pseudonym's length per block); what is held is released at the block's
 * stop, or at the message's end if the provider never closed the block. A tool call's input
 * deltas are JSON text, so an identifier restored there is escaped as a JSON string's content.
 */
export async function* restoreStream(events: AsyncIterable<StreamEvent>, pseudonyms: Pseudonyms): AsyncIterable<StreamEvent> {
  const open = new Map<number, ReturnType<Pseudonyms["stream"]> & { readonly tool: boolean }>();
  function* flush(index: number): Iterable<StreamEvent> {
    const restorer = open.get(index);
    if (restorer === undefined) return;
    open.delete(index);
    const rest = restorer.end();
    if (rest !== "") yield { type: "contentBlockDelta", index, delta: sensitive(restorer.tool ? { toolUseInput: rest } : { text: rest }) };
  }
  for await (const event of events) {
    if (event.type === "contentBlockDelta") {
      const delta = event.delta.reveal();
      if ("text" in delta || "toolUseInput" in delta) {
        const tool = "toolUseInput" in delta;
        let restorer = open.get(event.index);
        if (restorer === undefined) open.set(event.index, (restorer = { tool, ...pseudonyms.stream(tool ? inJsonString : undefined) }));
        const text = restorer.push(tool ? delta.toolUseInput : delta.text);
        if (text !== "") yield { ...event, delta: sensitive(tool ? { toolUseInput: text } : { text }) };
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
