import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fault, Sensitive } from "../../kernel/index.js";
import type { StreamEvent } from "../../kernel/index.js";
import { tapStream } from "./stream-tap.js";
import type { StreamEnd, TimedEvent } from "./stream-tap.js";

const EVENTS: StreamEvent[] = [
  { type: "messageStart", role: "assistant" },
  { type: "contentBlockStop", index: 0 },
  { type: "messageStop", stopReason: "end_turn" },
];

async function* source(events: readonly StreamEvent[], failWith?: unknown): AsyncGenerator<StreamEvent> {
  yield* events;
  if (failWith !== undefined) throw failWith;
}

function tapped(events: AsyncIterable<StreamEvent>, signal = new AbortController().signal) {
  const ends: { seen: Sensitive<readonly TimedEvent[]>; end: StreamEnd }[] = [];
  let tick = 0;
  const stream = tapStream(events, signal, async (seen, end) => { ends.push({ seen, end }); }, () => ++tick);
  return { stream, ends };
}

describe("a tapped stream", () => {
  it("hands every event on unchanged and, at the end, what passed (as Sensitive) and that it completed", async () => {
    const { stream, ends } = tapped(source(EVENTS));
    const got: StreamEvent[] = [];
    for await (const e of stream) {
      got.push(e);
      assert.equal(ends.length, 0, "nothing is written before the end");
    }
    assert.deepEqual(got, EVENTS);
    assert.equal(ends.length, 1);
    assert.ok(ends[0]!.seen instanceof Sensitive);
    assert.deepEqual(ends[0]!.seen.reveal(), EVENTS.map((event, i) => ({ event, at: i + 1 })));
    assert.deepEqual(ends[0]!.end, { outcome: "completed" });
  });

  const failures: [string, unknown, string][] = [
    ["a Fault", new Fault("model-stream-error", "the model stream failed"), "ModelStreamErrorException"],
    ["a bug (not a Fault)", new TypeError("boom"), "InternalServerException"],
  ];
  for (const [name, error, code] of failures) {
    it(`on ${name}: the record says it failed and names ${code}, then the error goes on to the encoder`, async () => {
      const { stream, ends } = tapped(source(EVENTS.slice(0, 1), error));
      const got: StreamEvent[] = [];
      await assert.rejects((async () => { for await (const e of stream) got.push(e); })(), (e) => e === error);
      assert.equal(got.length, 1);
      assert.deepEqual(ends.map((e) => e.end), [{ outcome: "failed", errorCode: code }]);
      assert.equal(ends[0]!.seen.reveal().length, 1);
    });
  }

  it("when the consumer stops early (the caller went away): the record says so, once, and the source is closed", async () => {
    let closed = false;
    const events = (async function* () { try { yield* EVENTS; } finally { closed = true; } })();
    const { stream, ends } = tapped(events);
    for await (const e of stream) { assert.equal(e, EVENTS[0]); break; }
    assert.ok(closed);
    assert.deepEqual(ends.map((e) => e.end), [{ outcome: "client-disconnected" }]);
    assert.equal(ends[0]!.seen.reveal().length, 1);
  });

  it("a source that fails because the caller's request was aborted is a disconnection, not a failure", async () => {
    const abort = new AbortController();
    abort.abort();
    const { stream, ends } = tapped(source([], new Fault("model-stream-error", "aborted")), abort.signal);
    await assert.rejects((async () => { for await (const _ of stream) { /* none */ } })());
    assert.deepEqual(ends.map((e) => e.end), [{ outcome: "client-disconnected" }]);
  });

  it("the stream's end waits for the record to be written", async () => {
    let release!: () => void;
    const written = new Promise<void>((r) => { release = r; });
    let ended = false;
    const stream = tapStream(source(EVENTS), new AbortController().signal, () => written);
    const draining = (async () => { for await (const _ of stream) { /* drain */ } ended = true; })();
    await new Promise((r) => setImmediate(r));
    assert.equal(ended, false);
    release();
    await draining;
    assert.equal(ended, true);
  });
});
