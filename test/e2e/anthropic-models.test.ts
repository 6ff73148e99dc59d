import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as IAM from "@aws-sdk/client-iam";
import Anthropic from "anthropic-sdk";
import { Agent } from "undici";
import { keyHolder } from "./bearer-fixture.js";
import type { KeyHolder } from "./bearer-fixture.js";
import { iamAs, policy } from "./iam-admin.js";
import { accessLine, startStack } from "./stack.js";
import type { Stack } from "./stack.js";

/**
 * Anthropic's SDK against the rest of /anthropic: Anthropic's own model names (what Claude Code
 * sends) reach the Bedrock model they name, the Models API lists and retrieves Anthropic-family
 * models in Anthropic's shape under the same policies as Bedrock's model list, and a throttled
 * model is a RateLimitError whose retry-after the SDK backs off by.
 */
const MODELS = {
  haiku: "anthropic.claude-3-5-haiku-20241022-v1:0",
  sonnet: "anthropic.claude-sonnet-4-5-20250929-v1:0",
  throttled: "anthropic.claude-3-haiku-20240307-v1:0",
  llama: "meta.llama3-1-8b-instruct-v1:0",
} as const;
const hello: Anthropic.MessageParam[] = [{ role: "user", content: "Say hello" }];

describe("Anthropic's SDK: model names, the Models API, retry-after", () => {
  let stack: Stack;
  let iam: IAM.IAMClient;
  let holder: KeyHolder;
  let dispatcher: Agent;
  const sdk = (apiKey: string, maxRetries = 0): Anthropic =>
    new Anthropic({ baseURL: `${stack.server.url}/anthropic`, apiKey, maxRetries, fetchOptions: { dispatcher } as never });

  before(async () => {
    stack = await startStack({
      models: [
        { modelId: MODELS.haiku, via: "anthropic", upstreamModel: "chat-model", providerName: "Anthropic" },
        { modelId: MODELS.sonnet, via: "anthropic", upstreamModel: "chat-model", providerName: "Anthropic" },
        { modelId: MODELS.throttled, via: "anthropic", upstreamModel: "throttled-model", providerName: "Anthropic" },
        { modelId: MODELS.llama, via: "openai", upstreamModel: "chat-model", providerName: "Meta" },
      ],
    });
    dispatcher = new Agent({ connect: { ca: stack.server.ca } });
    iam = iamAs(stack.server);
    holder = await keyHolder(iam, stack.server, "anthropic-models-user", ["bedrock:InvokeModel", "bedrock:CountTokens", "bedrock:CallWithBearerToken", "bedrock:ListFoundationModels", "bedrock:GetFoundationModel"]);
  });
  after(async () => { iam?.destroy(); await dispatcher?.close(); await stack?.stop(); });

  it("Anthropic's names (an alias, a dated name) reach the Bedrock model; the records hold the Bedrock id", async () => {
    for (const [name, modelId] of [["claude-sonnet-4-5", MODELS.sonnet], ["claude-3-5-haiku-20241022", MODELS.haiku]] as const) {
      const { data, request_id } = await sdk(holder.longTerm).messages.create({ model: name, max_tokens: 64, messages: hello }).withResponse();
      assert.deepEqual(data.content, [{ type: "text", text: "Hello there." }], name);
      assert.equal((await accessLine(stack.server, request_id!))["modelId"], modelId, name);
    }
    const tokens = await sdk(holder.longTerm).messages.countTokens({ model: "claude-sonnet-4-5", messages: hello });
    assert.ok(tokens.input_tokens > 0);
    const unknown = await sdk(holder.longTerm).messages.create({ model: "claude-nonesuch-1", max_tokens: 8, messages: hello }).catch((e: unknown) => e);
    assert.ok(unknown instanceof Anthropic.NotFoundError, String(unknown));
  });

  it("models.list: Anthropic-family models only, in Anthropic's shape, auto-paged by the SDK", async () => {
    const client = sdk(holder.longTerm);
    const all: Anthropic.ModelInfo[] = [];
    for await (const m of client.models.list({ limit: 2 })) all.push(m);
    assert.deepEqual(all.map((m) => m.id), [MODELS.haiku, MODELS.throttled, MODELS.sonnet]);
    for (const m of all) {
      assert.equal(m.type, "model");
      assert.equal(typeof m.display_name, "string");
      assert.ok(!Number.isNaN(Date.parse(m.created_at)));
    }
    const first = await client.models.list({ limit: 2 });
    assert.deepEqual([first.has_more, first.first_id, first.last_id], [true, MODELS.haiku, MODELS.throttled]);
  });

  it("models.retrieve: by Bedrock id or Anthropic name; another family's model or an unknown one is not found", async () => {
    const client = sdk(holder.longTerm);
    assert.equal((await client.models.retrieve(MODELS.haiku)).id, MODELS.haiku);
    assert.equal((await client.models.retrieve("claude-sonnet-4-5")).id, MODELS.sonnet);
    for (const id of [MODELS.llama, "no.such-model-v1:0"]) {
      const missing = await client.models.retrieve(id).catch((e: unknown) => e);
      assert.ok(missing instanceof Anthropic.NotFoundError, `${id}: ${String(missing)}`);
    }
  });

  it("the model list is authorised as bedrock:ListFoundationModels, a model as GetFoundationModel on its ARN", async () => {
    const limited = await keyHolder(iam, stack.server, "anthropic-models-limited", ["bedrock:InvokeModel", "bedrock:CallWithBearerToken", "bedrock:GetFoundationModel"]);
    await iam.send(new IAM.PutUserPolicyCommand({
      UserName: "anthropic-models-limited", PolicyName: "no-haiku",
      PolicyDocument: policy({ Effect: "Deny", Action: "bedrock:GetFoundationModel", Resource: `arn:aws:bedrock:${stack.server.region}::foundation-model/${MODELS.haiku}` }),
    }));
    const client = sdk(limited.longTerm);
    const listed = await client.models.list().catch((e: unknown) => e);
    assert.ok(listed instanceof Anthropic.PermissionDeniedError, String(listed));
    assert.match(listed.message, /bedrock:ListFoundationModels/);
    const denied = await client.models.retrieve("claude-3-5-haiku-20241022").catch((e: unknown) => e);
    assert.ok(denied instanceof Anthropic.PermissionDeniedError, String(denied));
    assert.equal((await client.models.retrieve(MODELS.sonnet)).id, MODELS.sonnet);
  });

  it("a throttled model: RateLimitError with retry-after; with retries on, the SDK waits for it before trying again", async () => {
    const refused = await sdk(holder.longTerm).messages.create({ model: MODELS.throttled, max_tokens: 8, messages: hello }).catch((e: unknown) => e);
    assert.ok(refused instanceof Anthropic.RateLimitError, String(refused));
    assert.equal(refused.headers?.get("retry-after"), "1");
    const started = Date.now();
    const retried = await sdk(holder.longTerm, 1).messages.create({ model: MODELS.throttled, max_tokens: 8, messages: hello }).catch((e: unknown) => e);
    assert.ok(retried instanceof Anthropic.RateLimitError, String(retried));
    assert.ok(Date.now() - started >= 900, "the SDK waited the second retry-after asked for");
  });
});
