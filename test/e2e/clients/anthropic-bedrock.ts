import { AnthropicBedrock } from "@anthropic-ai/bedrock-sdk";

/**
 * Run as its own process by libraries.test.ts, configured only the ordinary way: the CA through
 * NODE_EXTRA_CA_CERTS, credentials through AWS_SHARED_CREDENTIALS_FILE, region through
 * AWS_REGION, and the endpoint as the SDK's baseURL. Prints what it got as one JSON line.
 */
const model = process.env["MODEL"]!;
const client = new AnthropicBedrock({ baseURL: process.env["PLINTH_URL"], awsRegion: process.env["AWS_REGION"] });

const created = await client.messages.create({ model, max_tokens: 64, messages: [{ role: "user", content: "Say hello" }] });
const stream = client.messages.stream({ model, max_tokens: 64, messages: [{ role: "user", content: "Say hello" }] });
const deltas: string[] = [];
stream.on("text", (t) => deltas.push(t));
const streamed = await stream.finalMessage();
process.stdout.write(JSON.stringify({
  created: { text: created.content[0]?.type === "text" ? created.content[0].text : null, stop: created.stop_reason, usage: created.usage },
  streamed: { text: streamed.content[0]?.type === "text" ? streamed.content[0].text : null, deltas: deltas.length, stop: streamed.stop_reason },
}) + "\n");
