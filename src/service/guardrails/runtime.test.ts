import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fault, sensitive } from "../../kernel/index.js";
import type { Conversation, ConverseResult, NotedGuardrailEvaluation, RequestContext, RequestNotes, StreamEvent } from "../../kernel/index.js";
import type { GuardrailPolicies } from "../../guardrails/config.js";
import type { Evaluation } from "../../guardrails/ports.js";
import { standInFacts } from "../../guardrails/evaluator.fixture.js";
import type { ModelProvider } from "../../providers/port.js";
import { ModelCatalogue } from "../catalogue.js";
import type { ConverseCommand } from "../commands.js";
import { InferenceService } from "../inference.js";
import type { GuardrailDirectory, ResolvedGuardrail } from "./directory.js";
import type { GuardrailEngine } from "./engine.js";
import { GuardrailRuntime, MAX_GUARDED_CHARACTERS } from "./runtime.js";
import { MAX_GUARDED_ANSWER_CHARACTERS } from "./stream-guard.js";
import { ASYNC_STREAMING_TAG } from "./opt-in-tags.js";

/**
 * The runtime's part, with a stand-in evaluator (the real one has its own tests): which texts
 * reach the guardrail, what a block or a mask does to the request, the answer and the stream,
 * what the provider sees, and what the request's notes say.
 */
const policies: GuardrailPolicies = { blockedInputMessaging: "Input refused.", blockedOutputsMessaging: "Output refused." };
const guardrail: ResolvedGuardrail = {
  arn: "arn:aws:bedrock:us-east-1:111122223333:guardrail/g1", guardrailId: "g1", version: "1", policies, revision: "1",
};
const directory: GuardrailDirectory = {
  resolveForInference: async (_account, identifier, version) => {
    if (identifier === "g2" && version === "3") return { ...guardrail, arn: guardrail.arn.replace("g1", "g2"), guardrailId: "g2", version: "3", revision: "3" };
    if (identifier !== "g1" || version !== "1") throw new Fault("not-found", "no such guardrail");
    return guardrail;
  },
};

/** "BLOCK" anywhere blocks; an e-mail address is masked as {EMAIL}; "EXPLODE" makes the detector fail. */
const seen: { source: string; texts: readonly string[]; total?: number }[] = [];
let compiles = 0;
const engine: GuardrailEngine<GuardrailPolicies> = {
  scanner: () => { throw new Error("set below"); },
  compile: (p) => (compiles++, p),
  evaluate: async (_c, source, texts, options = {}): Promise<Evaluation> => {
    seen.push({ source, texts, ...(options.totalCharacters === undefined ? {} : { total: options.totalCharacters }) });
    if (texts.some((t) => t.includes("EXPLODE"))) throw new Fault("service-unavailable", "detector failed");
    const blocked = texts.some((t) => t.includes("BLOCK"));
    let emails = 0;
    const outputs = texts.map((t) => t.replace(/\b\S+@\S+\.\w+\b/g, () => (emails++, "{EMAIL}")));
    const masked = emails > 0;
    const action = blocked || masked ? "GUARDRAIL_INTERVENED" : "NONE";
    return {
      action, blocked,
      usage: { topicPolicyUnits: 0, contentPolicyUnits: 0, wordPolicyUnits: 1, sensitiveInformationPolicyUnits: 1, sensitiveInformationPolicyFreeUnits: 0, contextualGroundingPolicyUnits: 0 },
      facts: standInFacts(action, source, {
        outcome: blocked ? "BLOCKED" : masked ? "ANONYMIZED" : "NONE",
        policies: [...(blocked ? ["word" as const] : []), ...(masked ? ["sensitiveInformation" as const] : [])],
        piiEntities: masked ? { EMAIL: emails } : {}, customWords: blocked ? 1 : 0,
      }),
      outputs: sensitive(outputs),
      assessment: sensitive({ marker: source }),
    };
  },
};

/**
 * The stand-in's stream scanner: releases what precedes the last space (an address never
 * contains one, so it is never cut), masked; blocks once "BLOCK" has arrived; evaluates what it
 * saw with the stand-in evaluator.
 */
