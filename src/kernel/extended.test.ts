import assert from "node:assert/strict";
import { test } from "node:test";
import { extended } from "./extended.js";
import { shapeProbe } from "./hidden-class.fixture.js";

test("extended is the spread: later members win, order kept, symbols copied", () => {
  const s = Symbol("s");
  const cases: [object, object][] = [
    [{ a: 1, b: 2 }, { c: 3 }],
    [{ a: 1, b: 2 }, { a: 9 }],
    [{}, { a: 1 }],
    [{ a: 1 }, {}],
    [{ [s]: 1, a: 2 }, { b: 3 }],
    [JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object, { b: 2 }],
    [{ a: 1 }, JSON.parse('{"__proto__": {"polluted": true}}') as object],
  ];
  for (const [base, extra] of cases) {
    const got = extended(base, extra);
    const want = { ...base, ...extra };
    assert.deepEqual(Reflect.ownKeys(got), Reflect.ownKeys(want));
    for (const key of Reflect.ownKeys(want)) assert.equal((got as Record<PropertyKey, unknown>)[key], (want as Record<PropertyKey, unknown>)[key]);
    assert.equal(Object.getPrototypeOf(got), Object.prototype, "an own __proto__ member never becomes the copy's prototype");
    assert.equal((got as { polluted?: boolean }).polluted, undefined);
    const three = extended(base, extra, { z: 1 });
    assert.deepEqual(Reflect.ownKeys(three), Reflect.ownKeys({ ...base, ...extra, z: 1 }));
    assert.equal(Object.getPrototypeOf(three), Object.prototype);
  }
});

test("extended gives every result one hidden class once warm (a spread with more members made one per call)", () => {
  const { sameMap, fastProperties } = shapeProbe();
  const make = (n: number): object => extended({ a: n, b: "x" }, { c: n });
  for (let i = 0; i < 50; i++) make(i);
  assert.ok(sameMap(make(1), make(2)));
  assert.ok(fastProperties(make(3)));
});

