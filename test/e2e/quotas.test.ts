import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Agent } from "node:https";
import { BedrockRuntimeClient, ConverseCommand, ThrottlingException } from "@aws-sdk/client-bedrock-runtime";
import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { CreateAccountCommand } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import Anthropic from "anthropic-sdk";
import OpenAI from "openai";
import { Agent as UndiciAgent } from "undici";
import { startOpenAiLoopback } from "../loopback/openai.js";
import type { Loopback } from "../loopback/openai.js";
import { keyHolder } from "./bearer-fixture.js";
import { fetchTrusting } from "./ca-fetch.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";
import { iamAs, trailAs } from "./iam-admin.js";
import type { Keys } from "./iam-admin.js";
import { organizationsClient } from "./org-clients.js";
import { stsClient, temporaryKeys } from "./sts-fixture.js";

/**
 * Service quotas as Bedrock applies them, through the official clients: requests per minute per
 * account and model (the N+1th call in a minute is refused with ThrottlingException and Bedrock's
 * message, while another account and another model go on), tokens per minute settled against
 * the provider's usage, and the OpenAI surface's own 429 with retry-after.
 */
const LIMITED = "meta.llama3-1-8b-instruct-v1:0";
const OTHER = "meta.llama3-2-3b-instruct-v1:0";
const TOKENS = "mistral.mistral-7b-instruct-v0:2";
const CHAT = "mistral.mistral-large-2407-v1:0";
const MESSAGES = "anthropic.claude-3-5-haiku-20241022-v1:0";
const RPM = 3;
const TPM = 1000;
const user = (text: string) => [{ role: "user" as const, content: [{ text }] }];

