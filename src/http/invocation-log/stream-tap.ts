import { isFault, sensitive } from "../../kernel/index.js";
import type { Sensitive, StreamEvent } from "../../kernel/index.js";
import type { StreamOutcome } from "../../service/invocation-logging/index.js";
import { wireError } from "../protocols/rest-json.js";

/** One event as it passed, and when (on the clock the tap was given). */
export interface TimedEvent { readonly event: StreamEvent; readonly at: number }

/** How a stream ended; `errorCode` is the exception event's name the caller was sent, when it failed. */
export interface StreamEnd { readonly outcome: StreamOutcome; readonly errorCode?: string }

/**
 * A stream that hands each event on as it arrives (it is never held back) while keeping a copy,
 * and calls `onEnd` exactly once when the stream ends: after the last event, after an error
 * (before the error reaches the encoder, which then tells the caller), or when the consumer
 * stops early because the caller went away. The stream's end waits for `onEnd`, which must not
 * reject. What was kept is content: `onEnd` receives it as Sensitive.
 *
 * A stream the consumer never starts calls nothing: the pipeline always starts the stream it
 * encodes, so that only happens when the answer never began.
 */
export function tapStream(
  events: AsyncIterable<StreamEvent>,
  signal: { readonly aborted: boolean },
  onEnd: (seen: Sensitive<readonly TimedEvent[]>, end: StreamEnd) => Promise<void>,
  now: () => number = () => performance.now(),
): AsyncIterable<StreamEvent> {
  return (async function* tapped(): AsyncGenerator<StreamEvent> {
    const seen: TimedEvent[] = [];
    // Until the source says otherwise, an end is the consumer's: it stopped asking (return()).
    let end: StreamEnd = { outcome: "client-disconnected" };
    try {
      for await (const event of events) {
        seen.push({ event, at: now() });
        yield event;
      }
      end = { outcome: "completed" };
    } catch (error) {
      // A provider call aborted because the caller left fails too: that is still the caller leaving.
      end = signal.aborted ? end : { outcome: "failed", errorCode: wireError(isFault(error) ? error.kind : "internal").name };
      throw error;
    } finally {
      await onEnd(sensitive(seen), end);
    }
  })();
}
