import { sensitive } from "../../kernel/index.js";
import type { Conversation, ConverseResult, RequestContext, RequestNotes, StreamEvent } from "../../kernel/index.js";
import type { GuardrailPolicies } from "../../guardrails/config.js";
import { compileGuardrail, evaluate, OutputScanner } from "../../guardrails/index.js";
import type { CompiledGuardrail } from "../../guardrails/index.js";
import { fakePii } from "../../guardrails/evaluator.fixture.js";
import type { GuardrailSelection } from "../commands.js";
import type { GuardrailDirectory, ResolvedGuardrail } from "./directory.js";
import type { GuardrailEngine } from "./engine.js";
import { chainSessions } from "./gate.js";
import type { GuardSession } from "./gate.js";
import { REDACT_AND_RESTORE_TAG } from "./opt-in-tags.js";
import { GuardrailRuntime } from "./runtime.js";

/**
 * A request's guardrails over the real evaluator (with the stand-in PII finder), opened and
 * chained as inference opens and chains them: the one the request names, if any, and the ones the
 * account enforces. Each guardrail's blocked messages name it (`<name>: refused`, `<name>: no`).
 */
export type Spec = Omit<GuardrailPolicies, "blockedInputMessaging" | "blockedOutputsMessaging"> & { readonly redacts?: boolean };

const ACCOUNT = "111122223333";
const arnOf = (name: string) => `arn:aws:bedrock:eu-west-2:${ACCOUNT}:guardrail/${name}`;

const engine: GuardrailEngine<CompiledGuardrail> = {
  compile: (p) => compileGuardrail(p, { pii: fakePii }),
  evaluate: (g, source, texts, options) => evaluate(g, source, texts, options),
  scanner: (g, source, options) => new OutputScanner(g, source, options),
};

export async function openChain(
  specs: Readonly<Record<string, Spec>>,
  request: string | undefined,
  enforced: readonly string[],
  trace: NonNullable<GuardrailSelection["trace"]> = "disabled",
): Promise<{ session: GuardSession; notes: RequestNotes }> {
  const resolved = (name: string): ResolvedGuardrail => {
    const { redacts, ...policies } = specs[name]!;
    return {
      arn: arnOf(name), guardrailId: name, version: "1", revision: "1",
      policies: { ...policies, blockedInputMessaging: `${name}: refused`, blockedOutputsMessaging: `${name}: no` },
      tags: redacts ? [{ key: REDACT_AND_RESTORE_TAG, value: "true" }] : [],
    };
  };
  const directory: GuardrailDirectory = { resolveForInference: async (_account, identifier) => resolved(identifier.split("/").pop()!) };
  const source = {
    forInference: async () => enforced.map((name, i) => ({
      configId: `c${i}`, identifier: arnOf(name), version: "1", selective: { system: "COMPREHENSIVE", messages: "COMPREHENSIVE" } as const,
    })),
  };
  const runtime = new GuardrailRuntime(directory, engine, () => {}, source);
  const notes: RequestNotes = {};
  const ctx = { signal: new AbortController().signal, notes, receivedAt: new Date(), principal: { accountId: ACCOUNT } } as unknown as RequestContext;
  // A trace asked for with no guardrail of the request's own is an empty identifier (options-decode.ts).
  const selection = { identifier: request ?? "", version: request === undefined ? "" : "1", trace };
  return { session: chainSessions(await runtime.open(selection, "m", ctx)), notes };
}

export const prompt = (text: string): Conversation => ({ system: [], messages: [{ role: "user", content: [{ type: "text", text }] }] });

export const answered = (text: string): ConverseResult => ({
  message: sensitive({ role: "assistant", content: [{ type: "text", text }] }), stopReason: "end_turn", usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
});

export const textOf = (r: ConverseResult): string => r.message.reveal().content.map((b) => (b.type === "text" ? b.text : "")).join("");

/** The answer streamed as one text block cut at `cuts`. */
export async function* streamed(text: string, cuts: readonly number[] = []): AsyncIterable<StreamEvent> {
  yield { type: "messageStart", role: "assistant" };
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    if (cut > at) yield { type: "contentBlockDelta", index: 0, delta: sensitive({ text: text.slice(at, cut) }) };
    at = Math.max(at, cut);
  }
  yield { type: "contentBlockStop", index: 0 };
  yield { type: "messageStop", stopReason: "end_turn" };
  yield { type: "metadata", usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } };
}

/** What a stream gave the caller: its text, stop reason and the trace on its metadata event. */
export async function received(events: AsyncIterable<StreamEvent>): Promise<{ text: string; stopReason: string | undefined; trace: Readonly<Record<string, unknown>> | undefined }> {
  let text = "";
  let stopReason: string | undefined;
  let trace: Readonly<Record<string, unknown>> | undefined;
  for await (const e of events) {
    if (e.type === "contentBlockDelta" && "text" in e.delta.reveal()) text += (e.delta.reveal() as { text: string }).text;
    if (e.type === "messageStop") stopReason = e.stopReason;
    if (e.type === "metadata" && e.guardrailTrace !== undefined) trace = e.guardrailTrace.reveal();
  }
  return { text, stopReason, trace };
}
