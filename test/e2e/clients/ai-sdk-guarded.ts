import { generateObject, generateText, stepCountIs, streamText, tool } from "ai";
import type { TextStreamPart, ToolSet } from "ai";
import { z } from "zod";
import { RECORD, prompts } from "./guarded-prompts.js";
import { bedrockProvider } from "./ai-sdk-provider.js";
import { runScenarios, setting } from "./report.js";

/**
 * The Vercel AI SDK's amazon-bedrock provider with a guardrail and a provisioned model, run as
 * its own process by guardrails-clients.test.ts. The guardrail is configured as the provider's
 * docs say: `providerOptions.bedrock.guardrailConfig`, which the provider copies into the
 * Converse request as is; the trace comes back as `providerMetadata.bedrock.trace`. The
 * provisioned model is the ARN as the model id, which the provider puts in the path with
 * encodeURIComponent (`arn%3Aaws%3A...%2F<id>`) and signs with SigV4 (AUTH=sigv4) or sends with
 * a Bedrock API key (AUTH=apikey). Each prompt is tagged with CLIENT, so the two runs' requests
 * stay apart at the loopback.
 */
const bedrock = bedrockProvider();
const model = bedrock(setting("MODEL"));
const provisioned = bedrock(setting("PROVISIONED_ARN"));
const ask = prompts(setting("CLIENT"));
const once = { maxRetries: 0 } as const;
const guardrail = (extra: Record<string, string> = {}) => ({
  bedrock: { guardrailConfig: { guardrailIdentifier: setting("GUARDRAIL_ID"), guardrailVersion: setting("GUARDRAIL_VERSION"), ...extra } },
});
/** The guardrail named by its ARN, at its working draft, with the full trace. */
const byArn = { guardrailIdentifier: setting("GUARDRAIL_ARN"), guardrailVersion: "DRAFT", trace: "enabled_full" };

const lookup = {
  lookup_customer: tool({
    description: "The customer's record",
    inputSchema: z.object({ customer: z.string() }),
    execute: async () => RECORD,
  }),
};
const toolRun = (steps: readonly { toolCalls: readonly { toolName: string }[] }[]) => steps.map((s) => s.toolCalls.map((c) => c.toolName));

/** Reads a streamText result to the end, keeping each text delta; raises an error part. */
async function deltasOf<T extends ToolSet>(parts: AsyncIterable<TextStreamPart<T>>): Promise<string[]> {
  const deltas: string[] = [];
  for await (const part of parts) {
    if (part.type === "error") throw part.error;
    if (part.type === "text-delta") deltas.push(part.text);
  }
  return deltas;
}

async function generated(prompt: string, options: Record<string, string> = {}, m = model) {
  const r = await generateText({ model: m, prompt, providerOptions: guardrail(options), ...once });
  return { text: r.text, finishReason: r.finishReason, trace: r.providerMetadata?.["bedrock"]?.["trace"] ?? null };
}

async function streamed(prompt: string, options: Record<string, string> = {}) {
  const r = streamText({ model, prompt, providerOptions: guardrail(options), ...once });
  const deltas = await deltasOf(r.fullStream);
  return { deltas, text: await r.text, finishReason: await r.finishReason, trace: (await r.providerMetadata)?.["bedrock"]?.["trace"] ?? null };
}

await runScenarios({
  "generateText, NI number, trace enabled": () => generated(ask.ni, { trace: "enabled" }),
  "streamText, NI number, trace enabled": () => streamed(ask.niStream, { trace: "enabled" }),
  "generateText, guardrail ARN, DRAFT, trace enabled_full": () => generated(ask.niArn, byArn),
  "generateText, a tool whose result carries the NI number": async () => {
    const r = await generateText({ model, tools: lookup, stopWhen: stepCountIs(3), prompt: ask.tool, providerOptions: guardrail(), ...once });
    return { text: r.text, finishReason: r.finishReason, steps: toolRun(r.steps) };
  },
  "streamText, a tool whose result carries the NI number": async () => {
    const r = streamText({ model, tools: lookup, stopWhen: stepCountIs(3), prompt: ask.toolStream, providerOptions: guardrail(), ...once });
    await deltasOf(r.fullStream);
    return { text: await r.text, finishReason: await r.finishReason, steps: toolRun(await r.steps) };
  },
  "generateText, denied phrase": () => generated(ask.blocked),
  "streamText, denied phrase": () => streamed(ask.blockedStream),
  "streamText async, denied word in the answer": () => streamed(ask.cut, { streamProcessingMode: "async", trace: "enabled" }),
  "generateText, provisioned model ARN": async () => {
    const r = await generateText({ model: provisioned, prompt: ask.provisioned, ...once });
    return { text: r.text, finishReason: r.finishReason };
  },
  "generateText with a tool, provisioned model ARN": async () => {
    const r = await generateText({ model: provisioned, tools: lookup, stopWhen: stepCountIs(3), prompt: ask.provisionedTool, ...once });
    return { text: r.text, finishReason: r.finishReason, steps: toolRun(r.steps) };
  },
  "generateObject, provisioned model ARN": async () => {
    const paper = z.object({ name: z.string(), title: z.string(), year: z.number().int(), tags: z.array(z.string()) });
    const { object, finishReason } = await generateObject({ model: provisioned, schema: paper, prompt: ask.provisionedObject, ...once });
    return { object, finishReason };
  },
  "streamText, provisioned model ARN": async () => {
    const r = streamText({ model: provisioned, prompt: ask.provisionedStream, ...once });
    const deltas = await deltasOf(r.fullStream);
    return { deltas: deltas.length, text: await r.text, finishReason: await r.finishReason };
  },
});
