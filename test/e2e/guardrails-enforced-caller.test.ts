import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { CreateGuardrailCommand, CreateGuardrailVersionCommand, DeleteEnforcedGuardrailConfigurationCommand, PutEnforcedGuardrailConfigurationCommand } from "@aws-sdk/client-bedrock";
import type { GuardrailSensitiveInformationAction } from "@aws-sdk/client-bedrock";
import { ConverseCommand, ConverseStreamCommand, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import type { ConverseStreamOutput, GuardrailConfiguration, GuardrailTraceAssessment } from "@aws-sdk/client-bedrock-runtime";
import { startE2e, MODELS } from "./fixture.js";
import type { E2e } from "./fixture.js";

/**
 * What a caller cannot do around a guardrail the account enforces, end to end with the official
 * clients: ask for the trace and read in it the address the administrator's output BLOCK or
 * ANONYMIZE withheld (Converse, ConverseStream's metadata event, InvokeModel's
 * amazon-bedrock-trace), with or without a guardrail of its own; nor name its own guardrail that
 * masks (or pseudonymises) the address on input so that the administrator's input BLOCK never
 * sees it. The echo model repeats the prompt; the halves model streams it in pieces.
 */
const EMAIL = "ada@example.org";
const PROMPT = `Write to ${EMAIL} today`;
const NO_ADDRESSES = "No addresses in answers.";
const ADMIN_REFUSED = "The administrator does not allow addresses.";
const HALVES = "meta.llama3-3-70b-instruct-v1:0";

describe("a caller's request around an account-enforced guardrail, through the AWS SDK", () => {
  let e2e: E2e;
  const ids: Record<string, string> = {};

  before(async () => {
    e2e = await startE2e({ extraModels: [{ modelId: HALVES, provider: "openai-main", upstreamModel: "halves-model", providerName: "Meta" }] });
    const control = e2e.control();
    const made = async (name: string, inputAction: GuardrailSensitiveInformationAction, outputAction: GuardrailSensitiveInformationAction, redacts = false) => {
      ids[name] = (await control.send(new CreateGuardrailCommand({
        name,
        sensitiveInformationPolicyConfig: { piiEntitiesConfig: [{ type: "EMAIL", action: "BLOCK", inputAction, outputAction }] },
        blockedInputMessaging: ADMIN_REFUSED, blockedOutputsMessaging: NO_ADDRESSES,
        ...(redacts ? { tags: [{ key: "plinth:redact-and-restore", value: "true" }] } : {}),
      }))).guardrailId!;
      await control.send(new CreateGuardrailVersionCommand({ guardrailIdentifier: ids[name] }));
    };
    await made("no-mail-out", "NONE", "BLOCK");
    await made("masks-mail-out", "NONE", "ANONYMIZE");
    await made("no-mail-in", "BLOCK", "NONE");
    await made("masks-mail-in", "ANONYMIZE", "NONE");
    await made("redacts-mail-in", "ANONYMIZE", "NONE", true);
    await made("detects-mail", "NONE", "NONE");
    ids["no-nightjar"] = (await control.send(new CreateGuardrailCommand({
      name: "no-nightjar", wordPolicyConfig: { wordsConfig: [{ text: "project nightjar" }] }, blockedInputMessaging: ADMIN_REFUSED, blockedOutputsMessaging: NO_ADDRESSES,
    }))).guardrailId!;
    // A caller's guardrail whose mask (a regex's mask is its name) writes the words the administrator denies.
    ids["writes-nightjar"] = (await control.send(new CreateGuardrailCommand({
      name: "writes-nightjar", sensitiveInformationPolicyConfig: { regexesConfig: [{ name: "project nightjar", pattern: "ticket-[0-9]+", action: "ANONYMIZE" }] },
      blockedInputMessaging: "no", blockedOutputsMessaging: "no",
    }))).guardrailId!;
    for (const name of ["no-nightjar", "writes-nightjar"]) await control.send(new CreateGuardrailVersionCommand({ guardrailIdentifier: ids[name] }));
  });
  after(async () => { await e2e?.stop(); });

  /** Runs `body` while the account enforces `name` (version 1) on every model. */
  const enforcing = async (name: string, body: () => Promise<void>): Promise<void> => {
    const { configId } = await e2e.control().send(new PutEnforcedGuardrailConfigurationCommand({ guardrailInferenceConfig: { guardrailIdentifier: ids[name], guardrailVersion: "1" } }));
    try {
      await body();
    } finally {
      await e2e.control().send(new DeleteEnforcedGuardrailConfigurationCommand({ configId: configId! }));
    }
  };
  const ask = [{ role: "user" as const, content: [{ text: PROMPT }] }];
  /** The trace's answer side: what the model said and what each output assessment found. */
  const answerSide = (trace: GuardrailTraceAssessment | Record<string, unknown>): string => {
    const t = trace as { modelOutput?: unknown; outputAssessments?: unknown; outputs?: unknown };
    return JSON.stringify({ m: t.modelOutput, o: t.outputAssessments ?? t.outputs });
  };
  const streamedTrace = async (modelId: string, guardrailConfig: GuardrailConfiguration) => {
    const out = await e2e.runtime().send(new ConverseStreamCommand({ modelId, messages: ask, guardrailConfig }));
    let text = "";
    let trace: GuardrailTraceAssessment | undefined;
    for await (const event of out.stream as AsyncIterable<ConverseStreamOutput>) {
      text += event.contentBlockDelta?.delta?.text ?? "";
      trace = event.metadata?.trace?.guardrail ?? trace;
    }
    return { text, trace: trace! };
  };

  /** Each arrangement: the caller's own guardrail (none: a guardrailConfig asking only for the trace), and what the caller receives. */
  for (const [own, caller] of [[undefined, NO_ADDRESSES], ["masks-mail-out", "Write to {EMAIL} today"]] as const) {
    it(`the trace asked for ${own ? `with the caller's ${own}` : "alone"} does not hold the address the enforced output BLOCK withheld`, async () => {
      await enforcing("no-mail-out", async () => {
        const guardrailConfig: GuardrailConfiguration = { ...(own ? { guardrailIdentifier: ids[own], guardrailVersion: "1" } : {}), trace: "enabled" };
        const out = await e2e.runtime().send(new ConverseCommand({ modelId: MODELS.echo, messages: ask, guardrailConfig }));
        assert.equal(out.output!.message!.content![0]!.text, caller);
        const trace = out.trace!.guardrail!;
        assert.equal(trace.modelOutput, undefined);
        assert.ok(!answerSide(trace).includes(EMAIL), answerSide(trace));
        const enforcedOut = trace.outputAssessments![ids["no-mail-out"]!]![0]!;
        assert.deepEqual(enforcedOut.appliedGuardrailDetails!.guardrailOrigin, ["ACCOUNT_ENFORCED"]);
        // The caller's own input is still quoted on the input side.
        assert.equal(trace.inputAssessment![ids["no-mail-out"]!]!.sensitiveInformationPolicy!.piiEntities![0]!.match, EMAIL);
        if (own) assert.equal(trace.outputAssessments![ids[own]!]![0]!.sensitiveInformationPolicy!.piiEntities![0]!.match, "{EMAIL}");
        else assert.equal(enforcedOut.sensitiveInformationPolicy!.piiEntities![0]!.match, "{EMAIL}");

        const streamed = await streamedTrace(HALVES, guardrailConfig);
        assert.ok(!streamed.text.includes(EMAIL), streamed.text);
        assert.ok(streamed.trace.outputAssessments !== undefined, "the metadata event carries the trace");
        assert.equal(streamed.trace.modelOutput, undefined);
        assert.ok(!answerSide(streamed.trace).includes(EMAIL), answerSide(streamed.trace));
      });
    });
  }

  it("InvokeModel's amazon-bedrock-trace does not hold the address the enforced output ANONYMIZE withheld", async () => {
    await enforcing("masks-mail-out", async () => {
      const out = await e2e.runtime().send(new InvokeModelCommand({
        modelId: MODELS.echo, contentType: "application/json", body: JSON.stringify({ prompt: PROMPT, max_gen_len: 64 }),
        guardrailIdentifier: ids["detects-mail"], guardrailVersion: "1", trace: "ENABLED",
      }));
      const answer = JSON.parse(Buffer.from(out.body).toString()) as Record<string, unknown>;
      const generation = String(answer["generation"]);
      assert.ok(generation.includes("{EMAIL}") && !generation.includes(EMAIL), generation);
      const trace = (answer["amazon-bedrock-trace"] as { guardrail: Record<string, unknown> }).guardrail;
      // The caller's own guardrail found the address too; its match is the placeholder.
      assert.match(JSON.stringify(trace["outputs"]), /"match":"\{EMAIL\}"/);
      assert.ok(!answerSide(trace).includes(EMAIL), answerSide(trace));
    });
  });

  it("with no enforced guardrail the trace is Bedrock's: the caller's own guardrail shows the caller what it masked", async () => {
    const out = await e2e.runtime().send(new ConverseCommand({
      modelId: MODELS.echo, messages: ask, guardrailConfig: { guardrailIdentifier: ids["masks-mail-out"], guardrailVersion: "1", trace: "enabled" },
    }));
    assert.equal(out.output!.message!.content![0]!.text, "Write to {EMAIL} today");
    assert.deepEqual(out.trace!.guardrail!.modelOutput, [PROMPT]);
  });

  for (const own of ["masks-mail-in", "redacts-mail-in"]) {
    it(`the caller's ${own} does not hide the address from the enforced input BLOCK: the administrator's refusal, nothing sent`, async () => {
      await enforcing("no-mail-in", async () => {
        const guardrailConfig = { guardrailIdentifier: ids[own], guardrailVersion: "1" };
        const sent = e2e.openai.requests.length;
        const out = await e2e.runtime().send(new ConverseCommand({ modelId: MODELS.echo, messages: ask, guardrailConfig }));
        assert.equal(out.output!.message!.content![0]!.text, ADMIN_REFUSED);
        assert.equal(out.stopReason, "guardrail_intervened");
        const streamed = await streamedTrace(HALVES, guardrailConfig);
        assert.equal(streamed.text, ADMIN_REFUSED);
        assert.equal(e2e.openai.requests.length, sent, "the provider was never called");
      });
    });
  }

  it("what the caller's guardrail writes into the prompt is read by the enforced guardrail before the provider sees it", async () => {
    await enforcing("no-nightjar", async () => {
      const sent = e2e.openai.requests.length;
      const out = await e2e.runtime().send(new ConverseCommand({
        modelId: MODELS.echo, messages: [{ role: "user", content: [{ text: "About ticket-7" }] }],
        guardrailConfig: { guardrailIdentifier: ids["writes-nightjar"], guardrailVersion: "1" },
      }));
      assert.equal(out.output!.message!.content![0]!.text, ADMIN_REFUSED);
      assert.equal(e2e.openai.requests.length, sent, "the provider was never called");
    });
  });
});
