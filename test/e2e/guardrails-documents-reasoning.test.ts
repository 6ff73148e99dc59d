import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ConverseCommand, ConverseStreamCommand, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import type { ContentBlock, ConverseStreamOutput } from "@aws-sdk/client-bedrock-runtime";
import { CreateGuardrailCommand, CreateGuardrailVersionCommand, DeleteEnforcedGuardrailConfigurationCommand, PutEnforcedGuardrailConfigurationCommand } from "@aws-sdk/client-bedrock";
import { startE2e, MODELS } from "./fixture.js";
import type { E2e } from "./fixture.js";

/**
 * What a guardrail reads beyond a message's text, end to end with the official clients against
 * the loopback providers: a document's text (in a message and in a tool result) masked or
 * blocked before the provider sees it, and a pdf refused by name under an enforced
 * COMPREHENSIVE guardrail rather than passed on unread; the reasoning of a thinking model, held
 * and masked or cut on ConverseStream and masked on Converse; the system section of a Llama
 * prompt on InvokeModel, read as Bedrock reads the whole prompt.
 *
 * The loopback's reasoning model thinks "Let me think about that.": the output policies here
 * mask "think" or block it, so what the caller receives shows whether the reasoning was read.
 */
const EMAIL = "eve.smith@example.org";
const BLOCKED_IN = "That request is not allowed here.";
const BLOCKED_OUT = "That answer is not allowed here.";
/** A Claude model served by the Anthropic loopback's reasoning model (it thinks when asked to). */
const THINKER = "anthropic.claude-3-7-sonnet-20250219-v1:0";
const thinking = { thinking: { type: "enabled", budget_tokens: 1024 } };

