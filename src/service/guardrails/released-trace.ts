import { sensitive } from "../../kernel/index.js";
import type { ConverseResult, GuardrailTrace, StreamEvent } from "../../kernel/index.js";

type Entry = Readonly<Record<string, unknown>>;
type Assessment = Readonly<Record<string, unknown>>;

/**
 * The guardrail trace as a caller may receive it when the account enforces a guardrail (beyond
 * Bedrock, whose trace shows the model's words whatever an administrator's guardrail withheld).
 *
 * Rule: when a guardrail the account enforces read the answer (an output assessment says
 * `ACCOUNT_ENFORCED`) and any guardrail intervened on the answer (an output finding BLOCKED or
 * ANONYMIZED), the trace's output side shows nothing the caller did not receive: `modelOutput` is
 * left out, and every `match` of every output assessment, whichever guardrail made it, becomes
 * the placeholder ANONYMIZE writes for its entry (`{EMAIL}`, a regex's `{name}`, `{PROFANITY}`;
 * a custom word, which names nothing else, `{CUSTOM_WORD}`).
 *
 * Every output assessment, not only the enforced ones: the request's guardrail, reading the
 * answer before them, finds the same address the administrator's BLOCK withheld, and a request
 * guardrail that masks an address hides it from the administrator's check, so its own trace would
 * be the way round. Nothing changes when no guardrail intervened on the answer (the caller
 * received what every match quotes) or when none is enforced (Bedrock's trace: the caller's own
 * guardrail on the caller's own exchange). Input assessments quote what the caller sent and stay.
 */
export function releasedTrace(trace: GuardrailTrace): GuardrailTrace {
  const shown = trace.reveal() as { readonly outputAssessments?: Readonly<Record<string, readonly Assessment[]>>; readonly modelOutput?: unknown };
  const outputs = shown.outputAssessments;
  if (outputs === undefined) return trace;
  const assessments = Object.values(outputs).flat();
  if (!assessments.some(enforced) || !assessments.some(intervened)) return trace;
  const { modelOutput: _withheld, ...rest } = shown;
  const placeheld = Object.fromEntries(Object.entries(outputs).map(([id, list]) => [id, list.map(withPlaceholders)]));
  return sensitive({ ...rest, outputAssessments: placeheld });
}

/** The answer with its trace as releasedTrace leaves it. */
export function releasedResult(result: ConverseResult): ConverseResult {
  return result.guardrailTrace === undefined ? result : { ...result, guardrailTrace: releasedTrace(result.guardrailTrace) };
}

/** A streamed answer whose trace (on its metadata event) is as releasedTrace leaves it. */
export async function* releasedStream(events: AsyncIterable<StreamEvent>): AsyncIterable<StreamEvent> {
  for await (const event of events) {
    yield event.type === "metadata" && event.guardrailTrace !== undefined ? { ...event, guardrailTrace: releasedTrace(event.guardrailTrace) } : event;
  }
}

function enforced(assessment: Assessment): boolean {
  const details = assessment["appliedGuardrailDetails"] as { guardrailOrigin?: readonly string[] } | undefined;
  return details?.guardrailOrigin?.includes("ACCOUNT_ENFORCED") === true;
}

/** Each policy's findings: `{ policy: { list: [entry, ...] } }` (invocationMetrics and the details hold no entries). */
function entries(assessment: Assessment): Entry[] {
  return Object.values(assessment).flatMap((policy) =>
    policy !== null && typeof policy === "object" && !Array.isArray(policy)
      ? Object.values(policy).flatMap((list) => (Array.isArray(list) ? (list as Entry[]) : []))
      : []);
}

function intervened(assessment: Assessment): boolean {
  return entries(assessment).some((e) => e["action"] === "BLOCKED" || e["action"] === "ANONYMIZED");
}

function withPlaceholders(assessment: Assessment): Assessment {
  const out: Record<string, unknown> = {};
  for (const [key, policy] of Object.entries(assessment)) {
    out[key] = policy !== null && typeof policy === "object" && !Array.isArray(policy)
      ? Object.fromEntries(Object.entries(policy).map(([name, list]) => [name, Array.isArray(list) ? (list as Entry[]).map(placeheld) : list]))
      : policy;
  }
  return out;
}

function placeheld(entry: Entry): Entry {
  if (entry === null || typeof entry !== "object" || typeof entry["match"] !== "string") return entry;
  const label = typeof entry["type"] === "string" ? entry["type"] : typeof entry["name"] === "string" ? entry["name"] : "CUSTOM_WORD";
  return { ...entry, match: `{${label}}` };
}
