import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { onSilence, Transport, Transports } from "./transports.js";

describe("silent connections", () => {
  const with_ = (...queued: number[]): Transport => {
    const t = new Transport();
    for (const q of queued) t.inFlight.add({ queuedBytes: () => q, answering: () => q > 0 });
    return t;
  };

  it("nothing in flight: closed", () => {
    assert.equal(onSilence(undefined), "close");
    assert.equal(onSilence(with_()), "close");
  });

  it("requests waiting on us (a model thinking): kept", () => {
    assert.equal(onSilence(with_(0, 0)), "keep");
  });

  it("an answer the client is not taking: cut", () => {
    assert.equal(onSilence(with_(0, 512)), "cut");
  });

  it("one transport per connection, made once", () => {
    const transports = new Transports();
    const connection = {};
    assert.equal(transports.get(connection), undefined);
    assert.equal(transports.of(connection), transports.of(connection));
  });
});
