import { BedrockRuntimeClient, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttp2Handler } from "@smithy/node-http-handler";
import { summarize } from "./stats.js";
import type { Summary } from "./stats.js";
import { CHAT_PATH, chatBody } from "./upstream.js";

/**
 * Time to first event of a stream, over N sequential requests after a few unmeasured ones:
 * through plinth with the official Bedrock runtime client (HTTP/2, as it ships), from send() to
 * the first ConverseStream event; and straight to an OpenAI-style SSE endpoint with fetch, from
 * the call to the first `data:` line, as the baseline.
 */
export interface TtfeResult {
  readonly requests: number;
  /** Unmeasured requests sent first. */
  readonly warmupRequests: number;
  readonly firstEvent: Summary;
  /** The whole exchange, to the end of the stream. */
  readonly complete: Summary;
}

const WARMUP = 20;

export async function ttfeBedrock(o: {
  url: string; region: string; ca: string; modelId: string; count: number;
  credentials: { accessKeyId: string; secretAccessKey: string };
}): Promise<TtfeResult> {
  const client = new BedrockRuntimeClient({
    endpoint: o.url, region: o.region, credentials: o.credentials, maxAttempts: 1,
    requestHandler: new NodeHttp2Handler({ nodeHttp2ConnectOptions: { ca: o.ca } }),
  });
  try {
    return await sequential(o.count, async () => {
      const started = performance.now();
      const answer = await client.send(new ConverseStreamCommand({
        modelId: o.modelId,
        messages: [{ role: "user", content: [{ text: "Say hello." }] }],
        inferenceConfig: { maxTokens: 64 },
      }));
      let first = NaN;
      let sawStop = false;
      for await (const event of answer.stream ?? []) {
        if (Number.isNaN(first)) first = performance.now() - started;
        if (event.messageStop) sawStop = true;
      }
      if (!sawStop || Number.isNaN(first)) throw new Error("a ConverseStream answer ended without messageStop");
      return [first, performance.now() - started];
    });
  } finally {
    client.destroy();
  }
}

export async function ttfeSse(o: { url: string; count: number }): Promise<TtfeResult> {
  const body = chatBody(true);
  return sequential(o.count, async () => {
    const started = performance.now();
    const answer = await fetch(o.url + CHAT_PATH, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer sk-bench" }, body });
    if (answer.status !== 200 || !answer.body) throw new Error(`the SSE endpoint answered ${answer.status}`);
    let first = NaN;
    let text = "";
    const decoder = new TextDecoder();
    for await (const piece of answer.body) {
      if (Number.isNaN(first)) {
        text += decoder.decode(piece, { stream: true });
        if (/^data:/m.test(text)) first = performance.now() - started;
      }
    }
    if (Number.isNaN(first)) throw new Error("the SSE answer held no data line");
    return [first, performance.now() - started];
  });
}

async function sequential(count: number, one: () => Promise<[number, number]>): Promise<TtfeResult> {
  for (let i = 0; i < WARMUP; i++) await one();
  const first: number[] = [];
  const complete: number[] = [];
  for (let i = 0; i < count; i++) {
    const [f, c] = await one();
    first.push(f);
    complete.push(c);
  }
  return { requests: count, warmupRequests: WARMUP, firstEvent: summarize(first), complete: summarize(complete) };
}
