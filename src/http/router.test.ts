import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../kernel/index.js";
import { defineOperation } from "./operation.js";
import type { Operation } from "./operation.js";
import { Router } from "./router.js";

const op = (name: string, method: Operation["method"], path: string): Operation =>
  defineOperation({ name, method, path, signingService: "bedrock", action: `bedrock:${name}`, decode: () => undefined, resource: () => "*", invoke: async () => undefined, encode: () => ({ kind: "json", status: 200, body: {} }) });

const router = new Router([
  op("Converse", "POST", "/model/{modelId}/converse"),
  op("ListFoundationModels", "GET", "/foundation-models"),
  op("GetFoundationModel", "GET", "/foundation-models/{modelIdentifier}"),
]);

describe("router", () => {
  const cases: Array<[string, string, string | undefined, Record<string, string>?]> = [
    ["POST", "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse", "Converse", { modelId: "anthropic.claude-3-haiku-20240307-v1:0" }],
    ["POST", "/model/arn%3Aaws%3Abedrock%3Aeu-west-2%3A%3Afoundation-model%2Fx.y-v1%3A0/converse", "Converse", { modelId: "arn:aws:bedrock:eu-west-2::foundation-model/x.y-v1:0" }],
    ["GET", "/foundation-models", "ListFoundationModels", {}],
    ["GET", "/foundation-models/", "ListFoundationModels", {}],
    ["GET", "/foundation-models/meta.llama3-1-8b-instruct-v1%3A0", "GetFoundationModel", { modelIdentifier: "meta.llama3-1-8b-instruct-v1:0" }],
    ["POST", "/model//converse", undefined],
    ["POST", "/model/x/../converse", undefined],
    ["POST", "/model/./x/converse", undefined],
    ["GET", "//foundation-models", undefined],
    ["POST", "/nothing", undefined],
  ];
  for (const [method, path, expected, params] of cases) {
    it(`${method} ${path} -> ${expected ?? "no route"}`, () => {
      const m = router.match(method, path);
      if (expected === undefined) return assert.equal(m, undefined);
      assert.ok(m && "ops" in m);
      assert.equal(m.ops[0]!.name, expected);
      assert.deepEqual(m.params, params);
    });
  }

  it("a known path with another method reports the methods it allows", () => {
    assert.deepEqual(router.match("DELETE", "/foundation-models"), { allowed: ["GET"] });
  });

  it("a bad percent escape in a label is a validation fault naming the label", () => {
    assert.throws(() => router.match("POST", "/model/%E0%A4%A/converse"), (e: unknown) => e instanceof Fault && e.kind === "validation" && e.detail.field === "modelId");
  });

  it("routes of several lengths sharing a label position: each path meets only its own, in declaration order", () => {
    const r = new Router([
      op("InvokeModel", "POST", "/model/{modelId}/invoke"),
      op("GetThing", "GET", "/model/{id}"),
      op("Converse", "POST", "/model/{modelId}/converse"),
      op("ListThings", "GET", "/model"),
      op("ConverseAgain", "PUT", "/model/{other}/converse"),
    ]);
    const m = r.match("POST", "/model/a%3Ab/converse");
    assert.ok(m && "ops" in m);
    assert.equal(m.ops[0]!.name, "Converse");
    assert.deepEqual(m.params, { modelId: "a:b" });
    assert.deepEqual(r.match("DELETE", "/model/a%3Ab/converse"), { allowed: ["POST", "PUT"] });
    assert.deepEqual(r.match("DELETE", "/model/x/"), { allowed: ["GET"] });
    const one = r.match("GET", "/model/a%3Ab/");
    assert.ok(one && "ops" in one);
    assert.deepEqual([one.ops[0]!.name, one.params], ["GetThing", { id: "a:b" }]);
    // The first route to read a bad label names it, as when every route decoded its own.
    assert.throws(() => r.match("POST", "/model/%E0%A4%A/converse"), (e: unknown) => e instanceof Fault && e.detail.field === "modelId");
    assert.throws(() => r.match("GET", "/model/%E0%A4%A"), (e: unknown) => e instanceof Fault && e.detail.field === "id");
  });

  it("refuses two operations on one route at start-up", () => {
    assert.throws(() => new Router([op("A", "GET", "/x"), op("B", "GET", "/x")]), /share the route/);
  });
});
