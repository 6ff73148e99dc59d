import { afterEach, beforeEach, describe, it, mock } from "node:test";
import assert from "node:assert/strict";
import { abortsBy } from "../kernel/index.js";
import { Deadline } from "./deadline.js";

describe("a provider call's deadline", () => {
  beforeEach(() => mock.timers.enable({ apis: ["setTimeout"] }));
  afterEach(() => mock.timers.reset());

  it("says on its signal when it fires, so a provider's own timer for the same wait can be left out; not once it is over", () => {
    const before = performance.now();
    const deadline = new Deadline(new AbortController().signal, 2000);
    const by = abortsBy(deadline.signal);
    assert.ok(by !== undefined && by >= before + 2000 && by <= performance.now() + 2000);
    deadline.dispose();
    assert.equal(abortsBy(deadline.signal), undefined);
  });

  it("fires at its timeout and reports the model's timeout", () => {
    const deadline = new Deadline(new AbortController().signal, 2000);
    mock.timers.tick(2000);
    assert.equal(deadline.signal.aborted, true);
    const f = deadline.translate(deadline.signal.reason, "m");
    assert.equal(f.kind, "model-timeout");
    assert.match(f.message, /did not answer within 2000 ms/);
    deadline.dispose();
  });

  it("the client going away aborts it and is reported as such, not as a timeout", () => {
    const client = new AbortController();
    const deadline = new Deadline(client.signal, 2000);
    client.abort();
    assert.equal(deadline.signal.aborted, true);
    assert.equal(deadline.translate(new Error("aborted"), "m").kind, "validation");
    deadline.dispose();
  });
});
