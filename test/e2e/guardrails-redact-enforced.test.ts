import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { CreateGuardrailCommand, CreateGuardrailVersionCommand, DeleteEnforcedGuardrailConfigurationCommand, PutEnforcedGuardrailConfigurationCommand } from "@aws-sdk/client-bedrock";
import { ConverseCommand, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import type { ConverseStreamOutput } from "@aws-sdk/client-bedrock-runtime";
import { startE2e, MODELS } from "./fixture.js";
import type { E2e } from "./fixture.js";

/**
 * Redact-and-restore on a request with two guardrails, end to end with the official clients: an
 * account-enforced guardrail pseudonymises e-mail addresses, the request's own guardrail blocks
 * them in answers (and the other way round). The provider never sees the address, and the
 * caller never receives it: the output policy reads the answer as restored, Converse and
 * ConverseStream alike (the halves model streams the pseudonym in pieces).
 */
const EMAIL = "ada@example.org";
const PROMPT = `Write to ${EMAIL} today`;
const NO_ADDRESSES = "No addresses in answers.";
/** A Llama model served by the OpenAI loopback's halves-model: it repeats the prompt, each word streamed in two chunks. */
const HALVES = "meta.llama3-3-70b-instruct-v1:0";

describe("redact-and-restore beside a second guardrail, through the AWS SDK", () => {
  let e2e: E2e;
  let redacting: string;
  let noMailOut: string;

  before(async () => {
    e2e = await startE2e({ extraModels: [{ modelId: HALVES, provider: "openai-main", upstreamModel: "halves-model", providerName: "Meta" }] });
    const control = e2e.control();
    redacting = (await control.send(new CreateGuardrailCommand({
      name: "redacting",
      sensitiveInformationPolicyConfig: { piiEntitiesConfig: [{ type: "EMAIL", action: "ANONYMIZE", inputAction: "ANONYMIZE", outputAction: "NONE" }] },
      blockedInputMessaging: "no", blockedOutputsMessaging: "no",
      tags: [{ key: "plinth:redact-and-restore", value: "true" }],
    }))).guardrailId!;
    noMailOut = (await control.send(new CreateGuardrailCommand({
      name: "no-mail-out",
      sensitiveInformationPolicyConfig: { piiEntitiesConfig: [{ type: "EMAIL", action: "BLOCK", inputAction: "NONE", outputAction: "BLOCK" }] },
      blockedInputMessaging: "no", blockedOutputsMessaging: NO_ADDRESSES,
    }))).guardrailId!;
    for (const id of [redacting, noMailOut]) await control.send(new CreateGuardrailVersionCommand({ guardrailIdentifier: id }));
  });
  after(async () => { await e2e?.stop(); });

  const lastSent = (): string => JSON.stringify(e2e.openai.requests[e2e.openai.requests.length - 1]!.body);
  const ask = [{ role: "user" as const, content: [{ text: PROMPT }] }];

  /** Each arrangement: the guardrail the account enforces, the one the request names. */
  for (const [enforced, request] of [["redacting", "noMailOut"], ["noMailOut", "redacting"]] as const) {
    it(`enforced ${enforced}, requested ${request}: the provider sees a pseudonym, the caller neither it nor the address`, async () => {
      const ids = { redacting, noMailOut };
      const control = e2e.control();
      const { configId } = await control.send(new PutEnforcedGuardrailConfigurationCommand({
        guardrailInferenceConfig: { guardrailIdentifier: ids[enforced], guardrailVersion: "1" },
      }));
      try {
        const guardrailConfig = { guardrailIdentifier: ids[request], guardrailVersion: "DRAFT" };
        const out = await e2e.runtime().send(new ConverseCommand({ modelId: MODELS.echo, messages: ask, guardrailConfig }));
        assert.ok(lastSent().includes("Write to {EMAIL_1} today") && !lastSent().includes(EMAIL), lastSent());
        assert.equal(out.output!.message!.content![0]!.text, NO_ADDRESSES);
        assert.equal(out.stopReason, "guardrail_intervened");

        const streamed = await e2e.runtime().send(new ConverseStreamCommand({ modelId: HALVES, messages: ask, guardrailConfig }));
        let text = "";
        let stopReason: string | undefined;
        for await (const event of streamed.stream as AsyncIterable<ConverseStreamOutput>) {
          text += event.contentBlockDelta?.delta?.text ?? "";
          stopReason = event.messageStop?.stopReason ?? stopReason;
        }
        assert.ok(!lastSent().includes(EMAIL), lastSent());
        assert.ok(!text.includes(EMAIL) && !text.includes("{EMAIL_1}") && text.endsWith(NO_ADDRESSES), text);
        assert.equal(stopReason, "guardrail_intervened");
      } finally {
        await control.send(new DeleteEnforcedGuardrailConfigurationCommand({ configId: configId! }));
      }
    });
  }

  it("with the redacting guardrail alone the caller gets the address back, so the block above is the other guardrail's", async () => {
    const out = await e2e.runtime().send(new ConverseCommand({
      modelId: MODELS.echo, messages: ask, guardrailConfig: { guardrailIdentifier: redacting, guardrailVersion: "DRAFT" },
    }));
    assert.ok(!lastSent().includes(EMAIL));
    assert.equal(out.output!.message!.content![0]!.text, PROMPT);
  });
});
