import { generateObject, generateText, stepCountIs, streamText, tool } from "ai";
import type { LanguageModel, TextStreamPart, ToolSet } from "ai";
import { z } from "zod";
import { tinyPdf } from "./pdf.fixture.js";
import { bedrockProvider } from "./ai-sdk-provider.js";
import { runScenarios, setting } from "./report.js";

/**
 * The Vercel AI SDK's amazon-bedrock provider against plinth, run as its own process by
 * clients.test.ts and configured as its README says: `baseURL`, `region`, and either SigV4 keys
 * (AUTH=sigv4) or a Bedrock API key (AUTH=apikey); the CA through NODE_EXTRA_CA_CERTS, which the
 * global fetch honours. MODEL is a Claude 3.5 model (generateObject through the forced `json`
 * tool); NATIVE_MODEL a Claude 4.5 model (generateObject through Anthropic's own
 * output_config.format). Prints one JSON line: scenario -> what the SDK returned, or its error.
 */
const bedrock = bedrockProvider();
const model = bedrock(setting("MODEL"));
const native = bedrock(setting("NATIVE_MODEL"));
// Fail on the first answer: a retried refusal only hides which call was refused.
const once = { maxRetries: 0 } as const;

const weather = {
  get_weather: tool({
    description: "The current weather in a city",
    inputSchema: z.object({ city: z.string().describe("The city name") }),
    execute: async ({ city }) => `12 degrees and raining in ${city}`,
  }),
};
const paper = z.object({ name: z.string(), title: z.string(), year: z.number().int(), tags: z.array(z.string()) });

/** Reads a streamText result to the end, raising the error part the SDK otherwise only logs. */
async function drain<T extends ToolSet>(parts: AsyncIterable<TextStreamPart<T>>): Promise<{ deltas: number; kinds: string[] }> {
  let deltas = 0;
  const kinds = new Set<string>();
  for await (const part of parts) {
    kinds.add(part.type);
    if (part.type === "error") throw part.error;
    if (part.type === "text-delta") deltas++;
  }
  return { deltas, kinds: [...kinds].sort() };
}

const toolSteps = (steps: readonly { toolCalls: readonly { toolName: string; input: unknown }[]; toolResults: readonly { output: unknown }[] }[]) =>
  steps.map((s) => ({ calls: s.toolCalls.map((c) => ({ name: c.toolName, input: c.input })), results: s.toolResults.map((r) => r.output) }));

async function objectOf(m: LanguageModel) {
  const { object, finishReason } = await generateObject({ model: m, schema: paper, prompt: "Who wrote the first program?", ...once });
  return { object, finishReason };
}

await runScenarios({
  generateText: async () => {
    const r = await generateText({ model, system: "You are terse.", prompt: "Say: Hello from plinth.", ...once });
    return { text: r.text, finishReason: r.finishReason, usage: r.usage, bedrock: r.providerMetadata?.["bedrock"] ?? null };
  },
  "generateText stop sequence": async () => {
    const r = await generateText({ model, prompt: "Say: one two three END four", stopSequences: ["END"], ...once });
    return { text: r.text, finishReason: r.finishReason, stopSequence: r.providerMetadata?.["bedrock"]?.["stopSequence"] ?? null };
  },
  streamText: async () => {
    const r = streamText({ model, prompt: "Say: Streaming through plinth works.", stopSequences: ["works"], ...once });
    const { deltas } = await drain(r.fullStream);
    return { text: await r.text, deltas, finishReason: await r.finishReason, usage: await r.usage, stopSequence: (await r.providerMetadata)?.["bedrock"]?.["stopSequence"] ?? null };
  },
  "generateText tools": async () => {
    const r = await generateText({ model, tools: weather, stopWhen: stepCountIs(3), prompt: "What is the weather in Leeds?", ...once });
    return { text: r.text, finishReason: r.finishReason, steps: toolSteps(r.steps) };
  },
  "streamText tools": async () => {
    const r = streamText({ model, tools: weather, stopWhen: stepCountIs(3), prompt: "What is the weather in Leeds?", ...once });
    await drain(r.fullStream);
    return { text: await r.text, finishReason: await r.finishReason, steps: toolSteps(await r.steps) };
  },
  "generateObject json tool": () => objectOf(model),
  "generateObject native": () => objectOf(native),
  "PDF file part": async () => {
    const r = await generateText({
      model,
      messages: [{ role: "user", content: [
        { type: "text", text: "What does the document say?" },
        { type: "file", data: tinyPdf(), mediaType: "application/pdf", filename: "invoice.pdf" },
      ] }],
      ...once,
    });
    return { text: r.text, finishReason: r.finishReason };
  },
  "prompt caching (cachePoint)": async () => {
    // The system prompt names the run, so the API-key run does not read what the SigV4 run wrote.
    const system = `You answer questions about plinth (${setting("AUTH")} run). `.repeat(20);
    const ask = () => generateText({ model, messages: [
      { role: "system", content: system, providerOptions: { bedrock: { cachePoint: { type: "default" } } } },
      { role: "user", content: "Say: cached" },
    ], ...once });
    const calls = [await ask(), await ask()];
    return calls.map(({ text, usage: u }) => ({ text, total: u.inputTokens, ...u.inputTokenDetails }));
  },
  reasoning: async () => {
    const r = await generateText({ model: native, prompt: "Say: 4", providerOptions: { bedrock: { reasoningConfig: { type: "enabled", budgetTokens: 1024 } } }, ...once });
    return { text: r.text, reasoningText: r.reasoningText ?? null, signature: r.reasoning.map((p) => p.providerMetadata?.["bedrock"]?.["signature"] ?? null) };
  },
  "streamText reasoning": async () => {
    const r = streamText({ model: native, prompt: "Say: 5", providerOptions: { bedrock: { reasoningConfig: { type: "enabled", budgetTokens: 1024 } } }, ...once });
    const { kinds } = await drain(r.fullStream);
    const reasoning = await r.reasoning;
    return { text: await r.text, reasoningText: await r.reasoningText ?? null, signature: reasoning.map((p) => p.providerMetadata?.["bedrock"]?.["signature"] ?? null), kinds };
  },
  "reasoning with a tool": async () => {
    const r = await generateText({ model: native, tools: weather, stopWhen: stepCountIs(3), prompt: "What is the weather in Leeds?", providerOptions: { bedrock: { reasoningConfig: { type: "enabled", budgetTokens: 1024 } } }, ...once });
    return { text: r.text, steps: toolSteps(r.steps), reasoning: r.steps.map((s) => s.reasoningText ?? null) };
  },
});
