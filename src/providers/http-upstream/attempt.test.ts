import { afterEach, beforeEach, describe, it, mock } from "node:test";
import assert from "node:assert/strict";
import { boundSignal, isFault } from "../../kernel/index.js";
import { Attempt } from "./attempt.js";

/** A cancel that only records being called (the Attempt's one way to cancel). */
const recorded = (): (() => void) & { called: boolean } => {
  const f = Object.assign(() => { f.called = true; }, { called: false });
  return f;
};

describe("an attempt's timer and the caller's deadline", () => {
  beforeEach(() => mock.timers.enable({ apis: ["setTimeout"] }));
  afterEach(() => mock.timers.reset());

  it("with no deadline on the caller's signal, its own timer cancels the call and reports its timeout", () => {
    const attempt = new Attempt(new AbortController().signal, 1000);
    attempt.cancel = recorded();
    attempt.arm();
    mock.timers.tick(1000);
    assert.equal(attempt.timedOut, true);
    assert.equal((attempt.cancel as ReturnType<typeof recorded>).called, true);
    const f = attempt.failure(new Error("socket hang up"), "connect");
    assert.ok(isFault(f) && f.kind === "model-timeout" && /within 1000 ms/.test(f.message));
    attempt.dispose();
  });

  it("a caller's deadline later than its own timeout leaves its own timer on", () => {
    const caller = new AbortController();
    boundSignal(caller.signal, { at: performance.now() + 60_000 });
    const attempt = new Attempt(caller.signal, 1000);
    attempt.cancel = recorded();
    attempt.arm();
    mock.timers.tick(1000);
    assert.equal(attempt.timedOut, true);
    attempt.dispose();
  });

  it("a caller's deadline no later than its own is left to cancel the call, and its reason is what fails", () => {
    const caller = new AbortController();
    boundSignal(caller.signal, { at: performance.now() + 500 });
    const attempt = new Attempt(caller.signal, 1000);
    attempt.cancel = recorded();
    attempt.arm();
    mock.timers.tick(5000);
    assert.equal(attempt.timedOut, false, "no second timer was set");
    // The caller's deadline fires (as the service's Deadline does): the request is cancelled.
    const reason = new Error("the caller's timeout");
    caller.abort(reason);
    assert.equal((attempt.cancel as ReturnType<typeof recorded>).called, true);
    assert.equal(attempt.failure(new Error("socket hang up"), "connect"), reason);
    attempt.dispose();
  });
});
