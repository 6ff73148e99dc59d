import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { defineOperation } from "./operation.js";
import type { Operation } from "./operation.js";
import { assertSurfaceComplete } from "./surface.js";

const op = (name: string): Operation => defineOperation({ name, method: "GET", path: `/${name}`, signingService: "bedrock", action: `bedrock:${name}`, decode: () => undefined, resource: () => "*", invoke: async () => undefined, encode: () => ({ kind: "json", status: 200, body: {} }) });

describe("declared surface", () => {
  it("accepts a surface where every declared operation has a handler", () => {
    assert.doesNotThrow(() => assertSurfaceComplete([op("A"), op("B")], { bedrock: ["A", "B"] }));
  });
  it("refuses a declared operation without a handler, naming it", () => {
    assert.throws(() => assertSurfaceComplete([op("A")], { bedrock: ["A", "B"] }), /no handler for \[bedrock:B\]/);
  });
  it("refuses a handler nobody declared, naming it", () => {
    assert.throws(() => assertSurfaceComplete([op("A"), op("C")], { bedrock: ["A"] }), /undeclared handlers \[bedrock:C\]/);
  });
});
