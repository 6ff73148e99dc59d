import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { ChatBedrockConverse } from "@langchain/aws";
import { HumanMessage, ToolMessage } from "@langchain/core/messages";
import type { AIMessageChunk } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { RECORD, prompts } from "./guarded-prompts.js";
import { runScenarios, setting } from "./report.js";

/**
 * LangChain's ChatBedrockConverse with a guardrail and a provisioned model, run as its own
 * process by guardrails-clients.test.ts: the guardrail as the constructor's `guardrailConfig`
 * (passed to Converse/ConverseStream as is); the answer's stop reason and trace are in the
 * message's response_metadata (Converse's whole answer; on a stream, messageStop and the
 * metadata event, merged as the chunks are concatenated). The provisioned model is the ARN as
 * `model`; LangChain sends it through the AWS SDK's client.
 */
const client = new BedrockRuntimeClient({
  endpoint: setting("PLINTH_URL"),
  region: setting("AWS_REGION"),
  credentials: { accessKeyId: setting("AWS_ACCESS_KEY_ID"), secretAccessKey: setting("AWS_SECRET_ACCESS_KEY") },
  maxAttempts: 1,
});
const ask = prompts("langchain");
const guarded = (extra: Record<string, string> = {}) => new ChatBedrockConverse({
  model: setting("MODEL"), region: setting("AWS_REGION"), client,
  guardrailConfig: { guardrailIdentifier: setting("GUARDRAIL_ID"), guardrailVersion: setting("GUARDRAIL_VERSION"), ...extra },
});
const text = (content: unknown): string => (typeof content === "string" ? content : JSON.stringify(content));

async function invoked(llm: ChatBedrockConverse, prompt: string) {
  const m = await llm.invoke(prompt);
  const meta = m.response_metadata as Record<string, any>;
  return { text: text(m.content), stopReason: meta["stopReason"] ?? null, trace: meta["trace"] ?? null };
}

async function streamed(llm: ChatBedrockConverse, prompt: string) {
  const chunks: string[] = [];
  let whole: AIMessageChunk | undefined;
  for await (const chunk of await llm.stream(prompt)) {
    if (typeof chunk.content === "string" && chunk.content !== "") chunks.push(chunk.content);
    whole = whole ? whole.concat(chunk) : chunk;
  }
  const meta = (whole?.response_metadata ?? {}) as Record<string, any>;
  return { chunks, text: chunks.join(""), stopReason: meta["messageStop"]?.stopReason ?? null, trace: meta["metadata"]?.trace ?? null };
}

await runScenarios({
  "invoke, NI number, trace enabled": () => invoked(guarded({ trace: "enabled" }), ask.ni),
  "stream, NI number, trace enabled": () => streamed(guarded({ trace: "enabled" }), ask.niStream),
  "invoke, guardrail ARN, DRAFT, trace enabled_full": () => invoked(guarded({ guardrailIdentifier: setting("GUARDRAIL_ARN"), guardrailVersion: "DRAFT", trace: "enabled_full" }), ask.niArn),
  "invoke, denied phrase": () => invoked(guarded(), ask.blocked),
  "stream, denied phrase": () => streamed(guarded(), ask.blockedStream),
  "stream async, denied word in the answer": () => streamed(guarded({ streamProcessingMode: "async", trace: "enabled" }), ask.cut),
  "invoke, provisioned model ARN": async () => {
    const llm = new ChatBedrockConverse({ model: setting("PROVISIONED_ARN"), region: setting("AWS_REGION"), client });
    return invoked(llm, ask.provisioned);
  },
  "bindTools round trip, provisioned model ARN": async () => {
    const lookup = tool(async () => RECORD, { name: "lookup_customer", description: "The customer's record", schema: z.object({ customer: z.string() }) });
    const llm = new ChatBedrockConverse({ model: setting("PROVISIONED_ARN"), region: setting("AWS_REGION"), client }).bindTools([lookup]);
    const question = new HumanMessage(ask.provisionedTool);
    const asked = await llm.invoke([question]);
    const calls = asked.tool_calls ?? [];
    const results = await Promise.all(calls.map(async (c) => new ToolMessage({ tool_call_id: c.id!, content: await lookup.invoke(c.args as { customer: string }) })));
    const answered = await llm.invoke([question, asked, ...results]);
    return { calls: calls.map((c) => c.name), answer: text(answered.content) };
  },
  "stream, provisioned model ARN": async () => {
    const llm = new ChatBedrockConverse({ model: setting("PROVISIONED_ARN"), region: setting("AWS_REGION"), client });
    return streamed(llm, ask.provisionedStream);
  },
});
