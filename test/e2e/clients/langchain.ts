import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { ChatBedrockConverse } from "@langchain/aws";
import { HumanMessage, ToolMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { tinyPdf } from "./pdf.fixture.js";
import { runScenarios, setting } from "./report.js";

/**
 * LangChain's ChatBedrockConverse against plinth, run as its own process by clients.test.ts and
 * configured as its docs say for a custom endpoint: `client: new BedrockRuntimeClient({...})`
 * with plinth's endpoint, region and SigV4 keys; the CA through NODE_EXTRA_CA_CERTS. Prints one
 * JSON line: scenario -> what LangChain returned, or its error.
 */
const client = new BedrockRuntimeClient({
  endpoint: setting("PLINTH_URL"),
  region: setting("AWS_REGION"),
  credentials: { accessKeyId: setting("AWS_ACCESS_KEY_ID"), secretAccessKey: setting("AWS_SECRET_ACCESS_KEY") },
  maxAttempts: 1,
});
const llm = new ChatBedrockConverse({ model: setting("MODEL"), region: setting("AWS_REGION"), client });

const getWeather = tool(async ({ city }: { city: string }) => `12 degrees and raining in ${city}`, {
  name: "get_weather",
  description: "The current weather in a city",
  schema: z.object({ city: z.string().describe("The city name") }),
});
const text = (content: unknown): string => (typeof content === "string" ? content : JSON.stringify(content));

await runScenarios({
  invoke: async () => ({ text: text((await llm.invoke("Say: Hello from LangChain.")).content) }),
  stream: async () => {
    let streamed = "";
    let chunks = 0;
    for await (const chunk of await llm.stream("Say: Streaming through LangChain.")) {
      streamed += typeof chunk.content === "string" ? chunk.content : "";
      chunks++;
    }
    return { text: streamed, chunks };
  },
  "bindTools round trip": async () => {
    const withTools = llm.bindTools([getWeather]);
    const question = new HumanMessage("What is the weather in Leeds?");
    const asked = await withTools.invoke([question]);
    const calls = asked.tool_calls ?? [];
    const results = await Promise.all(calls.map(async (c) => new ToolMessage({ tool_call_id: c.id!, content: await getWeather.invoke(c.args as { city: string }) })));
    const answered = await withTools.invoke([question, asked, ...results]);
    return { calls: calls.map((c) => ({ name: c.name, args: c.args })), answer: text(answered.content) };
  },
  "a PDF file block": async () => {
    const message = new HumanMessage({ content: [
      { type: "text", text: "What does this PDF say?" },
      { type: "file", source_type: "base64", mime_type: "application/pdf", data: Buffer.from(tinyPdf()).toString("base64") },
    ] });
    return { text: text((await llm.invoke([message])).content) };
  },
  withStructuredOutput: async () => {
    const paper = z.object({ name: z.string(), title: z.string(), year: z.number().int(), tags: z.array(z.string()) });
    return { object: await llm.withStructuredOutput(paper).invoke("Who wrote the first program?") };
  },
});
