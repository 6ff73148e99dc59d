import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { test } from "node:test";
import { shapeProbe } from "../kernel/hidden-class.fixture.js";
import { ClientLeft, exchangeOf } from "./exchange.js";
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

test("clientGone: listeners hear the client leave once, in order; removed and late ones do not", () => {
  const heard: string[] = [];
  const gone = new ClientLeft();
  const a = (): void => void heard.push("a");
  const b = (): void => void heard.push("b");
  gone.addEventListener("abort", a);
  gone.addEventListener("abort", b);
  gone.addEventListener("abort", () => heard.push("c"));
  gone.removeEventListener("abort", b);
  assert.equal(gone.aborted, false);
  gone.leave();
  gone.leave();
  gone.addEventListener("abort", () => heard.push("late"));
  assert.equal(gone.aborted, true);
  assert.deepEqual(heard, ["a", "c"]);
});

test("an exchange's signal, made after the client left, is already aborted", () => {
  const req = { url: "/", method: "POST", socket: null, httpVersion: "1.1", headers: {}, rawHeaders: [] };
  const res = Object.assign(new EventEmitter(), { writableEnded: false });
  const ex = exchangeOf(req as unknown as NodeRequest, res as unknown as NodeResponse, {} as never);
  res.emit("close");
  assert.equal(ex.clientGone.aborted, true);
  assert.equal(ex.signal.aborted, true);
});