const scannerOptions: unknown[] = [];
engine.scanner = (_c, _source, options) => {
  scannerOptions.push(options);
  let pending = "";
  let all = "";
  let evaluation: Evaluation | undefined;
  const step = async (final: boolean) => {
    const cut = final ? pending.length : pending.lastIndexOf(" ") + 1;
    const result = await engine.evaluate(policies, "OUTPUT", [pending]);
    evaluation = await engine.evaluate(policies, "OUTPUT", [all]);
    if (result.blocked) return { text: sensitive(""), blocked: true };
    const masked = result.outputs.reveal()[0]!;
    // What lies past the cut is held; the stand-in masks only whole words, so cut the masked text at its last space too.
    const release = final ? masked : masked.slice(0, masked.lastIndexOf(" ") + 1);
    pending = pending.slice(cut);
    return { text: sensitive(release), blocked: false };
  };
  return {
    push: async (chunk: string) => { pending += chunk; all += chunk; return step(false); },
    end: () => step(true),
    evaluation: () => evaluation!,
  };
};

const providerSaw: Conversation[] = [];
let answer = "Write to bob@example.org please";
/** When set, the unstreamed answer also calls a tool with this input (the streamed one always calls it, with `{}` when unset). */
let toolInput: unknown;
const provider = {
  id: "p",
  converse: async (req: { conversation: { reveal(): Conversation } }): Promise<ConverseResult> => {
    providerSaw.push(req.conversation.reveal());
    const call = toolInput === undefined ? [] : [{ type: "toolUse" as const, toolUseId: "t1", name: "lookup", input: toolInput }];
    return { message: sensitive({ role: "assistant", content: [{ type: "text", text: answer }, ...call] }), stopReason: call.length > 0 ? "tool_use" : "end_turn", usage: { inputTokens: 3, outputTokens: 5, totalTokens: 8 } };
  },
  converseStream: (req: { conversation: { reveal(): Conversation } }) => (async function* (): AsyncGenerator<StreamEvent> {
    providerSaw.push(req.conversation.reveal());
    yield { type: "messageStart", role: "assistant" };
    const half = Math.floor(answer.length / 2);
    yield { type: "contentBlockDelta", index: 0, delta: sensitive({ text: answer.slice(0, half) }) };
    yield { type: "contentBlockDelta", index: 0, delta: sensitive({ text: answer.slice(half) }) };
    yield { type: "contentBlockStop", index: 0 };
    yield { type: "contentBlockStart", index: 1, toolUse: { toolUseId: "t1", name: "lookup" } };
    yield { type: "contentBlockDelta", index: 1, delta: sensitive({ toolUseInput: JSON.stringify(toolInput ?? {}) }) };
    yield { type: "contentBlockStop", index: 1 };
    yield { type: "messageStop", stopReason: "tool_use" };
    yield { type: "metadata", usage: { inputTokens: 3, outputTokens: 5, totalTokens: 8 } };
  })(),
} as unknown as ModelProvider;

const model = {
  name: "t", providerName: "Test", inputModalities: ["TEXT"] as const, outputModalities: ["TEXT"] as const, streaming: true,
  lifecycle: "ACTIVE" as const, providerId: "p", upstreamModel: "u", processingRegion: "us-east-1", timeoutMs: 1000, modelId: "test.chat-v1",
};
const service = new InferenceService(new ModelCatalogue([model], new Map([["p", provider]])), new GuardrailRuntime(directory, engine));

function context(): { ctx: RequestContext; notes: RequestNotes } {
  const notes: RequestNotes = {};
  return { notes, ctx: { signal: new AbortController().signal, notes, receivedAt: new Date(), principal: { accountId: "111122223333" } } as unknown as RequestContext };
}

function command(conversation: Conversation, trace?: "enabled"): ConverseCommand {
  return { modelId: "test.chat-v1", conversation: sensitive(conversation), inference: {}, guardrail: { identifier: "g1", version: "1", ...(trace ? { trace } : {}) } };
}

/** A note's entry for one guardrail and direction: nothing found unless `found` says what was. */
function noted(identifier: string, version: string, origin: NotedGuardrailEvaluation["origin"], source: NotedGuardrailEvaluation["source"], found: Partial<NotedGuardrailEvaluation>): NotedGuardrailEvaluation {
  return {
    identifier, version, origin, source, action: "NONE", outcome: "NONE", evaluations: 1, policies: [], piiEntities: {}, regexes: [], topics: [],
    contentFilters: {}, customWords: 0, managedWords: 0, contextualGrounding: [], ...found,
  };
}

