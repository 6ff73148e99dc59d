import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { RequestContext } from "../../kernel/index.js";
import type { InferenceService } from "../../service/inference.js";
import type { ModelResolver } from "../../service/resources/index.js";
import { decodeConverseRequest } from "./codec/index.js";
import { converseOperations, guardrailConditions } from "./converse-routes.js";

/** `bedrock:ServiceTier` is the tier the request names, so a policy can refuse the dearer ones. */
const ctx = { region: "us-east-1", principal: { accountId: "123456789012" } } as unknown as RequestContext;
const MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

describe("Converse condition keys", () => {
  it("the tier defaults to `default`, and an explicit one is supplied as named", () => {
    assert.equal(guardrailConditions(undefined, ctx).get("bedrock:ServiceTier"), "default");
    assert.equal(guardrailConditions(undefined, ctx, "flex").get("bedrock:ServiceTier"), "flex");
  });

  for (const tier of ["priority", "reserved"] as const) {
    it(`Converse and ConverseStream supply serviceTier.type ${tier}`, () => {
      const ops = converseOperations({} as InferenceService, {} as ModelResolver).filter((op) => op.name !== "CountTokens");
      assert.equal(ops.length, 2);
      const cmd = { ...decodeConverseRequest({ messages: [{ role: "user", content: [{ text: "hi" }] }], serviceTier: { type: tier } }, MODEL), modelArn: "arn", known: true, resolution: { modelId: MODEL, arn: "arn" } };
      for (const op of ops) assert.equal(op.conditions?.(cmd as never, ctx)?.get("bedrock:ServiceTier"), tier);
    });
  }
});
