import { AnthropicBedrock } from "@anthropic-ai/bedrock-sdk";
import { prompts } from "./guarded-prompts.js";
import { runScenarios, setting } from "./report.js";

/**
 * Anthropic's Bedrock SDK with a guardrail and a provisioned model, run as its own process by
 * guardrails-clients.test.ts. The SDK has no guardrail option: it calls InvokeModel(+stream)
 * with Anthropic bodies, so the guardrail goes as Bedrock's X-Amzn-Bedrock-Guardrail* headers in
 * the request options' `headers` (signed with the rest), and the streaming mode as Bedrock's
 * `amazon-bedrock-guardrailConfig` body member. Bedrock's answer members
 * (`amazon-bedrock-guardrailAction`, `amazon-bedrock-trace`) are not in the SDK's types but
 * reach the caller in the returned object, and on a stream in the raw `message_stop` event the
 * SDK hands to `streamEvent` listeners. The provisioned model is the ARN as `model`, which
 * the SDK puts in the path with encodeURIComponent.
 */
/** What this script reads of a message (the SDK's own type lives in its nested @anthropic-ai/sdk). */
interface Message { readonly content: readonly { type: string; text?: string }[]; readonly stop_reason: string | null }

const client = new AnthropicBedrock({ baseURL: setting("PLINTH_URL"), awsRegion: setting("AWS_REGION"), maxRetries: 0 });
const ask = prompts("anthropic-bedrock");
const headers = (trace: boolean) => ({
  "X-Amzn-Bedrock-GuardrailIdentifier": setting("GUARDRAIL_ID"),
  "X-Amzn-Bedrock-GuardrailVersion": setting("GUARDRAIL_VERSION"),
  ...(trace ? { "X-Amzn-Bedrock-Trace": "ENABLED" } : {}),
});
const body = (content: string, model = setting("MODEL")) => ({ model, max_tokens: 512, messages: [{ role: "user" as const, content }] });
const textOf = (m: Message) => m.content.flatMap((b) => (b.type === "text" ? [b.text ?? ""] : [])).join("");
const bedrockMembers = (m: Message) => {
  const raw = m as unknown as Record<string, unknown>;
  return { action: raw["amazon-bedrock-guardrailAction"] ?? null, trace: raw["amazon-bedrock-trace"] ?? null };
};

async function created(content: string, trace: boolean, given: Record<string, string> = {}) {
  const m = await client.messages.create(body(content), { headers: { ...headers(trace), ...given } });
  return { text: textOf(m), stop: m.stop_reason, ...bedrockMembers(m) };
}

async function streamed(content: string, trace: boolean, extra: Record<string, unknown> = {}, model?: string) {
  const stream = client.messages.stream({ ...body(content, model), ...extra }, model ? {} : { headers: headers(trace) });
  const deltas: string[] = [];
  // Bedrock's own members ride on the stream's last chunk (message_stop); the final message keeps none of them.
  let last: Record<string, unknown> = {};
  stream.on("text", (t) => deltas.push(t));
  stream.on("streamEvent", (e) => { if (e.type === "message_stop") last = e as unknown as Record<string, unknown>; });
  const m = await stream.finalMessage();
  return { deltas, text: textOf(m), stop: m.stop_reason, action: last["amazon-bedrock-guardrailAction"] ?? null, trace: last["amazon-bedrock-trace"] ?? null };
}

await runScenarios({
  "create, NI number, trace enabled": () => created(ask.ni, true),
  "stream, NI number, trace enabled": () => streamed(ask.niStream, true),
  "create, guardrail ARN, DRAFT, trace ENABLED_FULL": () => created(ask.niArn, true, {
    "X-Amzn-Bedrock-GuardrailIdentifier": setting("GUARDRAIL_ARN"), "X-Amzn-Bedrock-GuardrailVersion": "DRAFT", "X-Amzn-Bedrock-Trace": "ENABLED_FULL",
  }),
  "create, denied phrase": () => created(ask.blocked, false),
  "stream, denied phrase": () => streamed(ask.blockedStream, false),
  "stream ASYNCHRONOUS, denied word in the answer": () => streamed(ask.cut, true, { "amazon-bedrock-guardrailConfig": { streamProcessingMode: "ASYNCHRONOUS" } }),
  "create, provisioned model ARN": async () => {
    const m = await client.messages.create(body(ask.provisioned, setting("PROVISIONED_ARN")));
    return { text: textOf(m), stop: m.stop_reason };
  },
  "stream, provisioned model ARN": async () => {
    const r = await streamed(ask.provisionedStream, false, {}, setting("PROVISIONED_ARN"));
    return { deltas: r.deltas.length, text: r.text, stop: r.stop };
  },
});