const user = (text: string, guard?: true) => ({ role: "user" as const, content: [{ type: "text" as const, text, ...(guard ? { guard } : {}) }] });
const details = { guardrailId: "g1", guardrailVersion: "1", guardrailArn: guardrail.arn, guardrailOrigin: ["REQUEST"], guardrailOwnership: "SELF" };
const assessed = (marker: string) => ({ marker, appliedGuardrailDetails: details });
const textOf = (r: ConverseResult) => r.message.reveal().content.map((b) => (b.type === "text" ? b.text : "")).join("");

async function drain(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const e of stream) out.push(e);
  return out;
}

describe("GuardrailRuntime at the inference choke point", () => {
  it("masks the input before the provider sees it, and the output before the caller does", async () => {
    providerSaw.length = 0; answer = "Write to bob@example.org please";
    const { ctx, notes } = context();
    const result = await service.converse(command({ system: [{ type: "text", text: "sys alice@example.com" }], messages: [user("I am alice@example.com")] }), ctx);
    assert.equal(providerSaw[0]!.messages[0]!.content[0]!.type === "text" && providerSaw[0]!.messages[0]!.content[0]!.text, "I am {EMAIL}");
    assert.equal(providerSaw[0]!.system[0]!.text, "sys alice@example.com", "an unmarked system prompt is not evaluated");
    assert.equal(textOf(result), "Write to {EMAIL} please");
    assert.equal(result.stopReason, "guardrail_intervened");
    assert.equal(result.guardrailTrace, undefined, "no trace unless asked");
    assert.deepEqual(notes.guardrail, {
      identifier: "g1", version: "1", action: "INTERVENED", origin: "REQUEST", policies: ["sensitiveInformation"],
      evaluations: [
        noted("g1", "1", "REQUEST", "INPUT", { action: "GUARDRAIL_INTERVENED", outcome: "ANONYMIZED", policies: ["sensitiveInformation"], piiEntities: { EMAIL: 1 } }),
        noted("g1", "1", "REQUEST", "OUTPUT", { action: "GUARDRAIL_INTERVENED", outcome: "ANONYMIZED", policies: ["sensitiveInformation"], piiEntities: { EMAIL: 1 } }),
      ],
    });
  });

  it("notes each guardrail's evaluations per direction, a stream's summed; the total it is given counts what guardContent left out", async () => {
    answer = "mail carol@example.net and dave@example.net now"; toolInput = { cc: "frank@example.net" };
    seen.length = 0;
    const { ctx, notes } = context();
    const conversation: Conversation = {
      system: [{ type: "text", text: "unmarked system" }],
      messages: [{ role: "user", content: [{ type: "text", text: "BLOCK outside" }, { type: "text", text: "me at erin@example.com", guard: true }] }],
    };
    try {
      await drain(await service.converseStream(command(conversation), ctx));
    } finally {
      toolInput = undefined;
    }
    assert.deepEqual(seen[0], { source: "INPUT", texts: ["me at erin@example.com"], total: "unmarked system".length + "BLOCK outside".length + "me at erin@example.com".length });
    assert.deepEqual(notes.guardrail!.evaluations, [
      noted("g1", "1", "REQUEST", "INPUT", { action: "GUARDRAIL_INTERVENED", outcome: "ANONYMIZED", policies: ["sensitiveInformation"], piiEntities: { EMAIL: 1 } }),
      // The text block and the tool call are evaluated apart, and noted as one.
      noted("g1", "1", "REQUEST", "OUTPUT", { action: "GUARDRAIL_INTERVENED", outcome: "ANONYMIZED", policies: ["sensitiveInformation"], piiEntities: { EMAIL: 3 }, evaluations: 2 }),
    ]);
  });

  it("a blocked input never reaches the provider: the blocked messaging, guardrail_intervened, and the trace when asked", async () => {
    providerSaw.length = 0;
    const { ctx } = context();
    const result = await service.converse(command({ system: [], messages: [user("please BLOCK this")] }, "enabled"), ctx);
    assert.equal(providerSaw.length, 0);
    assert.equal(textOf(result), "Input refused.");
    assert.equal(result.stopReason, "guardrail_intervened");
    assert.deepEqual(result.guardrailTrace!.reveal(), { inputAssessment: { g1: assessed("INPUT") }, actionReason: "Guardrail blocked." });
  });

  it("guardContent narrows what is evaluated: an unmarked BLOCK passes, the marked text is checked", async () => {
    seen.length = 0; providerSaw.length = 0; answer = "fine";
    const { ctx, notes } = context();
    const result = await service.converse(command({ system: [], messages: [{ role: "user", content: [{ type: "text", text: "BLOCK outside" }, { type: "text", text: "inside", guard: true }] }] }), ctx);
    assert.deepEqual(seen[0], { source: "INPUT", texts: ["inside"], total: "BLOCK outside".length + "inside".length });
    assert.equal(textOf(result), "fine");
    assert.equal(result.stopReason, "end_turn");
    assert.equal(notes.guardrail!.action, "NONE");
  });

  it("a blocked output is replaced by the blocked messaging, with the model's words only in the trace", async () => {
    answer = "I will BLOCK you";
    const { ctx } = context();
    const result = await service.converse(command({ system: [], messages: [user("hello")] }, "enabled"), ctx);
    assert.equal(textOf(result), "Output refused.");
    assert.deepEqual(result.guardrailTrace!.reveal(), {
      modelOutput: ["I will BLOCK you"], inputAssessment: { g1: assessed("INPUT") }, outputAssessments: { g1: [assessed("OUTPUT")] }, actionReason: "Guardrail blocked.",
    });
  });

  it("a stream releases no text before it is checked: masked whole, tool use untouched, stop reason and trace", async () => {
    answer = "mail carol@example.net now";
    const { ctx } = context();
    const events = await drain(await service.converseStream(command({ system: [], messages: [user("hello")] }, "enabled"), ctx));
    const texts = events.flatMap((e) => (e.type === "contentBlockDelta" && "text" in e.delta.reveal() ? [(e.delta.reveal() as { text: string }).text] : []));
    assert.ok(texts.length > 1, `released as it arrived: ${JSON.stringify(texts)}`);
    assert.equal(texts.join(""), "mail {EMAIL} now");
    assert.ok(texts.every((t) => !t.includes("carol") && !t.includes("example")), "no part of the address ever left");
    assert.ok(events.some((e) => e.type === "contentBlockDelta" && "toolUseInput" in e.delta.reveal()));
    const stop = events.find((e) => e.type === "messageStop");
    assert.equal(stop?.type === "messageStop" && stop.stopReason, "guardrail_intervened");
    const meta = events.at(-1)!;
    assert.ok(meta.type === "metadata" && meta.guardrailTrace !== undefined && meta.usage.outputTokens === 5);
  });

  it("a blocked stream: the blocked messaging replaces the block and everything after it", async () => {
    answer = "now BLOCK";
    const { ctx } = context();
    const events = await drain(await service.converseStream(command({ system: [], messages: [user("hello")] }), ctx));
    // "now " was checked before "BLOCK" arrived and may have gone; nothing of the rest does, the tool call included.
    assert.deepEqual(events.map((e) => e.type), ["messageStart", "contentBlockDelta", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata"]);
    const texts = events.flatMap((e) => (e.type === "contentBlockDelta" ? [(e.delta.reveal() as { text: string }).text] : []));
    assert.deepEqual(texts, ["now ", "Output refused."]);
    const stop = events.find((e) => e.type === "messageStop");
    assert.equal(stop?.type === "messageStop" && stop.stopReason, "guardrail_intervened");
  });

  it("fails closed: a detector failure is the request's failure, and the provider is never called", async () => {
    providerSaw.length = 0;
    const { ctx } = context();
    await assert.rejects(service.converse(command({ system: [], messages: [user("EXPLODE")] }), ctx), (e: unknown) => e instanceof Fault && e.kind === "service-unavailable");
    assert.equal(providerSaw.length, 0);
  });

  it("an unknown guardrail or version is not found; each version is compiled once", async () => {
    const { ctx } = context();
    await assert.rejects(service.converse({ ...command({ system: [], messages: [user("hi")] }), guardrail: { identifier: "g2", version: "1" } }, ctx), (e: unknown) => e instanceof Fault && e.kind === "not-found");
    const before = compiles;
    answer = "ok";
    await service.converse(command({ system: [], messages: [user("hi")] }), context().ctx);
    await service.converse(command({ system: [], messages: [user("hi")] }), context().ctx);
    assert.equal(compiles, before, "served from the compiled cache");
  });

  it("an enforced guardrail reads the input first, as its scope says, so its block comes before the request's guardrail reads; its trace and the note say ACCOUNT_ENFORCED", async () => {
    const enforced = { forInference: async () => [{ configId: "c1", identifier: "g2", version: "3", selective: { system: "COMPREHENSIVE" as const, messages: "COMPREHENSIVE" as const } }] };
    const both = new InferenceService(new ModelCatalogue([model], new Map([["p", provider]])), new GuardrailRuntime(directory, engine, undefined, enforced));
    seen.length = 0; answer = "fine";
    const { ctx, notes } = context();
    const result = await both.converse(command({ system: [{ type: "text", text: "system alice@example.com" }], messages: [{ role: "user", content: [{ type: "text", text: "BLOCK me" }, { type: "text", text: "marked", guard: true }] }] }, "enabled"), ctx);
    assert.deepEqual(seen.map((e) => e.texts), [["system alice@example.com", "BLOCK me", "marked"]], "the enforced guardrail reads everything (COMPREHENSIVE), and blocks before the request's reads");
    assert.equal(textOf(result), "Input refused.");
    const trace = result.guardrailTrace!.reveal() as { inputAssessment: Record<string, { appliedGuardrailDetails: { guardrailOrigin: string[] } }> };
    assert.deepEqual(Object.keys(trace.inputAssessment), ["g2"]);
    assert.deepEqual(trace.inputAssessment["g2"]!.appliedGuardrailDetails.guardrailOrigin, ["ACCOUNT_ENFORCED"]);
    assert.deepEqual(notes.guardrail, {
      identifier: "g2", version: "3", action: "INTERVENED", origin: "ACCOUNT_ENFORCED", policies: ["word", "sensitiveInformation"],
      evaluations: [
        noted("g2", "3", "ACCOUNT_ENFORCED", "INPUT", { action: "GUARDRAIL_INTERVENED", outcome: "BLOCKED", policies: ["word", "sensitiveInformation"], piiEntities: { EMAIL: 1 }, customWords: 1 }),
      ],
    }, "the enforced guardrail's input alone, with its origin; no output was evaluated");

    // What the enforced guardrail lets through (masked) is what the request's guardrail reads.
    seen.length = 0; providerSaw.length = 0;
    const masked = await both.converse(command({ system: [], messages: [{ role: "user", content: [{ type: "text", text: "hello" }, { type: "text", text: "marked carol@example.com", guard: true }] }] }), context().ctx);
    assert.deepEqual(seen.map((e) => [e.source, e.texts]), [["INPUT", ["hello", "marked carol@example.com"]], ["INPUT", ["marked {EMAIL}"]], ["OUTPUT", ["fine"]], ["OUTPUT", ["fine"]]]);
    assert.equal(textOf(masked), "fine");
    assert.deepEqual(providerSaw[0]!.messages[0]!.content.map((b) => (b as { text: string }).text), ["hello", "marked {EMAIL}"]);
  });

  it("refuses more caller text than one evaluation may read, before any detector runs (the detectors block the event loop)", async () => {
    seen.length = 0; providerSaw.length = 0;
    const { ctx } = context();
    const long = "a".repeat(MAX_GUARDED_CHARACTERS + 1);
    await assert.rejects(service.converse(command({ system: [], messages: [user(long)] }), ctx), (e: unknown) => e instanceof Fault && e.kind === "validation" && /at most 100000 characters/.test(e.message));
    assert.equal(seen.length, 0);
    assert.equal(providerSaw.length, 0);
  });

  it("a model's answer over the bound fails closed, whole (none of it read) or streamed (cut where it passes the bound)", async () => {
    const before = answer;
    answer = "a ".repeat(MAX_GUARDED_ANSWER_CHARACTERS / 2 + 1);
    try {
      seen.length = 0;
      const overlong = (e: unknown) => e instanceof Fault && e.kind === "service-unavailable" && /answer is over 1000000 characters/.test(e.message);
      await assert.rejects(service.converse(command({ system: [], messages: [user("hello")] }), context().ctx), overlong);
      assert.deepEqual(seen.map((e) => e.source), ["INPUT"], "the answer was not evaluated");
      const out: StreamEvent[] = [];
      await assert.rejects((async () => {
        for await (const event of await service.converseStream(command({ system: [], messages: [user("hello")] }), context().ctx)) out.push(event);
      })(), overlong);
      // What was read before the bound may have left (checked, as sync mode releases it); nothing past it.
      const released = out.flatMap((e) => (e.type === "contentBlockDelta" && "text" in e.delta.reveal() ? [(e.delta.reveal() as { text: string }).text] : [])).join("");
      assert.ok(released.length <= MAX_GUARDED_ANSWER_CHARACTERS / 2, `${released.length} characters left, only from the first half`);
    } finally {
      answer = before;
    }
  });

  it("a tool call's arguments in an answer are read and masked in place; the other blocks untouched", async () => {
    answer = "calling"; toolInput = { to: "dan@example.com", n: 1 };
    try {
      const result = await service.converse(command({ system: [], messages: [user("hello")] }), context().ctx);
      const call = result.message.reveal().content[1]!;
      assert.deepEqual(call.type === "toolUse" && call.input, { to: "{EMAIL}", n: 1 });
      assert.equal(result.stopReason, "guardrail_intervened");
      toolInput = { q: "BLOCK" };
      assert.equal(textOf(await service.converse(command({ system: [], messages: [user("hello")] }), context().ctx)), "Output refused.");
    } finally {
      toolInput = undefined;
    }
  });

  it("a tool result in the caller's messages is read as input and masked before the provider sees it", async () => {
    providerSaw.length = 0; seen.length = 0; answer = "ok";
    const conversation: Conversation = {
      system: [],
      messages: [
        user("look up Eve"),
        { role: "assistant", content: [{ type: "toolUse", toolUseId: "t1", name: "lookup", input: { name: "Eve" } }] },
        { role: "user", content: [{ type: "toolResult", toolUseId: "t1", content: [{ type: "json", json: { email: "eve@example.com" } }, { type: "text", text: "also eve@example.org" }] }] },
      ],
    };
    await service.converse(command(conversation), context().ctx);
    assert.deepEqual(seen[0]!.texts, ["look up Eve", "Eve", "eve@example.com", "also eve@example.org"]);
    const result = providerSaw[0]!.messages[2]!.content[0]!;
    assert.deepEqual(result.type === "toolResult" && result.content, [{ type: "json", json: { email: "{EMAIL}" } }, { type: "text", text: "also {EMAIL}" }]);
  });

  it("asynchronous mode applies to the request's guardrail only, when its owner allowed it: an enforced one scans with masks (sync)", async () => {
    const enforced = { forInference: async () => [{ configId: "c1", identifier: "g2", version: "3", selective: { system: "SELECTIVE" as const, messages: "SELECTIVE" as const } }] };
    // Both guardrails allow it: the enforced one is synchronous all the same.
    const allowed = async () => [{ key: ASYNC_STREAMING_TAG, value: "true" }];
    const both = new InferenceService(new ModelCatalogue([model], new Map([["p", provider]])), new GuardrailRuntime(directory, engine, undefined, enforced, allowed));
    answer = "fine words";
    scannerOptions.length = 0;
    const cmd = command({ system: [], messages: [user("hello")] });
    await drain(await both.converseStream({ ...cmd, guardrail: { ...cmd.guardrail!, streamProcessingMode: "async" } }, context().ctx));
    assert.deepEqual(scannerOptions, [{ masking: false }, { masking: true }]);
  });

  it("a caller's asynchronous mode on a guardrail whose owner did not allow it is guarded synchronously (masks applied)", async () => {
    for (const tags of [[], [{ key: ASYNC_STREAMING_TAG, value: "false" }], [{ key: "plinth:async-streaming-x", value: "true" }]]) {
      const guarded = new InferenceService(new ModelCatalogue([model], new Map([["p", provider]])), new GuardrailRuntime(directory, engine, undefined, undefined, async () => tags));
      answer = "fine words";
      scannerOptions.length = 0;
      const cmd = command({ system: [], messages: [user("hello")] });
      await drain(await guarded.converseStream({ ...cmd, guardrail: { ...cmd.guardrail!, streamProcessingMode: "async" } }, context().ctx));
      assert.deepEqual(scannerOptions, [{ masking: true }], JSON.stringify(tags));
    }
  });
});
