import { Fault, fault, sensitive } from "../../kernel/index.js";
import type { StreamEvent, Usage } from "../../kernel/index.js";
import { Channel } from "./channel.js";
import { generateChat, type ChatJob, type ChatOutcome } from "./chat.js";
import type { LoadedModel } from "./loaded-model.js";
import { RequestControl } from "./request-control.js";

/**
 * Streams one generation as domain events: messageStart, a text block (deltas, then its stop)
 * when there is text, a block per tool call, messageStop and metadata. messageStart waits for the first text, so a failure before any
 * output (timeout, load error) reaches the caller as a plain Fault before the stream begins.
 * Breaking out of the loop, or aborting `signal`, stops llama.cpp within a token.
 */
export async function* streamChat(loaded: LoadedModel, job: ChatJob, inputTokens: number, signal: AbortSignal, timeoutMs: number): AsyncGenerator<StreamEvent> {
  const control = new RequestControl(signal, loaded.name, timeoutMs, "idle");
  const deltas = new Channel<string>();
  let started = false;
  const running: Promise<ChatOutcome> = generateChat(loaded, job, control, (text) => {
    control.touch();
    if (text.length > 0) deltas.push(text);
  }).then(
    (outcome) => { deltas.end(); return outcome; },
    (error: unknown) => { deltas.fail(error); throw error; },
  );
  running.catch(() => {}); // observed below; this only keeps an early exit from leaving it unhandled
  try {
    try {
      for await (const text of deltas.drain()) {
        if (!started) {
          started = true;
          yield { type: "messageStart", role: "assistant" };
        }
        yield { type: "contentBlockDelta", index: 0, delta: sensitive({ text }) };
        // Text buffered before an abort or a timeout is not delivered after it.
        if (control.cut !== undefined) break;
      }
    } catch (error) {
      throw started ? asStreamFault(loaded.name, error) : error;
    }
    const outcome = await running;
    if (!started) yield { type: "messageStart", role: "assistant" };
    let index = 0;
    if (started) yield { type: "contentBlockStop", index: index++ };
    else if (outcome.text.length > 0) {
      // A forced call cut short: its text was held back (it was to be a call) and comes whole.
      yield { type: "contentBlockDelta", index, delta: sensitive({ text: outcome.text }) };
      yield { type: "contentBlockStop", index: index++ };
    }
    // Calls come whole once generation ends: node-llama-cpp parses a call only when it is complete.
    for (const call of outcome.toolUses) {
      yield { type: "contentBlockStart", index, toolUse: { toolUseId: call.toolUseId, name: call.name } };
      yield { type: "contentBlockDelta", index, delta: sensitive({ toolUseInput: JSON.stringify(call.input) }) };
      yield { type: "contentBlockStop", index: index++ };
    }
    // An empty answer has no content block at all: a block stop needs a block that started.
    yield { type: "messageStop", stopReason: outcome.stopReason };
    const usage: Usage = { inputTokens, outputTokens: outcome.outputTokens, totalTokens: inputTokens + outcome.outputTokens };
    yield { type: "metadata", usage };
  } finally {
    // Reached on completion, on error and when the consumer breaks out early.
    control.stop();
    await running.catch(() => {});
    control.dispose();
  }
}

/** After the stream has begun, a model failure is a broken stream; timeouts and aborts keep their kind. */
function asStreamFault(model: string, error: unknown): unknown {
  if (error instanceof Fault && error.kind === "model-error") {
    return fault("model-stream-error", `model '${model}' failed while streaming`, { resourceName: model });
  }
  return error;
}
