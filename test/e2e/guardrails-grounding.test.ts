import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { CreateGuardrailCommand, CreateGuardrailVersionCommand, GetGuardrailCommand, TagResourceCommand, UntagResourceCommand } from "@aws-sdk/client-bedrock";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { Agent } from "node:https";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { ApplyGuardrailCommand, ConverseCommand, ConverseStreamCommand, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import type { ConverseStreamOutput, Message } from "@aws-sdk/client-bedrock-runtime";
import { startE2e, MODELS } from "./fixture.js";
import type { E2e } from "./fixture.js";
import { failsWith } from "./iam-admin.js";

/**
 * Contextual grounding and redact-and-restore, end to end with the official clients. The chat
 * model answers a fixed sentence that contradicts the source (an invented year), the echo model
 * repeats the user's text (so it is grounded in a source the user sent); the loopback records
 * what the provider was sent, so the test can see the provider never had the real identifier.
 */
const SOURCE = "The Eiffel Tower was completed in 1889 for the World's Fair in Paris. It is 330 metres tall.";
const QUERY = "When was the Eiffel Tower completed?";
const INVENTED = "The Eiffel Tower was completed in 1925 by NASA.";
const NI = "AB123456C";
const BLOCKED_OUT = "That answer is not supported by the source.";

describe("contextual grounding and redact-and-restore, through the AWS SDK", () => {
  let e2e: E2e;
  let grounded: string;
  let redacting: { id: string; arn: string };

  before(async () => {
    // Debug logging, so the last test's look at the output covers the guardrail's own log lines.
    e2e = await startE2e({ text: INVENTED, env: { PLINTH_LOG_LEVEL: "debug" } });
    const control = e2e.control();
    grounded = (await control.send(new CreateGuardrailCommand({
      name: "grounded",
      contextualGroundingPolicyConfig: { filtersConfig: [{ type: "GROUNDING", threshold: 0.75 }, { type: "RELEVANCE", threshold: 0.5, action: "BLOCK", enabled: true }] },
      blockedInputMessaging: "no", blockedOutputsMessaging: BLOCKED_OUT,
      // Its owner allows callers the asynchronous stream mode (plinth's opt-in tag).
      tags: [{ key: "plinth:async-streaming", value: "true" }],
    }))).guardrailId!;
    const created = await control.send(new CreateGuardrailCommand({
      name: "redacting",
      sensitiveInformationPolicyConfig: {
        piiEntitiesConfig: [{ type: "UK_NATIONAL_INSURANCE_NUMBER", action: "ANONYMIZE", inputAction: "ANONYMIZE", outputAction: "NONE" }, { type: "EMAIL", action: "ANONYMIZE", outputAction: "NONE" }],
      },
      blockedInputMessaging: "no", blockedOutputsMessaging: "no",
      tags: [{ key: "plinth:redact-and-restore", value: "true" }],
    }));
    redacting = { id: created.guardrailId!, arn: created.guardrailArn! };
  });
  after(async () => { await e2e?.stop(); });

  it("CreateGuardrail keeps the grounding filters; GetGuardrail answers them in Bedrock's shape", async () => {
    const got = await e2e.control().send(new GetGuardrailCommand({ guardrailIdentifier: grounded }));
    assert.deepEqual(got.contextualGroundingPolicy, {
      filters: [{ type: "GROUNDING", threshold: 0.75, action: "BLOCK", enabled: true }, { type: "RELEVANCE", threshold: 0.5, action: "BLOCK", enabled: true }],
      tier: { tierName: "CLASSIC" },
    });
  });

  it("an out-of-range threshold, an unknown type or a repeated filter is refused naming the field", async () => {
    const create = (filtersConfig: unknown) => e2e.control().send(new CreateGuardrailCommand({
      name: "bad-grounding", blockedInputMessaging: "no", blockedOutputsMessaging: "no",
      contextualGroundingPolicyConfig: { filtersConfig: filtersConfig as never },
    }));
    await failsWith(create([{ type: "GROUNDING", threshold: 1 }]), "ValidationException", /contextualGroundingPolicyConfig\.filtersConfig\.0\.threshold/);
    await failsWith(create([{ type: "RELEVANCE", threshold: 0.5 }, { type: "FAITHFULNESS", threshold: 0.5 }]), "ValidationException", /contextualGroundingPolicyConfig\.filtersConfig\.1\.type/);
    await failsWith(create([{ type: "GROUNDING", threshold: 0.5 }, { type: "GROUNDING", threshold: 0.6 }]), "ValidationException", /contextualGroundingPolicyConfig\.filtersConfig\.1\.type/);
  });

  it("ApplyGuardrail scores the guarded answer against grounding_source and query, with Bedrock's assessment and units", async () => {
    const apply = (answer: string) => e2e.runtime().send(new ApplyGuardrailCommand({
      guardrailIdentifier: grounded, guardrailVersion: "DRAFT", source: "OUTPUT", content: [
        { text: { text: SOURCE, qualifiers: ["grounding_source"] } },
        { text: { text: QUERY, qualifiers: ["query"] } },
        { text: { text: answer, qualifiers: ["guard_content"] } },
      ],
    }));
    const bad = await apply(INVENTED);
    assert.equal(bad.action, "GUARDRAIL_INTERVENED");
    assert.deepEqual(bad.outputs, [{ text: BLOCKED_OUT }]);
    const filters = bad.assessments![0]!.contextualGroundingPolicy!.filters!;
    assert.deepEqual(filters.map((f) => [f.type, f.threshold, f.action, f.detected]), [["GROUNDING", 0.75, "BLOCKED", true], ["RELEVANCE", 0.5, "NONE", false]]);
    assert.ok(filters.every((f) => typeof f.score === "number" && f.score >= 0 && f.score <= 1));
    assert.equal(bad.usage!.contextualGroundingPolicyUnits, 3);
    const good = await apply("It was completed in 1889, for the World's Fair.");
    assert.equal(good.action, "NONE");
    assert.deepEqual(good.assessments![0]!.contextualGroundingPolicy!.filters!.map((f) => f.action), ["NONE", "NONE"]);
  });

  const groundedTurn = (): Message[] => [{
    role: "user", content: [
      { guardContent: { text: { text: SOURCE, qualifiers: ["grounding_source"] } } },
      { guardContent: { text: { text: QUERY, qualifiers: ["query"] } } },
    ],
  }];

  it("Converse: an answer the source does not support is blocked, with the grounding filters in the trace", async () => {
    const out = await e2e.runtime().send(new ConverseCommand({
      modelId: MODELS.llama, messages: groundedTurn(), guardrailConfig: { guardrailIdentifier: grounded, guardrailVersion: "DRAFT", trace: "enabled" },
    }));
    assert.equal(out.stopReason, "guardrail_intervened");
    assert.equal(out.output!.message!.content![0]!.text, BLOCKED_OUT);
    const outputs = (out.trace!.guardrail!.outputAssessments as Record<string, { contextualGroundingPolicy?: { filters?: { type: string; action: string }[] } }[]>)[grounded]!;
    assert.deepEqual(outputs[0]!.contextualGroundingPolicy!.filters!.map((f) => [f.type, f.action]), [["GROUNDING", "BLOCKED"], ["RELEVANCE", "NONE"]]);
  });

  it("Converse: an answer taken from the source passes (the echo model repeats it)", async () => {
    const out = await e2e.runtime().send(new ConverseCommand({
      modelId: MODELS.echo, messages: groundedTurn(), guardrailConfig: { guardrailIdentifier: grounded, guardrailVersion: "DRAFT" },
    }));
    assert.equal(out.stopReason, "end_turn");
    assert.ok(out.output!.message!.content![0]!.text!.includes("1889"));
  });

  it("InvokeModel: the groundingSource and query input tags feed the check; an unsupported answer is blocked", async () => {
    const body = JSON.stringify({
      anthropic_version: "bedrock-2023-05-31", max_tokens: 64, "amazon-bedrock-guardrailConfig": { tagSuffix: "g1" },
      messages: [{ role: "user", content: `<amazon-bedrock-guardrails-groundingSource_g1>${SOURCE}</amazon-bedrock-guardrails-groundingSource_g1> <amazon-bedrock-guardrails-query_g1>${QUERY}</amazon-bedrock-guardrails-query_g1>` }],
    });
    const before = e2e.anthropic.requests.length;
    const out = await e2e.runtime().send(new InvokeModelCommand({ modelId: MODELS.claude, contentType: "application/json", body, guardrailIdentifier: grounded, guardrailVersion: "DRAFT", trace: "ENABLED" }));
    const answer = JSON.parse(Buffer.from(out.body).toString()) as Record<string, unknown>;
    assert.equal(answer["amazon-bedrock-guardrailAction"], "INTERVENED");
    assert.equal((answer["content"] as { text: string }[])[0]!.text, BLOCKED_OUT);
    const sent = JSON.stringify(e2e.anthropic.requests.slice(before).at(-1)!.body);
    assert.ok(sent.includes("1889") && !sent.includes("amazon-bedrock-guardrails-"), "the model got the text without the tags");
  });

  const streamed = async (modelId: string, mode?: "sync" | "async") => {
    const out = await e2e.runtime().send(new ConverseStreamCommand({
      modelId, messages: groundedTurn(),
      guardrailConfig: { guardrailIdentifier: grounded, guardrailVersion: "DRAFT", trace: "enabled", ...(mode ? { streamProcessingMode: mode } : {}) },
    }));
    let text = "";
    let stop: string | undefined;
    let trace: Record<string, unknown> | undefined;
    for await (const event of out.stream as AsyncIterable<ConverseStreamOutput>) {
      text += event.contentBlockDelta?.delta?.text ?? "";
      stop ??= event.messageStop?.stopReason;
      trace ??= event.metadata?.trace?.guardrail as Record<string, unknown> | undefined;
    }
    const outputs = (trace?.["outputAssessments"] as Record<string, { contextualGroundingPolicy?: { filters?: { type: string; action: string }[] } }[]> | undefined)?.[grounded] ?? [];
    return { text, stop, grounding: outputs.flatMap((o) => o.contextualGroundingPolicy?.filters ?? []).map((f) => [f.type, f.action]) };
  };

  it("ConverseStream (sync): an ungrounded answer is held and replaced by the blocked messaging; a grounded one streams through", async () => {
    const bad = await streamed(MODELS.llama);
    assert.equal(bad.text, BLOCKED_OUT, "none of the invented answer reached the caller");
    assert.equal(bad.stop, "guardrail_intervened");
    assert.deepEqual(bad.grounding, [["GROUNDING", "BLOCKED"], ["RELEVANCE", "NONE"]]);
    const good = await streamed(MODELS.echo);
    assert.ok(good.text.includes("1889"), good.text);
    assert.equal(good.stop, "end_turn");
    assert.deepEqual(good.grounding, [["GROUNDING", "NONE"], ["RELEVANCE", "NONE"]]);
  });

  it("ConverseStream (async): the answer streams as it comes and is marked ungrounded at its end, as Bedrock documents", async () => {
    const bad = await streamed(MODELS.llama, "async");
    assert.equal(bad.text, INVENTED);
    assert.equal(bad.stop, "guardrail_intervened");
    assert.deepEqual(bad.grounding, [["GROUNDING", "BLOCKED"], ["RELEVANCE", "NONE"]]);
  });

  const lastSent = (): string => JSON.stringify(e2e.openai.requests[e2e.openai.requests.length - 1]!.body);
  const identifying = `My NI number is ${NI}, again ${NI.toLowerCase()}; mail ada@example.org`;

  it("redact-and-restore: the provider sees consistent pseudonyms, the caller gets the real identifiers back (Converse)", async () => {
    const out = await e2e.runtime().send(new ConverseCommand({
      modelId: MODELS.echo, messages: [{ role: "user", content: [{ text: identifying }] }],
      guardrailConfig: { guardrailIdentifier: redacting.id, guardrailVersion: "DRAFT" },
    }));
    const sent = lastSent();
    assert.ok(!sent.includes(NI) && !sent.toLowerCase().includes(NI.toLowerCase()) && !sent.includes("ada@example.org"), sent);
    assert.ok(sent.includes("is {UK_NATIONAL_INSURANCE_NUMBER_1}, again {UK_NATIONAL_INSURANCE_NUMBER_1}; mail {EMAIL_1}"), sent);
    assert.equal(out.output!.message!.content![0]!.text, `My NI number is ${NI}, again ${NI}; mail ada@example.org`);
    // The audit record says redact-and-restore ran and how many identifiers it kept back; never which.
    const { url, region, credentials, ca } = e2e.server;
    const trail = new CloudTrailClient({ endpoint: url, region, credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca }) }) });
    const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "Converse" }] }));
    const event = Events!.find((e) => JSON.parse(e.CloudTrailEvent!).requestID === out.$metadata.requestId)!;
    assert.equal(JSON.parse(event.CloudTrailEvent!).additionalEventData.guardrail.pseudonymised, 2);
    assert.doesNotMatch(event.CloudTrailEvent!, new RegExp(`${NI}|ada@example|_1\\}`, "i"));
    trail.destroy();
  });

  it("redact-and-restore: a pseudonym split across streamed chunks is restored whole (ConverseStream)", async () => {
    const out = await e2e.runtime().send(new ConverseStreamCommand({
      modelId: MODELS.echo, messages: [{ role: "user", content: [{ text: identifying }] }],
      guardrailConfig: { guardrailIdentifier: redacting.id, guardrailVersion: "DRAFT" },
    }));
    const deltas: string[] = [];
    for await (const event of out.stream as AsyncIterable<ConverseStreamOutput>) {
      if (event.contentBlockDelta?.delta?.text !== undefined) deltas.push(event.contentBlockDelta.delta.text);
    }
    assert.ok(!lastSent().includes(NI));
    assert.equal(deltas.join(""), `My NI number is ${NI}, again ${NI}; mail ada@example.org`);
    assert.ok(!deltas.some((d) => d.includes("{") || d.includes("}")), "no pseudonym fragment reached the caller");
  });

  it("without the tag the guardrail anonymises as Bedrock does, and a numbered version follows the tag too", async () => {
    await e2e.control().send(new UntagResourceCommand({ resourceARN: redacting.arn, tagKeys: ["plinth:redact-and-restore"] }));
    const plain = await e2e.runtime().send(new ConverseCommand({
      modelId: MODELS.echo, messages: [{ role: "user", content: [{ text: identifying }] }],
      guardrailConfig: { guardrailIdentifier: redacting.id, guardrailVersion: "DRAFT" },
    }));
    assert.equal(plain.output!.message!.content![0]!.text, "My NI number is {UK_NATIONAL_INSURANCE_NUMBER}, again {UK_NATIONAL_INSURANCE_NUMBER}; mail {EMAIL}");
    await failsWith(e2e.control().send(new TagResourceCommand({ resourceARN: redacting.arn, tags: [{ key: "plinth:redact-and-restore", value: "yes" }] })),
      "ValidationException", /tags\.0\.value/);
    await e2e.control().send(new TagResourceCommand({ resourceARN: redacting.arn, tags: [{ key: "plinth:redact-and-restore", value: "true" }] }));
    const version = (await e2e.control().send(new CreateGuardrailVersionCommand({ guardrailIdentifier: redacting.id }))).version!;
    const restored = await e2e.runtime().send(new ConverseCommand({
      modelId: MODELS.echo, messages: [{ role: "user", content: [{ text: identifying }] }],
      guardrailConfig: { guardrailIdentifier: redacting.id, guardrailVersion: version },
    }));
    assert.ok(restored.output!.message!.content![0]!.text!.includes(NI));
  });

  it("nothing plinth printed holds an identifier redact-and-restore kept from the provider", () => {
    const printed = e2e.server.stdout() + e2e.server.stderr();
    assert.match(printed, /guardrail evaluated/, "debug lines were written, so their absence of identifiers means something");
    assert.ok(!printed.includes(NI) && !printed.toLowerCase().includes(NI.toLowerCase()) && !printed.includes("ada@example.org"));
  });
});
