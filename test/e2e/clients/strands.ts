import { Agent, BedrockModel, tool } from "@strands-agents/sdk";
import type { AgentResult } from "@strands-agents/sdk";
import { z } from "zod";
import { runScenarios, setting } from "./report.js";

/**
 * Strands Agents against plinth, run as its own process by clients.test.ts and configured as its
 * docs say: `new BedrockModel({ clientConfig: { endpoint, region, credentials } })`, the CA
 * through NODE_EXTRA_CA_CERTS. One agent names MODEL; the other names no model, so Strands uses
 * its default, the cross-region inference profile `global.anthropic.claude-sonnet-4-6`. Each
 * agent has one tool, so a run is two model calls (ConverseStream): the tool call, then the answer
 * from the tool's result. Prints one JSON line: scenario -> what the agent returned, or its error.
 */
const clientConfig = {
  endpoint: setting("PLINTH_URL"),
  region: setting("AWS_REGION"),
  credentials: { accessKeyId: setting("AWS_ACCESS_KEY_ID"), secretAccessKey: setting("AWS_SECRET_ACCESS_KEY") },
  maxAttempts: 1,
};

const getWeather = tool({
  name: "get_weather",
  description: "The current weather in a city",
  inputSchema: z.object({ city: z.string().describe("The city name") }),
  callback: ({ city }) => `12 degrees and raining in ${city}`,
});

async function ask(model: BedrockModel): Promise<unknown> {
  const agent = new Agent({ model, tools: [getWeather], printer: false });
  const result: AgentResult = await agent.invoke("What is the weather in Leeds?");
  const blocks = agent.messages.flatMap((m) => m.content);
  return {
    modelId: model.getConfig().modelId,
    stopReason: result.stopReason,
    text: result.lastMessage.content.flatMap((b) => (b.type === "textBlock" ? [b.text] : [])).join(""),
    toolUses: blocks.flatMap((b) => (b.type === "toolUseBlock" ? [{ name: b.name, input: b.input }] : [])),
    toolResults: blocks.flatMap((b) => (b.type === "toolResultBlock" ? [b.status] : [])),
  };
}

await runScenarios({
  "agent with a tool": () => ask(new BedrockModel({ modelId: setting("MODEL"), clientConfig })),
  "agent with a tool, default model (global. profile)": () => ask(new BedrockModel({ clientConfig })),
}, 30_000);
