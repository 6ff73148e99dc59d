import { Agent, BedrockModel, tool } from "@strands-agents/sdk";
import type { AgentResult, BedrockGuardrailConfig, BedrockModelOptions, ContentBlock } from "@strands-agents/sdk";
import { z } from "zod";
import { RECORD, prompts } from "./guarded-prompts.js";
import { runScenarios, setting } from "./report.js";

/**
 * Strands Agents (TypeScript SDK 1.16) with a guardrail and a provisioned model, run as its own
 * process by guardrails-clients.test.ts. The TypeScript BedrockModel takes the guardrail as one
 * `guardrailConfig` object ({guardrailIdentifier, guardrailVersion, trace (default 'enabled'),
 * streamProcessingMode, redaction: {input, inputMessage, output, outputMessage}}) — the Python
 * SDK's flat guardrail_id / guardrail_trace / guardrail_redact_input settings do not exist here.
 * Strands reads the guardrail trace itself: when it holds a BLOCKED and detected policy it emits
 * redaction events, and the agent replaces the user's turn in its history (by default) and the
 * answer (when asked). The agent streams (ConverseStream) unless `stream: false` (Converse).
 * Each run records the text deltas, the trace from the metadata event, the redaction events,
 * the result's stop reason and the agent's history afterwards.
 */
const clientConfig = {
  endpoint: setting("PLINTH_URL"),
  region: setting("AWS_REGION"),
  credentials: { accessKeyId: setting("AWS_ACCESS_KEY_ID"), secretAccessKey: setting("AWS_SECRET_ACCESS_KEY") },
  maxAttempts: 1,
};
const ask = prompts("strands");
type Guardrail = BedrockGuardrailConfig;
const guardrail = (extra: Partial<Guardrail> = {}): Guardrail => ({
  guardrailIdentifier: setting("GUARDRAIL_ID"), guardrailVersion: setting("GUARDRAIL_VERSION"), ...extra,
});

const lookup = tool({
  name: "lookup_customer",
  description: "The customer's record",
  inputSchema: z.object({ customer: z.string() }),
  callback: () => RECORD,
});

async function run(options: BedrockModelOptions, prompt: string, tools: ReturnType<typeof tool>[] = []) {
  const agent = new Agent({ model: new BedrockModel({ modelId: setting("MODEL"), clientConfig, ...options }), tools, printer: false });
  const deltas: string[] = [];
  const redactions: unknown[] = [];
  let trace: unknown = null;
  const gen = agent.stream(prompt);
  let next = await gen.next();
  while (!next.done) {
    const e = next.value as { type: string; event?: Record<string, any> };
    if (e.type === "modelStreamUpdateEvent" && e.event) {
      if (e.event["type"] === "modelContentBlockDeltaEvent" && e.event["delta"]?.type === "textDelta") deltas.push(e.event["delta"].text);
      if (e.event["type"] === "modelMetadataEvent" && e.event["trace"]) trace = e.event["trace"];
      if (e.event["type"] === "modelRedactionEvent") redactions.push({ ...e.event });
    }
    next = await gen.next();
  }
  const result: AgentResult = next.value;
  const textOf = (content: readonly ContentBlock[]) => content.flatMap((b) => (b.type === "textBlock" ? [b.text] : [])).join("");
  return {
    stopReason: result.stopReason,
    text: textOf(result.lastMessage.content),
    deltas,
    trace,
    redactions,
    history: agent.messages.map((m) => ({ role: m.role, text: textOf(m.content) })),
  };
}

await runScenarios({
  "streamed, NI number": () => run({ guardrailConfig: guardrail() }, ask.niStream),
  "Converse (stream: false), NI number": () => run({ guardrailConfig: guardrail(), stream: false }, ask.ni),
  "streamed, guardrail ARN, DRAFT, trace enabled_full, guardLatestUserMessage": () => run({
    guardrailConfig: guardrail({ guardrailIdentifier: setting("GUARDRAIL_ARN"), guardrailVersion: "DRAFT", trace: "enabled_full", guardLatestUserMessage: true }),
  }, ask.niArn),
  "an agent with a tool whose result carries the NI number": () => run({ guardrailConfig: guardrail() }, ask.tool, [lookup]),
  "streamed, denied phrase, default redaction": () => run({ guardrailConfig: guardrail() }, ask.blockedStream),
  "Converse (stream: false), denied phrase, input redaction off": () => run({ guardrailConfig: guardrail({ redaction: { input: false } }), stream: false }, ask.blocked),
  "streamed async, denied word in the answer, output redaction on": () => run({
    guardrailConfig: guardrail({ streamProcessingMode: "async", redaction: { input: false, output: true, outputMessage: "[answer withheld]" } }),
  }, ask.cut),
  "streamed, provisioned model ARN": () => run({ modelId: setting("PROVISIONED_ARN") }, ask.provisionedStream),
  "an agent with a tool, provisioned model ARN": () => run({ modelId: setting("PROVISIONED_ARN") }, ask.provisionedTool, [lookup]),
  "Converse (stream: false), provisioned model ARN": () => run({ modelId: setting("PROVISIONED_ARN"), stream: false }, ask.provisioned),
}, 30_000);
