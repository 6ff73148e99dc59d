import { CreateGuardrailCommand, CreateGuardrailVersionCommand } from "@aws-sdk/client-bedrock";
import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { controlClient, runtimeClient } from "./control.js";
import { guardrailRequest, PATTERN_PII_TYPES, PII_TYPES, PROMPT_4K } from "./guardrail-fixture.js";
import { comparisonOf, runInterleaved } from "./paired.js";
import type { Comparison, PairedRuns } from "./paired.js";
import { MODEL_ID } from "./plinth.js";
import type { Plinth } from "./plinth.js";
import { signConverse } from "./sign.js";

/**
 * Issue 11: what a guardrail adds to a Converse call with a 4 KB prompt (bench/guardrail-fixture.ts:
 * PII to anonymise in every paragraph, a regex, words, profanity, a denied topic and all six
 * content filters, prompt attack included). Two guardrails are created through CreateGuardrail
 * and CreateGuardrailVersion before any load: the fixture's as it is, and the same without the
 * NAME and ADDRESS types (which run an NLP tagger over the text) so the report says where the
 * time goes. The same prompt is sent with no guardrailConfig as the baseline, in interleaved
 * rounds at one connection. An answer the guardrail refuses (its evaluation budget exceeded on a
 * loaded machine: 503) is counted, not measured.
 */
export interface GuardrailPair {
  readonly full: Comparison;
  readonly patternPiiOnly: Comparison;
  readonly paired: PairedRuns;
}

function converseWith(guardrailId?: string): string {
  return JSON.stringify({
    messages: [{ role: "user", content: [{ text: PROMPT_4K }] }],
    inferenceConfig: { maxTokens: 64 },
    ...(guardrailId !== undefined ? { guardrailConfig: { guardrailIdentifier: guardrailId, guardrailVersion: "1" } } : {}),
  });
}

export async function runGuardrailPair(o: {
  plinth: Plinth; upstreamPid: number; rounds: number; durationSeconds: number; warmupSeconds: number;
  progress: (text: string) => void; problems: string[];
}): Promise<GuardrailPair> {
  const p = o.plinth;
  const control = controlClient(p);
  const runtime = runtimeClient(p);
  try {
    const create = async (name: string, types: typeof PII_TYPES): Promise<string> => {
      const { guardrailId } = await control.send(new CreateGuardrailCommand(guardrailRequest(types, name)));
      await control.send(new CreateGuardrailVersionCommand({ guardrailIdentifier: guardrailId! }));
      // One call through each before the load, so a first use (the NLP tagger's load) is not measured;
      // the answer must show the prompt's PII anonymised, or the guardrail did not run.
      for (let i = 0; i < 3; i++) {
        try {
          const out = await runtime.send(new ConverseCommand({ modelId: MODEL_ID, messages: [{ role: "user", content: [{ text: PROMPT_4K }] }], guardrailConfig: { guardrailIdentifier: guardrailId!, guardrailVersion: "1", trace: "enabled" } }));
          const trace = JSON.stringify(out.trace?.guardrail ?? {});
          if (!trace.includes("ANONYMIZED")) o.problems.push(`guardrail pair: ${name} anonymised nothing in the prompt (trace ${trace.slice(0, 200)})`);
          break;
        } catch (error) {
          if (i === 2) o.problems.push(`guardrail pair: ${name} refused the prompt three times before the load (${(error as Error).name})`);
        }
      }
      return guardrailId!;
    };
    const full = await create("bench-guardrail-full", PII_TYPES);
    const patterns = await create("bench-guardrail-patterns", PATTERN_PII_TYPES);
    const target = async (body: string) => ({
      url: p.url, tlsCa: p.ca, pids: { plinth: p.pid, upstream: o.upstreamPid },
      ...await signConverse({ url: p.url, region: p.region, credentials: p.credentials, modelId: MODEL_ID, operation: "converse", body }),
    });
    const paired = await runInterleaved({
      label: "guardrail none/full/patterns", rounds: o.rounds, connections: [1], durationSeconds: o.durationSeconds, warmupSeconds: o.warmupSeconds,
      serverKey: "plinth", progress: o.progress, problems: o.problems, tolerated: ["guardrail-full", "guardrail-pattern-pii"],
      variants: [
        { name: "no-guardrail", target: await target(converseWith()) },
        { name: "guardrail-full", target: await target(converseWith(full)) },
        { name: "guardrail-pattern-pii", target: await target(converseWith(patterns)) },
      ],
    });
    return { full: comparisonOf(paired, "guardrail-full", 1), patternPiiOnly: comparisonOf(paired, "guardrail-pattern-pii", 1), paired };
  } finally {
    control.destroy();
    runtime.destroy();
  }
}
