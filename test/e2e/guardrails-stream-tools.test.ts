import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  ApplyGuardrailCommand, ConverseCommand, ConverseStreamCommand, InvokeModelWithResponseStreamCommand,
} from "@aws-sdk/client-bedrock-runtime";
import type { ConverseStreamOutput, Message, ToolConfiguration } from "@aws-sdk/client-bedrock-runtime";
import { CreateGuardrailCommand, CreateGuardrailVersionCommand, DeleteEnforcedGuardrailConfigurationCommand, GetGuardrailCommand, PutEnforcedGuardrailConfigurationCommand, TagResourceCommand, UntagResourceCommand } from "@aws-sdk/client-bedrock";
import Anthropic from "anthropic-sdk";
import OpenAI from "openai";
import { Agent } from "undici";
import { BEARER_USER, keyHolder } from "./bearer-fixture.js";
import type { KeyHolder } from "./bearer-fixture.js";
import { fetchTrusting } from "./ca-fetch.js";
import { startE2e, MODELS } from "./fixture.js";
import type { E2e } from "./fixture.js";
import { iamAs } from "./iam-admin.js";

/**
 * Guardrails on streams and tool traffic, end to end with the official clients against the
 * loopback providers: ConverseStream's asynchronous mode (and InvokeModelWithResponseStream's
 * body member) releasing text as it arrives and cutting the stream after a denied word; a tool
 * call whose arguments carry a National Insurance number, held and masked (or blocked) on
 * Converse, ConverseStream, OpenAI chat and Anthropic messages; a tool result's e-mail address
 * masked before the provider sees it (read from what the loopback received); ApplyGuardrail's
 * FULL output scope; a word of the managed PROFANITY list that the model streams cut in two never
 * reaching the caller on ConverseStream and InvokeModelWithResponseStream.
 *
 * The guardrail reads each direction differently, so one direction's masking cannot hide the
 * other's: the denied word, the managed list and the NI number are output policies only (the
 * model is asked to repeat them), the e-mail address an input policy only.
 */
const NI = "AB123456C";
const EMAIL = "eve.smith@example.org";
const BLOCKED_OUT = "That answer is not allowed here.";
/** An Anthropic model served by the Anthropic loopback's tool-calling model. */
const CLAUDE_TOOLS = "anthropic.claude-3-haiku-20240307-v1:0";
/** A Llama model served by the OpenAI loopback's halves-model: it repeats the prompt, each word streamed in two chunks. */
const HALVES = "meta.llama3-3-70b-instruct-v1:0";
/** On the managed PROFANITY list; the halves model streams it as "sh" then "it". */
const PROFANE = "shit";
const outputOnly = { inputEnabled: false, outputEnabled: true } as const;

