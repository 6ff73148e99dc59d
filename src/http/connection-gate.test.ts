import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import { ConnectionGate } from "./connection-gate.js";
import { addressList } from "./edge.js";

const socket = (remoteAddress: string): Socket & EventEmitter => Object.assign(new EventEmitter(), { remoteAddress }) as unknown as Socket & EventEmitter;

describe("the connection gate", () => {
  it("caps connections per source and in total, counting each until it closes", () => {
    const gate = new ConnectionGate(3, 2);
    const a1 = socket("192.0.2.1");
    assert.equal(gate.admit(a1), undefined);
    assert.equal(gate.admit(socket("::ffff:192.0.2.1")), undefined, "a mapped address is the same source");
    assert.equal(gate.admit(socket("192.0.2.1")), "source-connection-limit");
    assert.equal(gate.admit(socket("192.0.2.2")), undefined);
    assert.equal(gate.admit(socket("192.0.2.3")), "connection-limit");
    assert.equal(gate.open, 3, "refused sockets are not counted");
    a1.emit("close");
    assert.equal(gate.open, 2);
    assert.equal(gate.admit(socket("192.0.2.1")), undefined, "room again for the source once one closed");
  });

  it("a trusted proxy is exempt from the per-source cap, not from the total", () => {
    const gate = new ConnectionGate(3, 1, addressList(["10.0.0.0/8"]));
    assert.equal(gate.admit(socket("10.1.1.1")), undefined);
    assert.equal(gate.admit(socket("10.1.1.1")), undefined);
    assert.equal(gate.admit(socket("192.0.2.1")), undefined);
    assert.equal(gate.admit(socket("192.0.2.1")), "connection-limit");
    assert.equal(gate.admit(socket("10.1.1.1")), "connection-limit");
  });
});
