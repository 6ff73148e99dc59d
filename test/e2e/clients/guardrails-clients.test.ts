import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { CreateGuardrailCommand, CreateGuardrailVersionCommand, CreateProvisionedModelThroughputCommand } from "@aws-sdk/client-bedrock";
import { BEARER_USER, keyHolder } from "../bearer-fixture.js";
import { bedrockAs, iamAs } from "../iam-admin.js";
import { MODELS, outcome, startClientsStack, upstreamAsked } from "./clients-stack.js";
import type { ClientsStack } from "./clients-stack.js";
import { BEFORE, BLOCKED_IN, BLOCKED_OUT, DENIED_IN, DENIED_OUT, NI, NI_MASK, RECORD, TAIL, tag } from "./guarded-prompts.js";
import type { Report } from "./report.js";

/**
 * Guardrails and provisioned throughput through the clients people use with Bedrock, each run
 * as its own process and configured the way its own docs say, against plinth in front of the
 * loopback Anthropic Messages API (clients-stack.ts): the Vercel AI SDK, LangChain's
 * ChatBedrockConverse, Strands Agents and Anthropic's Bedrock SDK. For each client: a UK National
 * Insurance number anonymised before the provider sees it (read from what the loopback
 * received), a denied phrase answered with the blocked messaging before any provider call, an
 * answer cut after a denied word on a stream in asynchronous mode, the trace where the client
 * exposes it, and a provisioned model's ARN as the model id for a plain and a streamed call.
 * guarded-prompts.ts holds the guardrail's words and the prompts; the *-guarded.ts scripts say
 * how each client is configured and what it does not support.
 */
type Json = Record<string, any>;

