import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Agent } from "node:https";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { BedrockClient, CreateGuardrailCommand } from "@aws-sdk/client-bedrock";
import { ApplyGuardrailCommand, BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { startOpenAiLoopback } from "../loopback/openai.js";
import type { Loopback } from "../loopback/openai.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";
import { failsWith } from "./iam-admin.js";

/**
 * An operator points content-filter categories at classifier models (config
 * guardrails.classifiers): loopback providers answer as Llama Guard does. VIOLENCE goes to one
 * that says "unsafe\nS1", HATE to one that says "safe", INSULTS to one that answers in prose (not
 * a verdict) and MISCONDUCT to one that never answers: the first blocks, the second passes, the
 * last two fail closed. The classifier model receives the text the filter reads.
 */
const GUARD_UNSAFE = "meta.llama-guard-3-8b-unsafe";
const GUARD_SAFE = "meta.llama-guard-3-8b-safe";
const GUARD_PROSE = "meta.llama-guard-3-8b-prose";
const GUARD_HANG = "meta.llama-guard-3-8b-hang";
const CHAT = "meta.llama3-1-8b-instruct-v1:0";

describe("operator classifier models behind the content-filter port", () => {
  let unsafe: Loopback;
  let safe: Loopback;
  let prose: Loopback;
  let server: RunningServer;
  let runtime: BedrockRuntimeClient;
  const guardrails: Record<string, string> = {};

  before(async () => {
    [unsafe, safe, prose] = await Promise.all([
      startOpenAiLoopback({ text: "unsafe\nS1" }), startOpenAiLoopback({ text: "safe" }), startOpenAiLoopback({ text: "I would say this looks fine to me." }),
    ]);
    const provider = (id: string, l: Loopback) => ({ id, type: "openai", baseUrl: l.baseUrl, apiKey: "sk-loopback", processingRegion: "eu-west-2", timeoutMs: 5000 });
    server = await startServer({
      config: {
        region: "eu-west-2",
        providers: [provider("unsafe", unsafe), provider("safe", safe), provider("prose", prose)],
        models: [
          { modelId: GUARD_UNSAFE, provider: "unsafe", upstreamModel: "chat-model" },
          { modelId: GUARD_SAFE, provider: "safe", upstreamModel: "chat-model" },
          { modelId: GUARD_PROSE, provider: "prose", upstreamModel: "chat-model" },
          { modelId: GUARD_HANG, provider: "safe", upstreamModel: "hang-model" },
          { modelId: CHAT, provider: "safe", upstreamModel: "echo-model" },
        ],
        guardrails: {
          classifiers: [
            { modelId: GUARD_UNSAFE, categories: ["VIOLENCE"] },
            { modelId: GUARD_SAFE, categories: ["HATE"] },
            { modelId: GUARD_PROSE, categories: ["INSULTS"] },
            { modelId: GUARD_HANG, categories: ["MISCONDUCT"], timeoutMs: 300 },
          ],
        },
      },
    });
    const base = { endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1 };
    const handler = () => new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca }) });
    runtime = new BedrockRuntimeClient({ ...base, requestHandler: handler() });
    const control = new BedrockClient({ ...base, requestHandler: handler() });
    for (const type of ["VIOLENCE", "HATE", "INSULTS", "MISCONDUCT"] as const) {
      guardrails[type] = (await control.send(new CreateGuardrailCommand({
        name: `only-${type.toLowerCase()}`,
        contentPolicyConfig: { filtersConfig: [{ type, inputStrength: "HIGH", outputStrength: "HIGH" }] },
        blockedInputMessaging: `blocked by ${type}`, blockedOutputsMessaging: `blocked by ${type}`,
      }))).guardrailId!;
    }
    control.destroy();
  });
  after(async () => {
    runtime?.destroy();
    await server?.stop();
    await Promise.all([unsafe?.close(), safe?.close(), prose?.close()]);
  });

  const apply = (type: string, text: string) => runtime.send(new ApplyGuardrailCommand({
    guardrailIdentifier: guardrails[type]!, guardrailVersion: "DRAFT", source: "INPUT", content: [{ text: { text } }],
  }));

  it("an 'unsafe\\nS1' verdict blocks VIOLENCE at HIGH confidence; the model read the text", async () => {
    const out = await apply("VIOLENCE", "a perfectly ordinary sentence");
    assert.equal(out.action, "GUARDRAIL_INTERVENED");
    assert.deepEqual(out.assessments![0]!.contentPolicy!.filters, [{ type: "VIOLENCE", confidence: "HIGH", filterStrength: "HIGH", action: "BLOCKED", detected: true }]);
    const sent = unsafe.requests.at(-1)!.body as { messages: { role: string; content: unknown }[]; temperature?: number };
    assert.equal(JSON.stringify(sent.messages).includes("a perfectly ordinary sentence"), true);
  });

  it("a 'safe' verdict passes, even for text the built-in classifier would flag", async () => {
    const out = await apply("HATE", "all immigrants are vermin");
    assert.equal(out.action, "NONE");
  });

  it("an answer that is not a verdict, or no answer in time, fails closed", async () => {
    await failsWith(apply("INSULTS", "hello"), "ServiceUnavailableException");
    await failsWith(apply("MISCONDUCT", "hello"), "ServiceUnavailableException");
  });

  it("Converse: the classifier decides before the chat model is called", async () => {
    const before = safe.requests.filter((r) => (r.body as { model?: string }).model === "echo-model").length;
    const out = await runtime.send(new ConverseCommand({
      modelId: CHAT, messages: [{ role: "user", content: [{ text: "anything" }] }], guardrailConfig: { guardrailIdentifier: guardrails["VIOLENCE"]!, guardrailVersion: "DRAFT" },
    }));
    assert.equal(out.stopReason, "guardrail_intervened");
    assert.equal(out.output!.message!.content![0]!.text, "blocked by VIOLENCE");
    assert.equal(safe.requests.filter((r) => (r.body as { model?: string }).model === "echo-model").length, before);
  });
});
