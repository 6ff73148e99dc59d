import { afterEach, beforeEach, describe, it, mock } from "node:test";
import assert from "node:assert/strict";
import type { ClientRequest } from "node:http";
import { boundSignal, isFault } from "../../kernel/index.js";
import { Attempt } from "./attempt.js";

/** A request that only records being destroyed (the Attempt's one way to cancel). */
const fakeRequest = (): ClientRequest & { destroyed: boolean } => {
  const r = { destroyed: false, destroy() { r.destroyed = true; return r; } };
  return r as unknown as ClientRequest & { destroyed: boolean };
};

describe("an attempt's timer and the caller's deadline", () => {
  beforeEach(() => mock.timers.enable({ apis: ["setTimeout"] }));
  afterEach(() => mock.timers.reset());

  it("with no deadline on the caller's signal, its own timer cancels the call and reports its timeout", () => {
    const attempt = new Attempt(new AbortController().signal, 1000);
    attempt.request = fakeRequest();
    attempt.arm();
    mock.timers.tick(1000);
    assert.equal(attempt.timedOut, true);
    assert.equal((attempt.request as ReturnType<typeof fakeRequest>).destroyed, true);
    const f = attempt.failure(new Error("socket hang up"), "connect");
    assert.ok(isFault(f) && f.kind === "model-timeout" && /within 1000 ms/.test(f.message));
    attempt.dispose();
  });

  it("a caller's deadline later than its own timeout leaves its own timer on", () => {
    const caller = new AbortController();
    boundSignal(caller.signal, { at: performance.now() + 60_000 });
    const attempt = new Attempt(caller.signal, 1000);
    attempt.request = fakeRequest();
    attempt.arm();
    mock.timers.tick(1000);
    assert.equal(attempt.timedOut, true);
    attempt.dispose();
  });

  it("a caller's deadline no later than its own is left to cancel the call, and its reason is what fails", () => {
    const caller = new AbortController();
    boundSignal(caller.signal, { at: performance.now() + 500 });
    const attempt = new Attempt(caller.signal, 1000);
    attempt.request = fakeRequest();
    attempt.arm();
    mock.timers.tick(5000);
    assert.equal(attempt.timedOut, false, "no second timer was set");
    // The caller's deadline fires (as the service's Deadline does): the request is cancelled.
    const reason = new Error("the caller's timeout");
    caller.abort(reason);
    assert.equal((attempt.request as ReturnType<typeof fakeRequest>).destroyed, true);
    assert.equal(attempt.failure(new Error("socket hang up"), "connect"), reason);
    attempt.dispose();
  });
});
