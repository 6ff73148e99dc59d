import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Agent as HttpsAgent } from "node:https";
import {
  BedrockClient, CreateGuardrailCommand, CreateGuardrailVersionCommand, DeleteEnforcedGuardrailConfigurationCommand, PutEnforcedGuardrailConfigurationCommand,
  TagResourceCommand, UntagResourceCommand,
} from "@aws-sdk/client-bedrock";
import { BedrockRuntimeClient, CountTokensCommand, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import Anthropic from "anthropic-sdk";
import OpenAI from "openai";
import { Agent } from "undici";
import { startAnthropicLoopback } from "../loopback/anthropic.js";
import { startOpenAiLoopback } from "../loopback/openai.js";
import type { Loopback } from "../loopback/openai.js";
import { BEARER_USER, keyHolder } from "./bearer-fixture.js";
import type { KeyHolder } from "./bearer-fixture.js";
import { fetchTrusting } from "./ca-fetch.js";
import { countingProviders } from "./loopback-providers.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";
import { failsWith, iamAs, runtimeAs, trailAs } from "./iam-admin.js";

/**
 * Embeddings and token counts under an account-enforced guardrail, end to end with the official
 * clients: both send the caller's text to a provider (the embedding model; Anthropic's count
 * endpoint, vLLM's /tokenize), so both take the guardrail's input check as inference does. The
 * loopback providers record what they were sent: an NI number the guardrail anonymises must never
 * be in it, and an input it blocks must never reach them.
 */
const NI = "AB123456C";
const DENIED = "project nightjar";
const MODELS = {
  titanEmbed: "amazon.titan-embed-text-v2:0",
  cohereEmbed: "cohere.embed-english-v3",
  claude: "anthropic.claude-3-5-haiku-20241022-v1:0",
  vllmLlama: "meta.llama3-1-70b-instruct-v1:0",
} as const;

const json = (body: unknown) => new TextEncoder().encode(JSON.stringify(body));
const user = (text: string) => [{ role: "user" as const, content: [{ text }] }];

describe("embeddings and CountTokens under an account-enforced guardrail", () => {
  let server: RunningServer;
  let openai: Loopback;
  let anthropic: Loopback;
  let runtime: BedrockRuntimeClient;
  let control: BedrockClient;
  let guardrail: { id: string; arn: string };
  let configId: string;
  let holder: KeyHolder;
  let dispatcher: Agent;

  before(async () => {
    openai = await startOpenAiLoopback({ apiKey: "sk-loopback-openai" });
    anthropic = await startAnthropicLoopback({ apiKey: "sk-ant-loopback" });
    server = await startServer({
      config: {
        region: "eu-west-2",
        providers: countingProviders(openai, anthropic),
        models: [
          { modelId: MODELS.titanEmbed, provider: "openai-main", upstreamModel: "embed-model", providerName: "Amazon", outputModalities: ["EMBEDDING"], streaming: false },
          { modelId: MODELS.cohereEmbed, provider: "openai-main", upstreamModel: "embed-model", providerName: "Cohere", outputModalities: ["EMBEDDING"], streaming: false },
          { modelId: MODELS.claude, provider: "claude", upstreamModel: "chat-model", providerName: "Anthropic" },
          { modelId: MODELS.vllmLlama, provider: "vllm", upstreamModel: "chat-model", providerName: "Meta" },
        ],
      },
    });
    const base = { endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler({ httpsAgent: new HttpsAgent({ ca: server.ca }) }) };
    runtime = new BedrockRuntimeClient(base);
    control = new BedrockClient(base);
    const created = await control.send(new CreateGuardrailCommand({
      name: "enforced-embeddings",
      wordPolicyConfig: { wordsConfig: [{ text: DENIED }] },
      sensitiveInformationPolicyConfig: { piiEntitiesConfig: [{ type: "UK_NATIONAL_INSURANCE_NUMBER", action: "ANONYMIZE" }] },
      blockedInputMessaging: "no", blockedOutputsMessaging: "no",
    }));
    guardrail = { id: created.guardrailId!, arn: created.guardrailArn! };
    await control.send(new CreateGuardrailVersionCommand({ guardrailIdentifier: guardrail.id }));
    configId = (await control.send(new PutEnforcedGuardrailConfigurationCommand({
      guardrailInferenceConfig: { guardrailIdentifier: guardrail.id, guardrailVersion: "1" },
    }))).configId!;
    const iam = iamAs(server);
    holder = await keyHolder(iam, server, "embedding-user", [...BEARER_USER, "bedrock:ApplyGuardrail"]);
    iam.destroy();
    dispatcher = new Agent({ connect: { ca: server.ca } });
  });
  after(async () => {
    runtime?.destroy();
    control?.destroy();
    await dispatcher?.close();
    await server?.stop();
    await openai?.close();
    await anthropic?.close();
  });

  /** Everything a loopback provider was sent since `from`, as one string. */
  const sentSince = (loopback: Loopback, from: number): string => JSON.stringify(loopback.requests.slice(from).map((r) => r.body));
  const openAiClient = () => new OpenAI({ apiKey: holder.longTerm, baseURL: `${server.url}/openai/v1`, fetch: fetchTrusting(server.ca), maxRetries: 0 });
  const invokeEmbed = (modelId: string, body: unknown) => runtime.send(new InvokeModelCommand({ modelId, body: json(body), contentType: "application/json" }));
  /** The audit record of one call, as CloudTrail's LookupEvents answers it. */
  const audited = async (eventName: string, requestId: string | undefined): Promise<Record<string, any>> => {
    const trail = trailAs(server);
    const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: eventName }] }));
    trail.destroy();
    const event = Events!.find((e) => JSON.parse(e.CloudTrailEvent!).requestID === requestId);
    assert.ok(event, `an audit record of ${eventName} ${requestId}`);
    return JSON.parse(event.CloudTrailEvent!);
  };

  it("InvokeModel on an embedding model: the provider embeds the masked text, never the NI number (Titan and Cohere bodies)", async () => {
    const from = openai.requests.length;
    const titan = await invokeEmbed(MODELS.titanEmbed, { inputText: `My NI number is ${NI}` });
    assert.equal(JSON.parse(new TextDecoder().decode(titan.body)).embedding.length > 0, true);
    await invokeEmbed(MODELS.cohereEmbed, { texts: ["nothing to see", `NI ${NI} again`], input_type: "search_document" });
    const sent = sentSince(openai, from);
    assert.equal(openai.requests.length - from, 2, "both calls reached the embedding model");
    assert.ok(!sent.includes(NI), sent);
    assert.ok(sent.includes("My NI number is {UK_NATIONAL_INSURANCE_NUMBER}") && sent.includes("NI {UK_NATIONAL_INSURANCE_NUMBER} again"), sent);
    assert.ok(sent.includes("nothing to see"), "an input with nothing to mask is embedded as sent");
    // Audited as any guarded inference is: the enforced guardrail intervened, by its sensitive-information policy.
    const record = await audited("InvokeModel", titan.$metadata.requestId);
    assert.deepEqual(record.additionalEventData.guardrail, {
      identifier: guardrail.id, version: "1", action: "INTERVENED", origin: "ACCOUNT_ENFORCED", policies: ["sensitiveInformation"],
      evaluations: [{
        identifier: guardrail.id, version: "1", origin: "ACCOUNT_ENFORCED", source: "INPUT", action: "GUARDRAIL_INTERVENED", outcome: "ANONYMIZED",
        evaluations: 1, policies: ["sensitiveInformation"], piiEntities: { UK_NATIONAL_INSURANCE_NUMBER: 1 },
      }],
    });
    assert.doesNotMatch(JSON.stringify(record), new RegExp(NI));
  });

  it("OpenAI embeddings: every input is masked before the provider sees it", async () => {
    const from = openai.requests.length;
    const out = await openAiClient().embeddings.create({ model: MODELS.titanEmbed, input: [`first ${NI}`, "second", `third ${NI.toLowerCase()}`] });
    assert.equal(out.data.length, 3);
    const sent = sentSince(openai, from);
    assert.ok(!sent.toUpperCase().includes(NI), sent);
    assert.equal((openai.requests[openai.requests.length - 1]!.body as { input: string[] }).input.join("|"),
      "first {UK_NATIONAL_INSURANCE_NUMBER}|second|third {UK_NATIONAL_INSURANCE_NUMBER}");
  });

  it("a blocked input is refused naming the guardrail, and nothing is sent to the embedding model", async () => {
    const from = openai.requests.length;
    await failsWith(invokeEmbed(MODELS.titanEmbed, { inputText: `tell me about ${DENIED}` }), "ValidationException", new RegExp(`${guardrail.id}.*blocked the input`));
    const refused = await openAiClient().embeddings.create({ model: MODELS.titanEmbed, input: ["fine", `and ${DENIED}`] }).then(() => undefined, (e: unknown) => e);
    assert.ok(refused instanceof OpenAI.BadRequestError, String(refused));
    assert.match(refused.message, /blocked the input/);
    assert.equal(openai.requests.length, from, "the provider was never called");
  });

  it("CountTokens: Anthropic's count endpoint and vLLM's /tokenize are sent the masked conversation, for both input forms", async () => {
    const fromAnthropic = anthropic.requests.length;
    const fromOpenAi = openai.requests.length;
    const converse = await runtime.send(new CountTokensCommand({ modelId: MODELS.claude, input: { converse: { messages: user(`My NI number is ${NI}`) } } }));
    assert.ok(converse.inputTokens! > 0);
    await runtime.send(new CountTokensCommand({
      modelId: MODELS.claude,
      input: { invokeModel: { body: json({ anthropic_version: "bedrock-2023-05-31", max_tokens: 10, messages: [{ role: "user", content: `NI ${NI}` }] }) } },
    }));
    assert.ok((await runtime.send(new CountTokensCommand({ modelId: MODELS.vllmLlama, input: { converse: { messages: user(`My NI number is ${NI}`) } } }))).inputTokens! > 0);
    const toAnthropic = sentSince(anthropic, fromAnthropic);
    const toVllm = sentSince(openai, fromOpenAi);
    assert.equal(anthropic.requests.length - fromAnthropic, 2);
    assert.equal(openai.requests.length - fromOpenAi, 1);
    assert.ok(!toAnthropic.includes(NI) && !toVllm.includes(NI), `${toAnthropic} ${toVllm}`);
    assert.ok(toAnthropic.includes("{UK_NATIONAL_INSURANCE_NUMBER}") && toVllm.includes("{UK_NATIONAL_INSURANCE_NUMBER}"), `${toAnthropic} ${toVllm}`);
    const record = await audited("CountTokens", converse.$metadata.requestId);
    assert.equal(record.additionalEventData.guardrail.origin, "ACCOUNT_ENFORCED");
    assert.equal(record.additionalEventData.guardrail.action, "INTERVENED");
  });

  it("Anthropic's count_tokens surface: the same check before the provider counts", async () => {
    const from = anthropic.requests.length;
    const client = new Anthropic({ baseURL: `${server.url}/anthropic`, apiKey: holder.longTerm, maxRetries: 0, fetchOptions: { dispatcher } as never });
    const counted = await client.messages.countTokens({ model: MODELS.claude, messages: [{ role: "user", content: `NI ${NI}` }] });
    assert.ok(counted.input_tokens > 0);
    const sent = sentSince(anthropic, from);
    assert.ok(!sent.includes(NI) && sent.includes("{UK_NATIONAL_INSURANCE_NUMBER}"), sent);
    const refused = await client.messages.countTokens({ model: MODELS.claude, messages: [{ role: "user", content: DENIED }] }).then(() => undefined, (e: unknown) => e);
    assert.ok(refused instanceof Anthropic.BadRequestError, String(refused));
    assert.equal(anthropic.requests.length - from, 1, "the blocked conversation was not sent to be counted");
  });

  it("CountTokens of a conversation the guardrail blocks is refused, and nothing is posted upstream", async () => {
    const fromAnthropic = anthropic.requests.length;
    const fromOpenAi = openai.requests.length;
    await failsWith(runtime.send(new CountTokensCommand({ modelId: MODELS.claude, input: { converse: { messages: user(`about ${DENIED}`) } } })),
      "ValidationException", new RegExp(`${guardrail.id} \\(version 1\\) enforced on this account blocked the input`));
    await failsWith(runtime.send(new CountTokensCommand({ modelId: MODELS.vllmLlama, input: { converse: { messages: user(`about ${DENIED}`) } } })), "ValidationException");
    assert.equal(anthropic.requests.length, fromAnthropic);
    assert.equal(openai.requests.length, fromOpenAi);
  });

  it("a caller that may not apply the enforced guardrail may not count tokens either", async () => {
    const iam = iamAs(server);
    const cannotApply = await keyHolder(iam, server, "count-no-apply", [...BEARER_USER]);
    iam.destroy();
    const client = runtimeAs(server, cannotApply.keys);
    await failsWith(client.send(new CountTokensCommand({ modelId: MODELS.claude, input: { converse: { messages: user("hello") } } })), "AccessDeniedException", /ApplyGuardrail/);
    client.destroy();
  });

  it("redact-and-restore on the enforced guardrail: the provider embeds a pseudonym, and the record counts it", async () => {
    await control.send(new TagResourceCommand({ resourceARN: guardrail.arn, tags: [{ key: "plinth:redact-and-restore", value: "true" }] }));
    try {
      const from = openai.requests.length;
      const out = await invokeEmbed(MODELS.titanEmbed, { inputText: `NI ${NI}` });
      const sent = sentSince(openai, from);
      assert.ok(!sent.includes(NI) && sent.includes("NI {UK_NATIONAL_INSURANCE_NUMBER_1}"), sent);
      assert.equal((await audited("InvokeModel", out.$metadata.requestId)).additionalEventData.guardrail.pseudonymised, 1);
    } finally {
      await control.send(new UntagResourceCommand({ resourceARN: guardrail.arn, tagKeys: ["plinth:redact-and-restore"] }));
    }
  });

  it("with the enforcement removed, the same calls send the text as given (so the checks above can see a leak)", async () => {
    await control.send(new DeleteEnforcedGuardrailConfigurationCommand({ configId }));
    const fromOpenAi = openai.requests.length;
    const fromAnthropic = anthropic.requests.length;
    await invokeEmbed(MODELS.titanEmbed, { inputText: `My NI number is ${NI}` });
    await runtime.send(new CountTokensCommand({ modelId: MODELS.claude, input: { converse: { messages: user(`My NI number is ${NI}`) } } }));
    assert.ok(sentSince(openai, fromOpenAi).includes(NI));
    assert.ok(sentSince(anthropic, fromAnthropic).includes(NI));
  });
});
