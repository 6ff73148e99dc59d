import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { sensitive } from "../../kernel/index.js";
import { rejectsWith } from "../../../test/support/faults.js";
import { startBedrockLoopback } from "../../../test/loopback/bedrock.js";
import type { BedrockLoopback } from "../../../test/loopback/bedrock.js";
import type { ModelProvider } from "../port.js";
import { createBedrockProvider } from "./index.js";

const never = new AbortController().signal;
const conversation = sensitive({ system: [], messages: [{ role: "user" as const, content: [{ type: "text" as const, text: "count these words please" }] }] });

describe("bedrock adapter: countTokens through Bedrock's own CountTokens", () => {
  let loop: BedrockLoopback;
  let provider: ModelProvider;
  before(async () => {
    loop = await startBedrockLoopback();
    provider = createBedrockProvider({
      id: "b", region: "eu-west-2", timeoutMs: 5_000, endpoint: loop.endpoint,
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: sensitive("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY") },
    }, { requestHandler: new NodeHttpHandler() });
  });
  after(async () => {
    await provider.close();
    await loop.close();
  });
  const counted = () => loop.requests.filter((r) => r.operation === "count-tokens").map((r) => r.modelId);

  it("a bare foundation-model id is counted in one call", async () => {
    loop.requests.length = 0;
    assert.ok(await provider.countTokens({ model: "anthropic.claude-3-5-haiku-20241022-v1:0", conversation }, never) > 0);
    assert.deepEqual(counted(), ["anthropic.claude-3-5-haiku-20241022-v1:0"]);
  });

  const profiles: [string, string][] = [
    ["eu.anthropic.claude-sonnet-4-20250514-v1:0", "anthropic.claude-sonnet-4-20250514-v1:0"],
    ["global.anthropic.claude-sonnet-4-6", "anthropic.claude-sonnet-4-6"],
    ["arn:aws:bedrock:eu-west-2:123456789012:inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0", "anthropic.claude-3-7-sonnet-20250219-v1:0"],
  ];
  for (const [configured, bare] of profiles) {
    it(`an inference profile Bedrock refuses to count is counted by its model's bare id (${configured.slice(0, 40)})`, async () => {
      loop.requests.length = 0;
      assert.ok(await provider.countTokens({ model: configured, conversation }, never) > 0);
      assert.deepEqual(counted(), [configured, bare]);
    });
  }

  for (const model of ["amazon.nova-pro-v1:0", "us.amazon.nova-lite-v1:0", "arn:aws:bedrock:eu-west-2:123456789012:application-inference-profile/abc123"]) {
    it(`a model Bedrock will not count is refused clearly (${model.slice(0, 40)})`, async () => {
      const f = await rejectsWith(provider.countTokens({ model, conversation }, never), "validation");
      assert.match(f.message, /^CountTokens is not available for this model: upstream Bedrock refused/);
      assert.equal(f.detail.field, "modelId");
      assert.doesNotMatch(f.message, /upstream-secret-detail/);
    });
  }

  it("other upstream failures pass through as they are, without a retry", async () => {
    loop.requests.length = 0;
    await rejectsWith(provider.countTokens({ model: "throttled-model", conversation }, never), "throttling");
    assert.deepEqual(counted(), ["throttled-model"]);
  });
});
