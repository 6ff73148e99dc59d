import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";

/**
 * Run as its own process by bearer.test.ts, configured only the ordinary way: the key in
 * AWS_BEARER_TOKEN_BEDROCK (which the SDK prefers over any other credential), the endpoint in
 * AWS_ENDPOINT_URL_BEDROCK_RUNTIME, the region in AWS_REGION, the CA in NODE_EXTRA_CA_CERTS.
 * Prints what it got as one JSON line.
 */
const model = process.env["MODEL"]!;
const client = new BedrockRuntimeClient({ maxAttempts: 1 });
const messages = [{ role: "user" as const, content: [{ text: "Say hello" }] }];
const conversed = await client.send(new ConverseCommand({ modelId: model, messages }));
const stream = await client.send(new ConverseStreamCommand({ modelId: model, messages }));
let streamed = "";
for await (const event of stream.stream ?? []) streamed += event.contentBlockDelta?.delta?.text ?? "";
process.stdout.write(JSON.stringify({ conversed: conversed.output?.message?.content?.[0]?.text ?? null, streamed }) + "\n");
