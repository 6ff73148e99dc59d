import { Bedrock } from "@llamaindex/aws";
import type { BaseTool, ChatMessage, ChatResponseChunk, ToolCall, ToolCallLLMMessageOptions } from "@llamaindex/core/llms";
import { runScenarios, setting } from "./report.js";

/**
 * LlamaIndex's Bedrock LLM (`@llamaindex/aws`) against plinth, run as its own process by
 * llamaindex.test.ts and configured as its docs say: `new Bedrock({ model, region, endpoint,
 * credentials })`, whose remaining options go to its own BedrockRuntimeClient; the CA through
 * NODE_EXTRA_CA_CERTS. It speaks InvokeModel(+WithResponseStream) with each family's native body,
 * built by its per-provider classes: Anthropic Messages bodies, Meta Llama raw prompts, and for
 * every `amazon.` model Nova's messages body. Prints one JSON line: scenario -> what LlamaIndex
 * returned, or its error.
 */
const MODELS = JSON.parse(setting("MODELS")) as { anthropic: string; sonnet45: string; meta: string; titan: string; nova: string; mistral: string };
const clientConfig = {
  region: setting("AWS_REGION"),
  endpoint: setting("PLINTH_URL"),
  credentials: { accessKeyId: setting("AWS_ACCESS_KEY_ID"), secretAccessKey: setting("AWS_SECRET_ACCESS_KEY") },
  maxAttempts: 1,
};
const bedrock = (model: string): Bedrock => new Bedrock({ model, ...clientConfig });

const getWeather: BaseTool = {
  metadata: {
    name: "get_weather",
    description: "The current weather in a city",
    parameters: { type: "object", properties: { city: { type: "string", description: "The city name" } }, required: ["city"] },
  },
  call: ({ city }: { city: string }) => `12 degrees and raining in ${city}`,
};

type Message = ChatMessage<ToolCallLLMMessageOptions>;
const toolCalls = (options: ToolCallLLMMessageOptions | undefined): ToolCall[] =>
  options && "toolCall" in options ? (options.toolCall as ToolCall[]) : [];

async function chat(llm: Bedrock, content: string): Promise<{ text: string }> {
  const r = await llm.chat({ messages: [{ role: "user", content }] });
  return { text: String(r.message.content) };
}

async function chatStream(llm: Bedrock, content: string): Promise<{ text: string; chunks: number }> {
  let text = "";
  let chunks = 0;
  for await (const chunk of await llm.chat({ messages: [{ role: "user", content }], stream: true })) {
    text += chunk.delta;
    chunks++;
  }
  return { text, chunks };
}

async function complete(llm: Bedrock, prompt: string): Promise<{ text: string }> {
  return { text: (await llm.complete({ prompt })).text };
}

async function completeStream(llm: Bedrock, prompt: string): Promise<{ text: string; chunks: number }> {
  let text = "";
  let chunks = 0;
  for await (const r of await llm.complete({ prompt, stream: true })) {
    text += r.text;
    chunks++;
  }
  return { text, chunks };
}

/**
 * LlamaIndex's own tool loop, by hand as its agents do it: the call comes back in the message's
 * options (`toolCall`), the tool runs, its result goes back as a `toolResult` message.
 */