describe("guardrails on streams and tools, through every client", () => {
  let e2e: E2e;
  let guardrailId: string;
  let holder: KeyHolder;
  let dispatcher: Agent;

  before(async () => {
    e2e = await startE2e({
      extraModels: [
        { modelId: CLAUDE_TOOLS, provider: "claude", upstreamModel: "tool-model", providerName: "Anthropic" },
        { modelId: HALVES, provider: "openai-main", upstreamModel: "halves-model", providerName: "Meta" },
      ],
    });
    const created = await e2e.control().send(new CreateGuardrailCommand({
      name: "stream-tools-guard",
      wordPolicyConfig: {
        wordsConfig: [{ text: "nightjar", inputAction: "BLOCK", outputAction: "BLOCK", ...outputOnly }],
        managedWordListsConfig: [{ type: "PROFANITY", ...outputOnly }],
      },
      sensitiveInformationPolicyConfig: {
        piiEntitiesConfig: [
          { type: "UK_NATIONAL_INSURANCE_NUMBER", action: "ANONYMIZE", inputAction: "ANONYMIZE", outputAction: "ANONYMIZE", ...outputOnly },
          { type: "EMAIL", action: "ANONYMIZE", inputAction: "ANONYMIZE", outputAction: "ANONYMIZE", inputEnabled: true, outputEnabled: false },
        ],
      },
      blockedInputMessaging: "That request is not allowed here.",
      blockedOutputsMessaging: BLOCKED_OUT,
      // The owner allows callers the asynchronous mode; without this tag plinth guards streams synchronously.
      tags: [{ key: "plinth:async-streaming", value: "true" }],
    }));
    guardrailId = created.guardrailId!;
    await e2e.control().send(new CreateGuardrailVersionCommand({ guardrailIdentifier: guardrailId }));
    const iam = iamAs(e2e.server);
    holder = await keyHolder(iam, e2e.server, "stream-tools-user", [...BEARER_USER, "bedrock:ApplyGuardrail"]);
    iam.destroy();
    dispatcher = new Agent({ connect: { ca: e2e.server.ca } });
  });
  after(async () => { await dispatcher?.close(); await e2e?.stop(); });

  const config = (extra: Record<string, string> = {}) => ({ guardrailIdentifier: guardrailId, guardrailVersion: "1", ...extra });
  const ask = (text: string): Message[] => [{ role: "user", content: [{ text }] }];
  const words = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}`).join(" ");
  const BEFORE = words(12, "early");
  const AFTER = `${words(80, "late")} TAILEND`;
  const toolConfig: ToolConfiguration = { tools: [{ toolSpec: { name: "record_note", description: "Records a note", inputSchema: { json: { type: "object", properties: { note: { type: "string" } } } } } }] };

  async function read(stream: AsyncIterable<ConverseStreamOutput>) {
    const out = { texts: [] as string[], toolInputs: [] as string[], toolStarts: 0, stop: undefined as string | undefined, trace: undefined as unknown, order: [] as string[] };
    for await (const event of stream) {
      const delta = event.contentBlockDelta?.delta;
      if (delta?.text !== undefined) out.texts.push(delta.text);
      if (delta?.toolUse?.input !== undefined) { out.toolInputs.push(delta.toolUse.input); out.order.push("toolDelta"); }
      if (event.contentBlockStart?.start?.toolUse) { out.toolStarts++; out.order.push("toolStart"); }
      if (event.contentBlockStop) out.order.push("stop");
      out.stop ??= event.messageStop?.stopReason;
      out.trace ??= event.metadata?.trace?.guardrail;
    }
    return out;
  }

  it("ConverseStream async: the text before a denied word (and the word) went out as it came, the stream is cut after it", async () => {
    const prompt = `${BEFORE} nightjar ${AFTER}`;
    const out = await read((await e2e.runtime().send(new ConverseStreamCommand({
      modelId: MODELS.echo, messages: ask(prompt), guardrailConfig: config({ streamProcessingMode: "async", trace: "enabled" }),
    }))).stream!);
    const all = out.texts.join("");
    assert.ok(all.startsWith(`${BEFORE} nightjar`), all.slice(0, 120));
    assert.equal(out.texts.at(-1), BLOCKED_OUT);
    assert.ok(!all.includes("TAILEND"), "nothing after the cut");
    assert.equal(out.stop, "guardrail_intervened");
    const assessed = (out.trace as { outputAssessments?: Record<string, { wordPolicy?: { customWords?: { match: string; action: string }[] } }[]> }).outputAssessments![guardrailId]!;
    assert.deepEqual(assessed.flatMap((a) => a.wordPolicy?.customWords ?? []).map((w) => [w.match, w.action]), [["nightjar", "BLOCKED"]]);
  });

  it("ConverseStream sync (the default): the same answer never releases the word", async () => {
    const out = await read((await e2e.runtime().send(new ConverseStreamCommand({
      modelId: MODELS.echo, messages: ask(`${BEFORE} nightjar ${AFTER}`), guardrailConfig: config(),
    }))).stream!);
    assert.ok(!out.texts.join("").includes("nightjar"));
    assert.equal(out.texts.at(-1), BLOCKED_OUT);
    assert.equal(out.stop, "guardrail_intervened");
  });

  it("ConverseStream async does not mask (as Bedrock documents); sync does", async () => {
    const prompt = `My NI number is ${NI} thanks`;
    const send = async (mode: "sync" | "async") => read((await e2e.runtime().send(new ConverseStreamCommand({
      modelId: MODELS.echo, messages: ask(prompt), guardrailConfig: config({ streamProcessingMode: mode }),
    }))).stream!);
    const asynchronous = await send("async");
    assert.equal(asynchronous.texts.join(""), prompt);
    assert.equal(asynchronous.stop, "end_turn");
    const synchronous = await send("sync");
    assert.equal(synchronous.texts.join(""), "My NI number is {UK_NATIONAL_INSURANCE_NUMBER} thanks");
  });

  it("a caller's async mode is honoured only while the guardrail's owner allows it: untagged, the stream is masked (sync)", async () => {
    const prompt = `My NI number is ${NI} thanks`;
    const arn = (await e2e.control().send(new GetGuardrailCommand({ guardrailIdentifier: guardrailId }))).guardrailArn!;
    const send = async () => read((await e2e.runtime().send(new ConverseStreamCommand({
      modelId: MODELS.echo, messages: ask(prompt), guardrailConfig: config({ streamProcessingMode: "async" }),
    }))).stream!);
    await e2e.control().send(new UntagResourceCommand({ resourceARN: arn, tagKeys: ["plinth:async-streaming"] }));
    try {
      assert.equal((await send()).texts.join(""), "My NI number is {UK_NATIONAL_INSURANCE_NUMBER} thanks");
      await e2e.control().send(new TagResourceCommand({ resourceARN: arn, tags: [{ key: "plinth:async-streaming", value: "false" }] }));
      assert.equal((await send()).texts.join(""), "My NI number is {UK_NATIONAL_INSURANCE_NUMBER} thanks");
      await assert.rejects(e2e.control().send(new TagResourceCommand({ resourceARN: arn, tags: [{ key: "plinth:async-streaming", value: "yes" }] })),
        (e: Error) => e.name === "ValidationException" && /true or false/.test(e.message));
    } finally {
      await e2e.control().send(new TagResourceCommand({ resourceARN: arn, tags: [{ key: "plinth:async-streaming", value: "true" }] }));
    }
    assert.equal((await send()).texts.join(""), prompt, "allowed again: async releases unmasked, as Bedrock documents");
  });

  it("Converse trace enabled_full also lists what was read and found nothing (detected: false); enabled lists findings only", async () => {
    type Pii = { type: string; action: string; detected?: boolean };
    const traced = async (trace: "enabled" | "enabled_full") => {
      const out = await e2e.runtime().send(new ConverseCommand({ modelId: MODELS.echo, messages: ask("my e-mail is eve.smith@example.org"), guardrailConfig: config({ trace }) }));
      const t = out.trace!.guardrail! as { inputAssessment?: Record<string, { sensitiveInformationPolicy?: { piiEntities?: Pii[] } }>; outputAssessments?: Record<string, { sensitiveInformationPolicy?: { piiEntities?: Pii[] } }[]> };
      return {
        input: t.inputAssessment?.[guardrailId]?.sensitiveInformationPolicy?.piiEntities ?? [],
        output: (t.outputAssessments?.[guardrailId] ?? []).flatMap((a) => a.sensitiveInformationPolicy?.piiEntities ?? []),
      };
    };
    const plain = await traced("enabled");
    assert.deepEqual(plain.input.map((p) => [p.type, p.action, p.detected]), [["EMAIL", "ANONYMIZED", true]]);
    assert.deepEqual(plain.output, [], "the echoed {EMAIL} placeholder is no finding, and NI (output only) found nothing");
    const full = await traced("enabled_full");
    assert.deepEqual(full.input.map((p) => [p.type, p.action, p.detected]), [["EMAIL", "ANONYMIZED", true]], "NI is not read on input");
    assert.deepEqual(full.output.map((p) => [p.type, p.action, p.detected]), [["UK_NATIONAL_INSURANCE_NUMBER", "NONE", false]]);
  });

  it("InvokeModelWithResponseStream takes the body member's ASYNCHRONOUS mode", async () => {
    const body = JSON.stringify({ prompt: `${BEFORE} nightjar ${AFTER}`, max_gen_len: 512, "amazon-bedrock-guardrailConfig": { streamProcessingMode: "ASYNCHRONOUS" } });
    const out = await e2e.runtime().send(new InvokeModelWithResponseStreamCommand({ modelId: MODELS.echo, contentType: "application/json", body, guardrailIdentifier: guardrailId, guardrailVersion: "1" }));
    let text = "";
    for await (const event of out.body!) {
      const chunk = JSON.parse(Buffer.from(event.chunk?.bytes ?? new Uint8Array()).toString() || "{}") as { generation?: string };
      text += chunk.generation ?? "";
    }
    assert.ok(text.includes("nightjar"), "released before it was read");
    assert.ok(text.endsWith(BLOCKED_OUT), text.slice(-80));
    assert.ok(!text.includes("TAILEND"));
  });

  it("ConverseStream: a profane word the model streams cut in two never reaches the caller; the stream ends as Bedrock's does", async () => {
    const prompt = `${BEFORE} what a load of ${PROFANE} ${AFTER}`;
    const unguarded = await read((await e2e.runtime().send(new ConverseStreamCommand({ modelId: HALVES, messages: ask(prompt) }))).stream!);
    const cut = unguarded.texts.indexOf(" sh");
    assert.deepEqual(unguarded.texts.slice(cut, cut + 2), [" sh", "it"], "without the guardrail the word arrives in two deltas");

    const send = async (trace?: "enabled") => {
      const events: ConverseStreamOutput[] = [];
      const out = await e2e.runtime().send(new ConverseStreamCommand({ modelId: HALVES, messages: ask(prompt), guardrailConfig: config(trace ? { trace } : {}) }));
      for await (const event of out.stream!) events.push(event);
      return events;
    };
    const events = await send();
    assert.doesNotMatch(JSON.stringify(events), new RegExp(PROFANE, "i"), "no event carries the word");
    const texts = events.flatMap((e) => (e.contentBlockDelta?.delta?.text !== undefined ? [e.contentBlockDelta.delta.text] : []));
    assert.equal(texts.at(-1), BLOCKED_OUT);
    assert.ok(!texts.join("").includes("TAILEND"), "nothing after the word");
    // Bedrock's event shapes: the blocked messaging as the block's last delta, then its stop, the message's stop and the metadata.
    const kinds = events.map((e) => Object.entries(e).find(([, v]) => v !== undefined)?.[0]);
    assert.equal(kinds[0], "messageStart");
    assert.deepEqual(kinds.slice(-4), ["contentBlockDelta", "contentBlockStop", "messageStop", "metadata"]);
    assert.equal(events.at(-2)!.messageStop!.stopReason, "guardrail_intervened");
    assert.ok(events.at(-1)!.metadata!.usage!.outputTokens! > 0);

    const traced = (await send("enabled")).at(-1)!.metadata!.trace!.guardrail as { outputAssessments?: Record<string, { wordPolicy?: { managedWordLists?: unknown[] } }[]> };
    assert.deepEqual(traced.outputAssessments![guardrailId]!.flatMap((a) => a.wordPolicy?.managedWordLists ?? []),
      [{ match: PROFANE, type: "PROFANITY", action: "BLOCKED", detected: true }], "the trace the caller asked for names what was blocked, as Bedrock's does");
  });

  it("InvokeModelWithResponseStream with the guardrail headers: the same word, cut in two, never reaches the caller", async () => {
    const body = JSON.stringify({ prompt: `${BEFORE} what a load of ${PROFANE} ${AFTER}`, max_gen_len: 512 });
    const out = await e2e.runtime().send(new InvokeModelWithResponseStreamCommand({ modelId: HALVES, contentType: "application/json", body, guardrailIdentifier: guardrailId, guardrailVersion: "1" }));
    const chunks: Record<string, unknown>[] = [];
    for await (const event of out.body!) chunks.push(JSON.parse(Buffer.from(event.chunk?.bytes ?? new Uint8Array()).toString() || "{}") as Record<string, unknown>);
    assert.doesNotMatch(JSON.stringify(chunks), new RegExp(PROFANE, "i"), "no chunk carries the word");
    const text = chunks.map((c) => (c["generation"] as string | undefined) ?? "").join("");
    assert.ok(text.endsWith(BLOCKED_OUT), text.slice(-80));
    assert.ok(!text.includes("TAILEND"));
    assert.equal(chunks.at(-1)!["amazon-bedrock-guardrailAction"], "INTERVENED");
  });

  it("ConverseStream: a tool call whose arguments carry an NI number is held whole, then released masked", async () => {
    const out = await read((await e2e.runtime().send(new ConverseStreamCommand({
      modelId: MODELS.tools, messages: ask(`My NI number is ${NI} please note it`), toolConfig, guardrailConfig: config(),
    }))).stream!);
    assert.deepEqual(out.order, ["toolStart", "toolDelta", "stop"], "the start and one delta, once checked");
    assert.deepEqual(JSON.parse(out.toolInputs.join("")), { note: "My NI number is {UK_NATIONAL_INSURANCE_NUMBER} please note it" });
    assert.equal(out.stop, "guardrail_intervened");
  });

  it("ConverseStream: a tool call with a denied word is replaced by the blocked messaging", async () => {
    const out = await read((await e2e.runtime().send(new ConverseStreamCommand({
      modelId: MODELS.tools, messages: ask("note the nightjar sighting"), toolConfig, guardrailConfig: config({ streamProcessingMode: "async" }),
    }))).stream!);
    assert.equal(out.toolStarts, 0);
    assert.deepEqual(out.toolInputs, []);
    assert.deepEqual(out.texts, [BLOCKED_OUT]);
    assert.equal(out.stop, "guardrail_intervened");
  });

  it("Converse: the tool call's arguments are masked in the answer", async () => {
    const out = await e2e.runtime().send(new ConverseCommand({ modelId: MODELS.tools, messages: ask(`NI ${NI}`), toolConfig, guardrailConfig: config() }));
    const call = out.output!.message!.content!.find((b) => b.toolUse)!.toolUse!;
    assert.deepEqual(call.input, { note: "NI {UK_NATIONAL_INSURANCE_NUMBER}" });
  });

  it("Converse: a tool result's e-mail address is masked before the provider sees it", async () => {
    const before = e2e.openai.requests.length;
    await e2e.runtime().send(new ConverseCommand({
      modelId: MODELS.llama, toolConfig, guardrailConfig: config(),
      messages: [
        { role: "user", content: [{ text: "who is the customer?" }] },
        { role: "assistant", content: [{ toolUse: { toolUseId: "t1", name: "record_note", input: { note: "lookup" } } }] },
        { role: "user", content: [{ toolResult: { toolUseId: "t1", content: [{ text: `mail ${EMAIL}` }, { json: { contact: EMAIL } }] } }] },
      ],
    }));
    const sent = JSON.stringify(e2e.openai.requests.slice(before).map((r) => r.body));
    assert.ok(sent.includes("mail {EMAIL}") && sent.includes("{EMAIL}"), sent);
    assert.ok(!sent.includes(EMAIL), "the provider never saw the address");
  });

  it("ApplyGuardrail outputScope FULL: the outputs, and the evaluated entries that found nothing", async () => {
    const full = await e2e.runtime().send(new ApplyGuardrailCommand({
      guardrailIdentifier: guardrailId, guardrailVersion: "1", source: "INPUT", outputScope: "FULL", content: [{ text: { text: "nothing to see" } }],
    }));
    assert.equal(full.action, "NONE");
    assert.deepEqual(full.outputs, [{ text: "nothing to see" }]);
    assert.deepEqual(full.assessments![0]!.sensitiveInformationPolicy!.piiEntities, [{ type: "EMAIL", action: "NONE", detected: false }]);
    const interventions = await e2e.runtime().send(new ApplyGuardrailCommand({
      guardrailIdentifier: guardrailId, guardrailVersion: "1", source: "INPUT", content: [{ text: { text: "nothing to see" } }],
    }));
    assert.deepEqual(interventions.outputs, []);
    assert.equal(interventions.assessments![0]!.sensitiveInformationPolicy, undefined);
  });

  it("OpenAI chat and Anthropic messages: tool arguments masked (streamed and not), tool results masked before the provider", async () => {
    const control = e2e.control();
    const { configId } = await control.send(new PutEnforcedGuardrailConfigurationCommand({ guardrailInferenceConfig: { guardrailIdentifier: guardrailId, guardrailVersion: "1" } }));
    try {
      const openai = new OpenAI({ apiKey: holder.longTerm, baseURL: `${e2e.server.url}/openai/v1`, fetch: fetchTrusting(e2e.server.ca), maxRetries: 0 });
      const tools = [{ type: "function" as const, function: { name: "record_note", parameters: { type: "object", properties: { note: { type: "string" } } } } }];
      const prompt = `NI ${NI} noted`;
      const masked = { note: "NI {UK_NATIONAL_INSURANCE_NUMBER} noted" };
      const chat = await openai.chat.completions.create({ model: MODELS.tools, tools, messages: [{ role: "user", content: prompt }] });
      const called = chat.choices[0]!.message.tool_calls![0]!;
      assert.deepEqual(called.type === "function" && JSON.parse(called.function.arguments), masked);
      const stream = await openai.chat.completions.create({ model: MODELS.tools, tools, stream: true, messages: [{ role: "user", content: prompt }] });
      let args = "";
      for await (const chunk of stream) for (const call of chunk.choices[0]?.delta.tool_calls ?? []) args += call.function?.arguments ?? "";
      assert.deepEqual(JSON.parse(args), masked);

      let before = e2e.openai.requests.length;
      await openai.chat.completions.create({
        model: MODELS.llama, tools,
        messages: [
          { role: "user", content: "who?" },
          { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "record_note", arguments: "{}" } }] },
          { role: "tool", tool_call_id: "call_1", content: `contact ${EMAIL}` },
        ],
      });
      let sent = JSON.stringify(e2e.openai.requests.slice(before).map((r) => r.body));
      assert.ok(sent.includes("contact {EMAIL}") && !sent.includes(EMAIL), sent);

      const anthropic = new Anthropic({ baseURL: `${e2e.server.url}/anthropic`, apiKey: holder.longTerm, maxRetries: 0, fetchOptions: { dispatcher } as never });
      const anthropicTools = [{ name: "record_note", input_schema: { type: "object" as const, properties: { note: { type: "string" } } } }];
      const message = await anthropic.messages.create({ model: CLAUDE_TOOLS, max_tokens: 256, tools: anthropicTools, messages: [{ role: "user", content: prompt }] });
      const use = message.content.find((b) => b.type === "tool_use");
      assert.deepEqual(use?.type === "tool_use" && use.input, masked);
      const streamed = await anthropic.messages.stream({ model: CLAUDE_TOOLS, max_tokens: 256, tools: anthropicTools, messages: [{ role: "user", content: prompt }] }).finalMessage();
      const streamedUse = streamed.content.find((b) => b.type === "tool_use");
      assert.deepEqual(streamedUse?.type === "tool_use" && streamedUse.input, masked);

      // A call with a denied word: no tool call at all, the blocked messaging instead (streamed on both).
      const deniedStream = await openai.chat.completions.create({ model: MODELS.tools, tools, stream: true, messages: [{ role: "user", content: "note the nightjar" }] });
      let content = "";
      let calls = 0;
      for await (const chunk of deniedStream) {
        content += chunk.choices[0]?.delta.content ?? "";
        calls += chunk.choices[0]?.delta.tool_calls?.length ?? 0;
      }
      assert.equal(content, BLOCKED_OUT);
      assert.equal(calls, 0);
      const denied = await anthropic.messages.stream({ model: CLAUDE_TOOLS, max_tokens: 256, tools: anthropicTools, messages: [{ role: "user", content: "note the nightjar" }] }).finalMessage();
      assert.deepEqual(denied.content.map((b) => (b.type === "text" ? b.text : b.type)), [BLOCKED_OUT]);

      before = e2e.anthropic.requests.length;
      await anthropic.messages.create({
        model: MODELS.claude, max_tokens: 64, tools: anthropicTools,
        messages: [
          { role: "user", content: "who?" },
          { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "record_note", input: {} }] },
          { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: `contact ${EMAIL}` }] },
        ],
      });
      sent = JSON.stringify(e2e.anthropic.requests.slice(before).map((r) => r.body));
      assert.ok(sent.includes("contact {EMAIL}") && !sent.includes(EMAIL), sent);
    } finally {
      await control.send(new DeleteEnforcedGuardrailConfigurationCommand({ configId: configId! }));
    }
  });
});