describe("guardrails read documents, reasoning and a raw prompt's system section", () => {
  let e2e: E2e;
  let inputGuard: string;
  let maskThought: string;
  let blockThought: string;

  before(async () => {
    e2e = await startE2e({ extraModels: [{ modelId: THINKER, provider: "claude", upstreamModel: "reasoning-model", providerName: "Anthropic" }] });
    const create = async (name: string, config: Record<string, unknown>): Promise<string> => {
      const created = await e2e.control().send(new CreateGuardrailCommand({ name, blockedInputMessaging: BLOCKED_IN, blockedOutputsMessaging: BLOCKED_OUT, ...config }));
      await e2e.control().send(new CreateGuardrailVersionCommand({ guardrailIdentifier: created.guardrailId! }));
      return created.guardrailId!;
    };
    inputGuard = await create("documents-guard", {
      wordPolicyConfig: { wordsConfig: [{ text: "nightjar", inputAction: "BLOCK", inputEnabled: true, outputEnabled: false }] },
      sensitiveInformationPolicyConfig: { piiEntitiesConfig: [{ type: "EMAIL", action: "ANONYMIZE", inputAction: "ANONYMIZE", inputEnabled: true, outputEnabled: false }] },
    });
    maskThought = await create("mask-thought", {
      sensitiveInformationPolicyConfig: { regexesConfig: [{ name: "THOUGHT", pattern: "think", action: "ANONYMIZE", inputEnabled: false, outputEnabled: true, outputAction: "ANONYMIZE" }] },
    });
    blockThought = await create("block-thought", {
      wordPolicyConfig: { wordsConfig: [{ text: "think", outputAction: "BLOCK", inputEnabled: false, outputEnabled: true }] },
    });
  });
  after(async () => { await e2e?.stop(); });

  const guard = (guardrailIdentifier: string) => ({ guardrailIdentifier, guardrailVersion: "1" });
  const txt = (name: string, text: string): ContentBlock => ({ document: { format: "txt", name, source: { bytes: new TextEncoder().encode(text) } } });
  const sentSince = (before: number) => JSON.stringify(e2e.openai.requests.slice(before).map((r) => r.body));

  it("Converse: a document's e-mail address is masked before the provider sees it, in a message and in a tool result", async () => {
    const before = e2e.openai.requests.length;
    await e2e.runtime().send(new ConverseCommand({
      modelId: MODELS.llama, guardrailConfig: guard(inputGuard),
      toolConfig: { tools: [{ toolSpec: { name: "fetch_file", inputSchema: { json: { type: "object" } } } }] },
      messages: [
        { role: "user", content: [{ text: "Summarise the attached." }, txt("contacts", `Write to ${EMAIL} by Friday.`)] },
        { role: "assistant", content: [{ toolUse: { toolUseId: "t1", name: "fetch_file", input: {} } }] },
        { role: "user", content: [{ toolResult: { toolUseId: "t1", content: [{ document: { format: "md", name: "fetched", source: { text: `# Owner\n${EMAIL}` } } }] } }] },
      ],
    }));
    const sent = sentSince(before);
    assert.ok(sent.includes("Write to {EMAIL} by Friday.") && sent.includes("# Owner\\n{EMAIL}"), sent);
    assert.ok(!sent.includes(EMAIL), "the provider never saw the address");
  });

  it("Converse: a denied word in a document blocks the request, even when the caller marks a harmless text", async () => {
    const before = e2e.openai.requests.length;
    const out = await e2e.runtime().send(new ConverseCommand({
      modelId: MODELS.llama, guardrailConfig: guard(inputGuard),
      messages: [{ role: "user", content: [{ guardContent: { text: { text: "Summarise the attached." } } }, txt("notes", "The nightjar project starts Monday.")] }],
    }));
    assert.equal(out.stopReason, "guardrail_intervened");
    assert.equal(out.output!.message!.content![0]!.text, BLOCKED_IN);
    assert.equal(e2e.openai.requests.length, before, "the provider was not called");
  });

  it("an enforced COMPREHENSIVE guardrail refuses a pdf it cannot read, naming it, and still reads a text document", async () => {
    const control = e2e.control();
    const { configId } = await control.send(new PutEnforcedGuardrailConfigurationCommand({
      guardrailInferenceConfig: { ...guard(inputGuard), selectiveContentGuarding: { system: "COMPREHENSIVE", messages: "COMPREHENSIVE" } },
    }));
    try {
      const pdf = { document: { format: "pdf" as const, name: "report", source: { bytes: new TextEncoder().encode("%PDF-1.4\n%%EOF") } } };
      await assert.rejects(e2e.runtime().send(new ConverseCommand({ modelId: MODELS.llama, messages: [{ role: "user", content: [{ text: "Summarise." }, pdf] }] })),
        (e: Error) => e.name === "ValidationException" && e.message.includes("messages.0.content.1.document.source.bytes") && /cannot read a pdf document/.test(e.message));
      const out = await e2e.runtime().send(new ConverseCommand({ modelId: MODELS.llama, messages: [{ role: "user", content: [{ text: "Summarise." }, txt("n", "nightjar")] }] }));
      assert.equal(out.stopReason, "guardrail_intervened");
    } finally {
      await control.send(new DeleteEnforcedGuardrailConfigurationCommand({ configId: configId! }));
    }
  });

  async function streamed(guardrailIdentifier: string) {
    const out = { reasoning: "", texts: [] as string[], signatures: 0, stop: undefined as string | undefined };
    const response = await e2e.runtime().send(new ConverseStreamCommand({
      modelId: THINKER, inferenceConfig: { maxTokens: 2048 }, additionalModelRequestFields: thinking,
      messages: [{ role: "user", content: [{ text: "Why is the sky blue?" }] }], guardrailConfig: guard(guardrailIdentifier),
    }));
    for await (const event of response.stream as AsyncIterable<ConverseStreamOutput>) {
      const delta = event.contentBlockDelta?.delta;
      out.reasoning += delta?.reasoningContent?.text ?? "";
      if (delta?.reasoningContent?.signature !== undefined) out.signatures++;
      if (delta?.text !== undefined) out.texts.push(delta.text);
      out.stop ??= event.messageStop?.stopReason;
    }
    return out;
  }

  it("ConverseStream (sync): the reasoning is masked before it reaches the caller; its signature passes", async () => {
    const out = await streamed(maskThought);
    assert.equal(out.reasoning, "Let me {THOUGHT} about that.");
    assert.equal(out.signatures, 1);
    assert.equal(out.stop, "guardrail_intervened");
  });

  it("ConverseStream (sync): a denied word in the reasoning cuts the stream; the word never reaches the caller", async () => {
    const out = await streamed(blockThought);
    assert.ok(!out.reasoning.includes("think"), out.reasoning);
    assert.deepEqual(out.texts, [BLOCKED_OUT]);
    assert.equal(out.stop, "guardrail_intervened");
  });

  it("Converse: the answer's reasoning is masked too", async () => {
    const out = await e2e.runtime().send(new ConverseCommand({
      modelId: THINKER, inferenceConfig: { maxTokens: 2048 }, additionalModelRequestFields: thinking,
      messages: [{ role: "user", content: [{ text: "Why is the sky blue?" }] }], guardrailConfig: guard(maskThought),
    }));
    const reasoning = out.output!.message!.content!.find((b) => b.reasoningContent)!.reasoningContent!.reasoningText!;
    assert.equal(reasoning.text, "Let me {THOUGHT} about that.");
    assert.equal(out.stopReason, "guardrail_intervened");
  });

  it("InvokeModel: a Llama prompt's system section is read (Bedrock reads the prompt whole)", async () => {
    const before = e2e.openai.requests.length;
    const prompt = "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nThe codename is nightjar.<|eot_id|>" +
      "<|start_header_id|>user<|end_header_id|>\n\nWhat is the codename?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n";
    const out = await e2e.runtime().send(new InvokeModelCommand({
      modelId: MODELS.llama, contentType: "application/json", body: JSON.stringify({ prompt, max_gen_len: 64 }), guardrailIdentifier: inputGuard, guardrailVersion: "1",
    }));
    const body = JSON.parse(Buffer.from(out.body!).toString()) as { generation: string; "amazon-bedrock-guardrailAction"?: string };
    assert.equal(body.generation, BLOCKED_IN);
    assert.equal(body["amazon-bedrock-guardrailAction"], "INTERVENED");
    assert.equal(e2e.openai.requests.length, before, "the provider was not called");
  });
});