async function toolRoundTrip(llm: Bedrock, question: string, stream: boolean): Promise<unknown> {
  const messages: Message[] = [{ role: "user", content: question }];
  const ask = async (): Promise<{ text: string; calls: ToolCall[] }> => {
    if (!stream) {
      const r = await llm.chat({ messages, tools: [getWeather] });
      return { text: String(r.message.content), calls: toolCalls(r.message.options) };
    }
    let text = "";
    let calls: ToolCall[] = [];
    for await (const chunk of (await llm.chat({ messages, tools: [getWeather], stream: true })) as AsyncIterable<ChatResponseChunk<ToolCallLLMMessageOptions>>) {
      text += chunk.delta;
      // The streamed call is repeated with its input growing; the last one carries the parsed input.
      const latest = toolCalls(chunk.options);
      if (latest.length > 0) calls = latest;
    }
    return { text, calls };
  };
  const first = await ask();
  if (first.calls.length === 0) return { calls: [], text: first.text };
  messages.push({ role: "assistant", content: first.text, options: { toolCall: first.calls } });
  const results: string[] = [];
  for (const call of first.calls) {
    const result = String(await getWeather.call!(call.input));
    results.push(result);
    messages.push({ role: "user", content: result, options: { toolResult: { id: call.id, result, isError: false } } });
  }
  const second = await ask();
  return { calls: first.calls.map((c) => ({ name: c.name, input: c.input })), results, answer: second.text, moreCalls: second.calls.length };
}

const anthropic = bedrock(MODELS.anthropic);
const meta = bedrock(MODELS.meta);
const PYTHON_TAG = "<|python_tag|>";

await runScenarios({
  "anthropic chat": () => chat(anthropic, "Say: Hello from LlamaIndex."),
  "anthropic chat stream": () => chatStream(anthropic, "Say: Streaming through LlamaIndex."),
  "anthropic complete": () => complete(anthropic, "Say: Completed by LlamaIndex."),
  "anthropic complete stream": () => completeStream(anthropic, "Say: Completion streamed by LlamaIndex."),
  "anthropic tools": () => toolRoundTrip(anthropic, "What is the weather in Leeds?", false),
  "anthropic tools stream": () => toolRoundTrip(anthropic, "What is the weather in Leeds?", true),
  "meta chat": () => chat(meta, "Say: Hello from Llama."),
  "meta chat stream": () => chatStream(meta, "Say: Llama streaming through LlamaIndex."),
  "meta complete": () => complete(meta, "Say: Llama completion."),
  "meta complete stream": () => completeStream(meta, "Say: Llama completion streamed."),
  // Llama's tools are a prompt convention: the tool list goes into the system turn and the
  // model answers `<|python_tag|>{"name": ..., "parameters": ...}` as text. The loopback is told
  // what to say, as in every "Say:" scenario here, so this carries LlamaIndex's tool prompt to
  // the provider and the model's call text back, which is plinth's part of the round trip.
  "meta tools": () => toolRoundTrip(meta, `Say: ${PYTHON_TAG}{"name":"get_weather","parameters":{"city":"Leeds"}}`, false),
  "nova chat": () => chat(bedrock(MODELS.nova), "Say: Hello from Nova."),
  "nova chat stream": () => chatStream(bedrock(MODELS.nova), "Say: Nova streaming."),
  "nova tools stream": () => toolRoundTrip(bedrock(MODELS.nova), "What is the weather in Leeds?", true),
  // LlamaIndex looks for Nova's tool calls in `response.message`, which an InvokeModel response
  // does not have (the body holds `output.message`), so without streaming it never sees one.
  // What plinth answered is returned beside it, from the raw response LlamaIndex passes on.
  "nova tools": async () => {
    const r = await bedrock(MODELS.nova).chat({ messages: [{ role: "user", content: "What is the weather in Leeds?" }], tools: [getWeather] });
    const body = JSON.parse(new TextDecoder().decode((r.raw as { body: Uint8Array }).body)) as unknown;
    return { text: String(r.message.content), calls: toolCalls(r.message.options), body };
  },
  "titan chat": () => chat(bedrock(MODELS.titan), "Say: Hello from Titan."),
  "mistral chat": async () => chat(bedrock(MODELS.mistral), "Say: Hello from Mistral."),
  "anthropic sonnet 4.5 chat": () => chat(bedrock(MODELS.sonnet45), "Say: Hello from Sonnet."),
  "anthropic sonnet 4.5 chat stream": () => chatStream(bedrock(MODELS.sonnet45), "Say: Sonnet streaming."),
});