describe("service quotas through the official clients", () => {
  let openai: Loopback;
  let server: RunningServer;
  let admin: BedrockRuntimeClient;
  const runtime = (credentials: Keys) => new BedrockRuntimeClient({
    endpoint: server.url, region: server.region, credentials, maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca }) }),
  });
  const converse = (client: BedrockRuntimeClient, modelId: string, maxTokens?: number) =>
    client.send(new ConverseCommand({ modelId, messages: user("hello"), ...(maxTokens === undefined ? {} : { inferenceConfig: { maxTokens } }) }));

  before(async () => {
    openai = await startOpenAiLoopback({ apiKey: "sk-loopback-openai" });
    server = await startServer({
      config: {
        region: "eu-west-2",
        providers: [{ id: "openai-main", type: "openai", baseUrl: openai.baseUrl, apiKey: "sk-loopback-openai", processingRegion: "eu-west-2", timeoutMs: 5000 }],
        models: [LIMITED, OTHER, TOKENS, CHAT, MESSAGES].map((modelId) => ({ modelId, provider: "openai-main", upstreamModel: "chat-model", ...(modelId === MESSAGES ? { providerName: "Anthropic" } : {}) })),
        quotas: {
          requestsPerMinute: RPM,
          models: [
            { model: OTHER, requestsPerMinute: 100 },
            { model: TOKENS, requestsPerMinute: 100, tokensPerMinute: TPM },
            { model: CHAT, requestsPerMinute: 1 },
            { model: MESSAGES, requestsPerMinute: 1 },
          ],
        },
      },
    });
    admin = runtime(server.credentials);
  });
  after(async () => {
    admin?.destroy();
    await server?.stop();
    await openai?.close();
  });

  it("the call after N in a minute is ThrottlingException (429) with Bedrock's message; another model and another account are unaffected", async () => {
    for (let i = 0; i < RPM; i++) await converse(admin, LIMITED);
    const refused = await converse(admin, LIMITED).then(() => undefined, (error: unknown) => error);
    assert.ok(refused instanceof ThrottlingException, `expected ThrottlingException, got ${String(refused)}`);
    assert.equal(refused.$metadata.httpStatusCode, 429);
    assert.equal(refused.message, "Too many requests, please wait before trying again.");

    await converse(admin, OTHER);
    const { CreateAccountStatus } = await organizationsClient(server).send(new CreateAccountCommand({ AccountName: "quota-other", Email: "quota-other@example.com" }));
    const other = CreateAccountStatus!.AccountId!;
    const { Credentials } = await stsClient(server).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${other}:role/OrganizationAccountAccessRole`, RoleSessionName: "quota" }));
    const outsider = runtime(temporaryKeys(Credentials));
    try {
      for (let i = 0; i < RPM; i++) await converse(outsider, LIMITED);
      await assert.rejects(converse(outsider, LIMITED), { name: "ThrottlingException" });
    } finally {
      outsider.destroy();
    }
  });

  it("tokens per minute count what the provider used: an unused maximum comes back, and a call that cannot fit is refused with Bedrock's token message", async () => {
    // Each call reserves its maxTokens; were the reservations not settled, the second would not fit.
    await converse(admin, TOKENS, 600);
    await converse(admin, TOKENS, 600);
    const refused = await converse(admin, TOKENS, TPM).then(() => undefined, (error: unknown) => error);
    assert.ok(refused instanceof ThrottlingException, `expected ThrottlingException, got ${String(refused)}`);
    assert.equal(refused.message, "Too many tokens, please wait before trying again.");
  });

  it("the OpenAI surface answers a quota's refusal as a 429 RateLimitError with retry-after", async () => {
    const holder = await keyHolder(iamAs(server), server, "quota-openai");
    const client = new OpenAI({ apiKey: holder.longTerm, baseURL: `${server.url}/openai/v1`, fetch: fetchTrusting(server.ca), maxRetries: 0 });
    await client.chat.completions.create({ model: CHAT, messages: [{ role: "user", content: "hello" }] });
    const refused = await client.chat.completions.create({ model: CHAT, messages: [{ role: "user", content: "hello" }] }).then(() => undefined, (error: unknown) => error);
    assert.ok(refused instanceof OpenAI.RateLimitError, `expected RateLimitError, got ${String(refused)}`);
    assert.equal(refused.status, 429);
    // When the next call fits, as the bucket knows it: at one request a minute, a minute after
    // the first (a client told "1" would be refused again every second until then).
    assert.equal(refused.headers?.get("retry-after"), "60");
    assert.match(refused.message, /Too many requests, please wait before trying again\./);
  });

  it("the Anthropic surface answers it as a 429 RateLimitError (rate_limit_error) with retry-after", async () => {
    const holder = await keyHolder(iamAs(server), server, "quota-anthropic");
    const dispatcher = new UndiciAgent({ connect: { ca: server.ca } });
    const client = new Anthropic({ baseURL: `${server.url}/anthropic`, apiKey: holder.longTerm, maxRetries: 0, fetchOptions: { dispatcher } as never });
    const ask = () => client.messages.create({ model: MESSAGES, max_tokens: 50, messages: [{ role: "user", content: "hello" }] });
    try {
      await ask();
      const refused = await ask().then(() => undefined, (error: unknown) => error);
      assert.ok(refused instanceof Anthropic.RateLimitError, `expected RateLimitError, got ${String(refused)}`);
      assert.equal(refused.status, 429);
      assert.equal(refused.headers?.get("retry-after"), "60");
    } finally {
      await dispatcher.close();
    }
  });

  it("a throttled call is in the audit trail with errorCode ThrottlingException", async () => {
    const trail = trailAs(server);
    try {
      const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "Converse" }] }));
      const records = Events!.map((e) => JSON.parse(e.CloudTrailEvent!) as { errorCode?: string; errorMessage?: string });
      const throttled = records.filter((r) => r.errorCode === "ThrottlingException");
      assert.ok(throttled.length >= 2, `expected the rpm and tpm refusals, found ${throttled.length}`);
    } finally {
      trail.destroy();
    }
  });
});
