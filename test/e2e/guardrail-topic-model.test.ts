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
 * An operator points denied topics at a model (config guardrails.topics). The judge here is the
 * loopback's echo model, which answers with the text it was given, so each test chooses the
 * verdict through its text: "T1" names the first topic, "none" passes, prose is not a verdict and
 * fails closed, as does a code past the guardrail's topics. The judge receives the topics as
 * numbered codes in its instructions and the caller's text as the user turn.
 */
const JUDGE = "meta.llama3-1-8b-judge-v1:0";
const CHAT = "meta.llama3-1-8b-instruct-v1:0";

describe("an operator's model reads denied topics", () => {
  let upstream: Loopback;
  let server: RunningServer;
  let runtime: BedrockRuntimeClient;
  let guardrailId: string;

  before(async () => {
    upstream = await startOpenAiLoopback({ text: "Put it all in index funds." });
    server = await startServer({
      config: {
        region: "eu-west-2",
        providers: [{ id: "local", type: "openai", baseUrl: upstream.baseUrl, apiKey: "sk-loopback", processingRegion: "eu-west-2", timeoutMs: 5000 }],
        models: [
          { modelId: JUDGE, provider: "local", upstreamModel: "echo-model" },
          { modelId: CHAT, provider: "local", upstreamModel: "chat-model" },
        ],
        guardrails: { topics: { modelId: JUDGE } },
      },
    });
    const base = { endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1 };
    const handler = () => new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca }) });
    runtime = new BedrockRuntimeClient({ ...base, requestHandler: handler() });
    const control = new BedrockClient({ ...base, requestHandler: handler() });
    guardrailId = (await control.send(new CreateGuardrailCommand({
      name: "no-advice",
      topicPolicyConfig: {
        topicsConfig: [
          { name: "investment-advice", definition: "Recommendations on where to put money for a return.", examples: ["Should I buy index funds?"], type: "DENY" },
          { name: "elections", definition: "Which party or candidate to vote for.", type: "DENY" },
        ],
      },
      blockedInputMessaging: "I can't discuss that.", blockedOutputsMessaging: "I can't say that.",
    }))).guardrailId!;
    control.destroy();
  });
  after(async () => {
    runtime?.destroy();
    await server?.stop();
    await upstream?.close();
  });

  const apply = (text: string) => runtime.send(new ApplyGuardrailCommand({
    guardrailIdentifier: guardrailId, guardrailVersion: "DRAFT", source: "INPUT", content: [{ text: { text } }],
  }));
  const judged = () => upstream.requests.filter((r) => (r.body as { model?: string }).model === "echo-model");

  it("a topic the model names is blocked; the model was told the topics as codes and read the text as the user turn", async () => {
    const out = await apply("T1");
    assert.equal(out.action, "GUARDRAIL_INTERVENED");
    assert.deepEqual(out.outputs, [{ text: "I can't discuss that." }]);
    assert.deepEqual(out.assessments![0]!.topicPolicy!.topics, [{ name: "investment-advice", type: "DENY", action: "BLOCKED", detected: true }]);
    const sent = judged().at(-1)!.body as { messages: { role: string; content: string }[]; temperature?: number };
    assert.equal(sent.messages[0]!.role, "system");
    assert.match(sent.messages[0]!.content, /^T1: investment-advice\. Recommendations on where to put money for a return\. Examples: "Should I buy index funds\?"\.$/m);
    assert.match(sent.messages[0]!.content, /^T2: elections\. Which party or candidate to vote for\.$/m);
    assert.deepEqual(sent.messages.slice(1), [{ role: "user", content: "T1" }]);
    assert.equal(sent.temperature, 0);
  });

  it("'none' passes", async () => {
    const out = await apply("none");
    assert.equal(out.action, "NONE");
  });

  it("an answer that is not a verdict (here a topic's own example, which the built-in detector would block), or a code past the guardrail's topics, fails closed", async () => {
    await failsWith(apply("Should I buy index funds?"), "ServiceUnavailableException");
    await failsWith(apply("T3"), "ServiceUnavailableException");
  });

  it("Converse: the model decides before the chat model is called", async () => {
    const chats = () => upstream.requests.filter((r) => (r.body as { model?: string }).model === "chat-model").length;
    const before = chats();
    const out = await runtime.send(new ConverseCommand({
      modelId: CHAT, messages: [{ role: "user", content: [{ text: "T2" }] }], guardrailConfig: { guardrailIdentifier: guardrailId, guardrailVersion: "DRAFT", trace: "enabled" },
    }));
    assert.equal(out.stopReason, "guardrail_intervened");
    assert.equal(out.output!.message!.content![0]!.text, "I can't discuss that.");
    assert.deepEqual(out.trace!.guardrail!.inputAssessment![guardrailId]!.topicPolicy!.topics, [{ name: "elections", type: "DENY", action: "BLOCKED", detected: true }]);
    assert.equal(chats(), before);
  });
});