describe("guardrails and provisioned throughput through the clients people use with Bedrock", () => {
  let stack: ClientsStack;
  let guardrailId: string;
  /** A Bedrock API key whose user may also apply guardrails (a guarded call needs bedrock:ApplyGuardrail). */
  let apiKey: string;
  const settings: Record<string, string> = {};

  before(async () => {
    // Model units on the loopback provider, so its models can be provisioned.
    stack = await startClientsStack({ capacity: { maxConcurrency: 16, modelUnitConcurrency: 2, tokensPerMinute: 1_000_000, modelUnitTokensPerMinute: 100_000 } });
    const control = bedrockAs(stack.server, stack.server.credentials);
    try {
      const g = await control.send(new CreateGuardrailCommand({
        name: "clients-guard",
        wordPolicyConfig: { wordsConfig: [{ text: DENIED_IN }, { text: DENIED_OUT, inputEnabled: false, outputEnabled: true }] },
        sensitiveInformationPolicyConfig: { piiEntitiesConfig: [{ type: "UK_NATIONAL_INSURANCE_NUMBER", action: "ANONYMIZE" }] },
        blockedInputMessaging: BLOCKED_IN,
        blockedOutputsMessaging: BLOCKED_OUT,
        // Its owner allows callers the asynchronous stream mode (plinth's opt-in tag), which the async cases use.
        tags: [{ key: "plinth:async-streaming", value: "true" }],
      }));
      guardrailId = g.guardrailId!;
      const v = await control.send(new CreateGuardrailVersionCommand({ guardrailIdentifier: guardrailId }));
      const pt = await control.send(new CreateProvisionedModelThroughputCommand({ provisionedModelName: "clients-pt", modelId: MODELS.haiku, modelUnits: 1 }));
      assert.match(pt.provisionedModelArn!, /^arn:aws:bedrock:eu-west-2:\d{12}:provisioned-model\/[a-z0-9]{12}$/);
      Object.assign(settings, { GUARDRAIL_ID: guardrailId, GUARDRAIL_ARN: g.guardrailArn!, GUARDRAIL_VERSION: v.version!, PROVISIONED_ARN: pt.provisionedModelArn!, MODEL: MODELS.haiku });
    } finally {
      control.destroy();
    }
    const iam = iamAs(stack.server);
    apiKey = (await keyHolder(iam, stack.server, "guarded-client-user", [...BEARER_USER, "bedrock:ApplyGuardrail"]).finally(() => iam.destroy())).longTerm;
  });
  after(async () => { await stack?.stop(); });

  /** The provider saw the prompt tagged `scenario` with the number masked, never the number. */
  const maskedBeforeTheProvider = (client: string, scenario: string): void => {
    const asked = upstreamAsked(stack.upstream, tag(client, scenario));
    assert.equal(asked.length, 1, "the prompt reached the provider once");
    const said = JSON.stringify(asked[0]!.messages.at(-1).content);
    assert.ok(said.includes(NI_MASK), said);
    assert.ok(!said.includes(NI) && !said.includes(NI.replaceAll(" ", "")), "the provider never saw the number");
  };
  const neverAsked = (client: string, scenario: string): void => {
    assert.deepEqual(upstreamAsked(stack.upstream, tag(client, scenario)), [], "a blocked prompt never reaches the provider");
  };
  const maskedAnswer = (client: string, scenario: string) => `My NI number is ${NI_MASK} ${tag(client, scenario)}`;
  /** Bedrock's trace of the masked prompt: the entity found in the input, ANONYMIZED. */
  const piiTraced = (trace: Json | null): void => {
    const assessed = trace?.["guardrail"]?.inputAssessment?.[guardrailId];
    assert.deepEqual(assessed?.sensitiveInformationPolicy?.piiEntities, [{ match: NI, type: "UK_NATIONAL_INSURANCE_NUMBER", action: "ANONYMIZED", detected: true }]);
    assert.equal(trace!["guardrail"].actionReason, "Guardrail masked.");
  };
  /**
   * A tool round trip tagged `scenario`: the provider was asked twice (the call, then the answer
   * from the tool's result), and the record's NI number reached it masked, never as it was.
   */
  const toolResultMasked = (client: string, scenario: string): void => {
    const asked = stack.upstream.requests.map((r) => JSON.stringify(r.body)).filter((b) => b.includes(tag(client, scenario)));
    assert.equal(asked.length, 2, "the tool call, then the answer");
    assert.ok(asked[1]!.includes(`Customer record: NI ${NI_MASK}`), asked[1]);
    assert.ok(asked.every((b) => !b.includes(NI) && !b.includes(NI.replaceAll(" ", ""))), "the provider never saw the number");
  };
  const toolAnswer = `The tool said: Customer record: NI ${NI_MASK}`;
  /** The guardrail named by its ARN at DRAFT (trace enabled_full, which plinth answers as enabled): masked, and the trace says which version ran. */
  const byArnAtDraft = (text: string, trace: Json | null, client: string, invoke = false): void => {
    assert.equal(text, maskedAnswer(client, "ni-arn"));
    (invoke ? invokePiiTraced : piiTraced)(trace);
    const g = trace!["guardrail"];
    assert.equal((invoke ? g.input : g.inputAssessment)[guardrailId].appliedGuardrailDetails.guardrailVersion, "DRAFT");
    maskedBeforeTheProvider(client, "ni-arn");
  };
  /** Bedrock's trace of the cut answer: the word found in the output, BLOCKED. */
  const wordTraced = (trace: Json | null): void => {
    const assessed = (trace?.["guardrail"]?.outputAssessments?.[guardrailId] ?? []) as Json[];
    assert.deepEqual(assessed.flatMap((a) => a["wordPolicy"]?.customWords ?? []), [{ match: DENIED_OUT, action: "BLOCKED", detected: true }]);
    assert.equal(trace!["guardrail"].actionReason, "Guardrail blocked.");
  };
  /**
   * InvokeModel's trace is not Converse's: Bedrock keys the assessments `input` (guardrail id →
   * assessment) and `outputs` (one {guardrail id → assessment} per output assessment), as recorded
   * from Bedrock (traceloop/openllmetry's guardrail cassettes).
   */
  const invokePiiTraced = (trace: Json | null): void => {
    const g = trace?.["guardrail"];
    assert.deepEqual(Object.keys(g ?? {}).filter((k) => /Assessment/.test(k)), [], "no Converse keys");
    assert.deepEqual(g?.input?.[guardrailId]?.sensitiveInformationPolicy?.piiEntities, [{ match: NI, type: "UK_NATIONAL_INSURANCE_NUMBER", action: "ANONYMIZED", detected: true }]);
    assert.equal(g.actionReason, "Guardrail masked.");
  };
  const invokeWordTraced = (trace: Json | null): void => {
    const outputs = (trace?.["guardrail"]?.outputs ?? []) as Json[];
    assert.deepEqual(outputs.flatMap((o) => o[guardrailId]?.wordPolicy?.customWords ?? []), [{ match: DENIED_OUT, action: "BLOCKED", detected: true }]);
    assert.equal(trace!["guardrail"].actionReason, "Guardrail blocked.");
  };
  /** Asynchronous mode: the text before the word, and the word, went out as they came; then the blocked messaging, and nothing after. */
  const cutAfterTheWord = (deltas: string[]): void => {
    const all = deltas.join("");
    assert.ok(all.startsWith(`${BEFORE} ${DENIED_OUT}`), all.slice(0, 120));
    assert.ok(deltas.findIndex((d) => d.includes(DENIED_OUT)) > 1, "released in pieces, before the guardrail read the word");
    assert.equal(deltas.at(-1), BLOCKED_OUT);
    assert.ok(!all.includes(TAIL), "nothing after the cut");
  };
  const PAPER = { name: "Ada Lovelace", title: "Notes on the Analytical Engine", year: 42, tags: ["sample tags"] };
  const provisionedToolAnswer = `The tool said: ${RECORD}`;
  const provisionedReached = (client: string, scenario: string): void => {
    assert.equal(upstreamAsked(stack.upstream, tag(client, scenario)).length, 1, "the provisioned model's provider answered");
  };

  for (const auth of ["sigv4", "apikey"] as const) describe(`Vercel AI SDK, providerOptions.bedrock.guardrailConfig (${auth === "sigv4" ? "SigV4 keys" : "a Bedrock API key"})`, () => {
    const client = auth === "sigv4" ? "ai-sdk" : "ai-sdk-apikey";
    let report: Report;
    before(async () => { report = await stack.script("ai-sdk-guarded", { ...settings, AUTH: auth, CLIENT: client, BEDROCK_API_KEY: apiKey }); });

    it(`[${client}] generateText: the NI number is anonymised before the provider sees it; the trace is providerMetadata.bedrock.trace`, () => {
      const r = outcome(report, "generateText, NI number, trace enabled");
      assert.equal(r.text, maskedAnswer(client, "ni"));
      assert.equal(r.finishReason, "stop");
      piiTraced(r.trace);
      maskedBeforeTheProvider(client, "ni");
    });

    it(`[${client}] streamText: the same, with the trace from the stream's metadata event`, () => {
      const r = outcome(report, "streamText, NI number, trace enabled");
      assert.equal(r.text, maskedAnswer(client, "ni-stream"));
      assert.equal(r.finishReason, "stop");
      piiTraced(r.trace);
      maskedBeforeTheProvider(client, "ni-stream");
    });

    for (const [scenario, name] of [["tool", "generateText, a tool whose result carries the NI number"], ["tool-stream", "streamText, a tool whose result carries the NI number"]] as const) {
      it(`[${client}] ${name.split(",")[0]} with a tool: the tool's result is masked before the provider reads it`, () => {
        const r = outcome(report, name);
        assert.deepEqual(r.steps, [["lookup_customer"], []]);
        assert.equal(r.text, toolAnswer);
        assert.equal(r.finishReason, "stop");
        toolResultMasked(client, scenario);
      });
    }

    it(`[${client}] generateText with the guardrail's ARN at DRAFT, trace enabled_full`, () => {
      const r = outcome(report, "generateText, guardrail ARN, DRAFT, trace enabled_full");
      byArnAtDraft(r.text, r.trace, client);
      assert.equal(r.finishReason, "stop");
    });

    for (const [scenario, name] of [["blocked", "generateText, denied phrase"], ["blocked-stream", "streamText, denied phrase"]] as const) {
      it(`[${client}] ${name.split(",")[0]}: a denied phrase is answered with the blocked messaging, finishReason content-filter, no trace unless asked`, () => {
        const r = outcome(report, name);
        assert.equal(r.text, BLOCKED_IN);
        assert.equal(r.finishReason, "content-filter");
        assert.equal(r.trace, null);
        neverAsked(client, scenario);
      });
    }

    it(`[${client}] streamText, streamProcessingMode async: the answer is cut after the denied word, content-filter, the trace names the word`, () => {
      const r = outcome(report, "streamText async, denied word in the answer");
      cutAfterTheWord(r.deltas);
      assert.equal(r.finishReason, "content-filter");
      wordTraced(r.trace);
    });

    it(`[${client}] a provisioned model's ARN as the model id (encodeURIComponent in the path): generateText and streamText`, () => {
      const plain = outcome(report, "generateText, provisioned model ARN");
      assert.deepEqual(plain, { text: `Hello through a provisioned model ${tag(client, "pt")}`, finishReason: "stop" });
      const streamed = outcome(report, "streamText, provisioned model ARN");
      assert.equal(streamed.text, `Streaming through a provisioned model ${tag(client, "pt-stream")}`);
      assert.ok(streamed.deltas > 1);
      assert.equal(streamed.finishReason, "stop");
      provisionedReached(client, "pt");
      provisionedReached(client, "pt-stream");
    });

    it(`[${client}] the provisioned model's ARN with a tool, and generateObject (the SDK cannot tell an ARN is Anthropic's, and need not)`, () => {
      const tooled = outcome(report, "generateText with a tool, provisioned model ARN");
      assert.deepEqual(tooled, { text: provisionedToolAnswer, finishReason: "stop", steps: [["lookup_customer"], []] });
      assert.deepEqual(outcome(report, "generateObject, provisioned model ARN").object, PAPER);
    });
  });

  describe("LangChain, ChatBedrockConverse with guardrailConfig", () => {
    const client = "langchain";
    let report: Report;
    before(async () => { report = await stack.script("langchain-guarded", settings); });

    it("[langchain] invoke: the NI number is anonymised before the provider sees it; stopReason and trace in response_metadata", () => {
      const r = outcome(report, "invoke, NI number, trace enabled");
      assert.equal(r.text, maskedAnswer(client, "ni"));
      assert.equal(r.stopReason, "end_turn");
      piiTraced(r.trace);
      maskedBeforeTheProvider(client, "ni");
    });

    it("[langchain] stream: the same, the trace from the metadata chunk", () => {
      const r = outcome(report, "stream, NI number, trace enabled");
      assert.equal(r.text, maskedAnswer(client, "ni-stream"));
      assert.equal(r.stopReason, "end_turn");
      piiTraced(r.trace);
      maskedBeforeTheProvider(client, "ni-stream");
    });

    it("[langchain] invoke with the guardrail's ARN at DRAFT, trace enabled_full", () => {
      const r = outcome(report, "invoke, guardrail ARN, DRAFT, trace enabled_full");
      byArnAtDraft(r.text, r.trace, client);
      assert.equal(r.stopReason, "end_turn");
    });

    for (const [scenario, name] of [["blocked", "invoke, denied phrase"], ["blocked-stream", "stream, denied phrase"]] as const) {
      it(`[langchain] ${name.split(",")[0]}: a denied phrase is answered with the blocked messaging, stopReason guardrail_intervened`, () => {
        const r = outcome(report, name);
        assert.equal(r.text, BLOCKED_IN);
        assert.equal(r.stopReason, "guardrail_intervened");
        assert.equal(r.trace, null);
        neverAsked(client, scenario);
      });
    }

    it("[langchain] stream, streamProcessingMode async: the answer is cut after the denied word, guardrail_intervened, the trace names the word", () => {
      const r = outcome(report, "stream async, denied word in the answer");
      cutAfterTheWord(r.chunks);
      assert.equal(r.stopReason, "guardrail_intervened");
      wordTraced(r.trace);
    });

    it("[langchain] a provisioned model's ARN as `model`: invoke and stream", () => {
      const plain = outcome(report, "invoke, provisioned model ARN");
      assert.equal(plain.text, `Hello through a provisioned model ${tag(client, "pt")}`);
      assert.equal(plain.stopReason, "end_turn");
      const streamed = outcome(report, "stream, provisioned model ARN");
      assert.equal(streamed.text, `Streaming through a provisioned model ${tag(client, "pt-stream")}`);
      assert.ok(streamed.chunks.length > 1);
      provisionedReached(client, "pt");
      provisionedReached(client, "pt-stream");
    });

    it("[langchain] the provisioned model's ARN with bindTools: the call, then the answer from the tool's result", () => {
      assert.deepEqual(outcome(report, "bindTools round trip, provisioned model ARN"), { calls: ["lookup_customer"], answer: provisionedToolAnswer });
    });
  });

  describe("Strands Agents, BedrockModel guardrailConfig", () => {
    const client = "strands";
    let report: Report;
    before(async () => { report = await stack.script("strands-guarded", settings); });

    for (const [scenario, name] of [["ni-stream", "streamed, NI number"], ["ni", "Converse (stream: false), NI number"]] as const) {
      it(`[strands] ${name.split(",")[0]}: the NI number is anonymised before the provider sees it; a masked answer is no intervention, so nothing is redacted`, () => {
        const r = outcome(report, name);
        assert.equal(r.text, maskedAnswer(client, scenario));
        assert.equal(r.stopReason, "endTurn");
        piiTraced(r.trace);
        // Strands reads the trace: ANONYMIZED is not BLOCKED, so the agent's history keeps the user's own words.
        assert.deepEqual(r.redactions, []);
        assert.equal(r.history[0].text, `Say: My NI number is ${NI} ${tag(client, scenario)}`);
        maskedBeforeTheProvider(client, scenario);
      });
    }

    it("[strands] guardLatestUserMessage (the turn sent as guardContent), the guardrail's ARN at DRAFT, trace enabled_full", () => {
      const r = outcome(report, "streamed, guardrail ARN, DRAFT, trace enabled_full, guardLatestUserMessage");
      byArnAtDraft(r.text, r.trace, client);
      assert.equal(r.stopReason, "endTurn");
      assert.deepEqual(r.redactions, []);
    });

    it("[strands] an agent with a tool: the tool's result is masked before the provider reads it; nothing is redacted", () => {
      const r = outcome(report, "an agent with a tool whose result carries the NI number");
      assert.equal(r.text, toolAnswer);
      assert.equal(r.stopReason, "endTurn");
      assert.deepEqual(r.redactions, []);
      toolResultMasked(client, "tool");
    });

    it("[strands] streamed: a denied phrase is answered with the blocked messaging; guardrailIntervened; the trace makes Strands redact the user's turn", () => {
      const r = outcome(report, "streamed, denied phrase, default redaction");
      assert.equal(r.text, BLOCKED_IN);
      assert.equal(r.stopReason, "guardrailIntervened");
      assert.deepEqual(r.trace.guardrail.inputAssessment[guardrailId].wordPolicy.customWords, [{ match: DENIED_IN, action: "BLOCKED", detected: true }]);
      assert.deepEqual(r.redactions, [{ type: "modelRedactionEvent", inputRedaction: { replaceContent: "[User input redacted.]" } }]);
      assert.deepEqual(r.history, [{ role: "user", text: "[User input redacted.]" }, { role: "assistant", text: BLOCKED_IN }]);
      neverAsked(client, "blocked-stream");
    });

    it("[strands] Converse (stream: false), redaction.input false: blocked the same way, the user's turn kept", () => {
      const r = outcome(report, "Converse (stream: false), denied phrase, input redaction off");
      assert.equal(r.text, BLOCKED_IN);
      assert.equal(r.stopReason, "guardrailIntervened");
      assert.deepEqual(r.redactions, []);
      assert.equal(r.history[0].text, `Say: tell me about ${DENIED_IN} ${tag(client, "blocked")}`);
      neverAsked(client, "blocked");
    });

    it("[strands] streamed async with redaction.output: the answer is cut after the word, then Strands replaces it, keeping what the trace says the model wrote", () => {
      // With the default redaction (input true) Strands 1.16 would also replace the user's clean
      // turn on an output-only block (strands-agents/harness-sdk#3613, #3608): a client matter,
      // so this run turns input redaction off.
      const r = outcome(report, "streamed async, denied word in the answer, output redaction on");
      cutAfterTheWord(r.deltas);
      assert.equal(r.stopReason, "guardrailIntervened");
      wordTraced(r.trace);
      const released = r.deltas.slice(0, -1).join("");
      assert.deepEqual(r.trace.guardrail.modelOutput, [released]);
      assert.deepEqual(r.redactions, [{ type: "modelRedactionEvent", outputRedaction: { replaceContent: "[answer withheld]", redactedContent: released } }]);
      assert.equal(r.text, "[answer withheld]");
      assert.equal(r.history[0].text.includes(DENIED_OUT), true, "the user's turn kept");
    });

    for (const [scenario, name] of [["pt-stream", "streamed, provisioned model ARN"], ["pt", "Converse (stream: false), provisioned model ARN"]] as const) {
      it(`[strands] a provisioned model's ARN as modelId: ${name.split(",")[0]}`, () => {
        const r = outcome(report, name);
        assert.equal(r.stopReason, "endTurn");
        assert.equal(r.text, `${scenario === "pt" ? "Hello" : "Streaming"} through a provisioned model ${tag(client, scenario)}`);
        provisionedReached(client, scenario);
      });
    }

    it("[strands] an agent with a tool on the provisioned model's ARN", () => {
      const r = outcome(report, "an agent with a tool, provisioned model ARN");
      assert.equal(r.stopReason, "endTurn");
      assert.equal(r.text, provisionedToolAnswer);
      assert.equal(r.history.length, 4, "question, tool call, tool result, answer");
    });
  });

  describe("Anthropic Bedrock SDK, the X-Amzn-Bedrock-Guardrail* headers on InvokeModel", () => {
    const client = "anthropic-bedrock";
    let report: Report;
    before(async () => { report = await stack.script("anthropic-bedrock-guarded", settings); });

    it("[anthropic-bedrock] messages.create: the NI number is anonymised before the provider sees it; masking is an intervention; the trace in InvokeModel's shape", () => {
      const r = outcome(report, "create, NI number, trace enabled");
      assert.equal(r.text, maskedAnswer(client, "ni"));
      assert.equal(r.stop, "end_turn");
      assert.equal(r.action, "INTERVENED");
      invokePiiTraced(r.trace);
      maskedBeforeTheProvider(client, "ni");
    });

    it("[anthropic-bedrock] messages.create with the guardrail's ARN at DRAFT in the headers, X-Amzn-Bedrock-Trace ENABLED_FULL", () => {
      const r = outcome(report, "create, guardrail ARN, DRAFT, trace ENABLED_FULL");
      byArnAtDraft(r.text, r.trace, client, true);
      assert.equal(r.stop, "end_turn");
      assert.equal(r.action, "INTERVENED");
    });

    it("[anthropic-bedrock] messages.stream: the masked answer; the action and trace on the message_stop chunk", () => {
      const r = outcome(report, "stream, NI number, trace enabled");
      assert.equal(r.text, maskedAnswer(client, "ni-stream"));
      assert.equal(r.stop, "end_turn");
      assert.equal(r.action, "INTERVENED");
      invokePiiTraced(r.trace);
      maskedBeforeTheProvider(client, "ni-stream");
    });

    it("[anthropic-bedrock] messages.create: a denied phrase is answered with the blocked messaging, amazon-bedrock-guardrailAction INTERVENED", () => {
      const r = outcome(report, "create, denied phrase");
      assert.equal(r.text, BLOCKED_IN);
      // Anthropic's Messages API has no guardrail stop reason: the blocked messaging ends the turn.
      assert.equal(r.stop, "end_turn");
      assert.equal(r.action, "INTERVENED");
      assert.equal(r.trace, null, "no trace without X-Amzn-Bedrock-Trace");
      neverAsked(client, "blocked");
    });

    it("[anthropic-bedrock] messages.stream: a denied phrase is answered with the blocked messaging, INTERVENED on message_stop", () => {
      const r = outcome(report, "stream, denied phrase");
      assert.equal(r.text, BLOCKED_IN);
      assert.equal(r.stop, "end_turn");
      assert.equal(r.action, "INTERVENED");
      assert.equal(r.trace, null, "no trace without X-Amzn-Bedrock-Trace");
      neverAsked(client, "blocked-stream");
    });

    it("[anthropic-bedrock] messages.stream with the body's amazon-bedrock-guardrailConfig ASYNCHRONOUS: the answer is cut after the denied word; the trace names it", () => {
      const r = outcome(report, "stream ASYNCHRONOUS, denied word in the answer");
      cutAfterTheWord(r.deltas);
      assert.equal(r.action, "INTERVENED");
      invokeWordTraced(r.trace);
    });

    it("[anthropic-bedrock] a provisioned model's ARN as `model`: create and stream", () => {
      assert.deepEqual(outcome(report, "create, provisioned model ARN"), { text: `Hello through a provisioned model ${tag(client, "pt")}`, stop: "end_turn" });
      const streamed = outcome(report, "stream, provisioned model ARN");
      assert.equal(streamed.text, `Streaming through a provisioned model ${tag(client, "pt-stream")}`);
      assert.ok(streamed.deltas > 1);
      provisionedReached(client, "pt");
      provisionedReached(client, "pt-stream");
    });
  });
});
