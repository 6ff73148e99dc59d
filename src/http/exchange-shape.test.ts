import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { test } from "node:test";
import { shapeProbe } from "../kernel/hidden-class.fixture.js";
import { exchangeOf } from "./exchange.js";
import type { NodeRequest, NodeResponse } from "./exchange.js";

/**
 * An exchange was an object literal with getters: V8 made each one a dictionary-mode object, and
 * every request's objects (its request, response and socket, through the getters' closures)
 * survived the scavenges and were promoted (docs/PERFORMANCE.md, "Promoted requests").
 */
test("every exchange has fast properties and shares one hidden class", () => {
  const { sameMap, fastProperties } = shapeProbe();
  const make = (n: number) => {
    const req = { url: `/model/m${n}/converse?x=${n}`, method: "POST", socket: null, httpVersion: "1.1", headers: { host: "h" }, rawHeaders: ["host", "h"] };
    return exchangeOf(req as unknown as NodeRequest, new EventEmitter() as unknown as NodeResponse, {} as never);
  };
  for (let i = 0; i < 50; i++) void make(i).signal;
  const [a, b] = [make(1), make(2)];
  assert.deepEqual([a.rawPath, a.rawQuery, a.header("host"), a.rawHeaders], ["/model/m1/converse", "x=1", "h", [["host", "h"]]]);
  assert.equal(a.signal.aborted, false);
  assert.ok(fastProperties(a), "an exchange keeps fast properties (an object literal with getters became a dictionary)");
  assert.ok(sameMap(a, b));
});
