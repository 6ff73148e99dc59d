import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SensitiveAction } from "../../guardrails/config.js";
import { answered, openChain, prompt, received, streamed, textOf } from "./chain.fixture.js";
import type { Spec } from "./chain.fixture.js";

/**
 * The trace a caller asks for must not give back what an account-enforced guardrail withheld from
 * the answer: with an enforced guardrail on the call and the answer blocked or masked by any
 * guardrail, the trace's output side (`modelOutput`, the output assessments' `match`es) shows
 * nothing the caller did not receive, Converse and ConverseStream alike (released-trace.ts).
 * Without an enforced guardrail the trace is Bedrock's (the caller's own guardrail on the caller's
 * own exchange); input assessments quote the caller's input and stay as they are.
 */
const EMAIL = "ada@example.org";
const PROMPT = `Write to ${EMAIL} today`;
const email = (outputAction: SensitiveAction) => [{ type: "EMAIL" as const, inputAction: "NONE" as const, outputAction, inputEnabled: true, outputEnabled: true }];
const SPECS: Record<string, Spec> = {
  blocksOut: { piiEntities: email("BLOCK") },
  masksOut: { piiEntities: email("ANONYMIZE") },
  detectsOut: { piiEntities: email("NONE") },
  plain: {},
  wordsAndTickets: {
    words: [{ text: "today", inputAction: "NONE", outputAction: "BLOCK", inputEnabled: true, outputEnabled: true }],
    regexes: [{ name: "ticket", pattern: "ticket-\\d+", inputAction: "NONE", outputAction: "ANONYMIZE", inputEnabled: true, outputEnabled: true }],
  },
};

interface Case {
  readonly request?: string;
  readonly enforced: readonly string[];
  readonly answer: string;
  readonly caller: string;
  /** Every output assessment's `match`, in trace order; and whether `modelOutput` is there. */
  readonly matches: readonly string[];
  readonly modelOutput: boolean;
  readonly why: string;
}
const CASES: readonly Case[] = [
  { enforced: ["blocksOut"], answer: PROMPT, caller: "blocksOut: no", matches: ["{EMAIL}"], modelOutput: false, why: "a trace asked for with no guardrail of the caller's own, the enforced one blocking" },
  { enforced: ["masksOut"], answer: PROMPT, caller: "Write to {EMAIL} today", matches: ["{EMAIL}"], modelOutput: false, why: "the enforced guardrail masking" },
  { request: "detectsOut", enforced: ["blocksOut"], answer: PROMPT, caller: "blocksOut: no", matches: ["{EMAIL}", "{EMAIL}"], modelOutput: false, why: "the request's guardrail finding what the enforced one blocked" },
  { request: "masksOut", enforced: ["blocksOut"], answer: PROMPT, caller: "Write to {EMAIL} today", matches: ["{EMAIL}"], modelOutput: false, why: "the request's guardrail masking the address before the enforced BLOCK could read it" },
  { request: "blocksOut", enforced: ["detectsOut"], answer: PROMPT, caller: "blocksOut: no", matches: ["{EMAIL}"], modelOutput: false, why: "the request's guardrail blocking what the enforced one then never read" },
  { request: "plain", enforced: ["wordsAndTickets"], answer: "See ticket-7 today", caller: "wordsAndTickets: no", matches: ["{CUSTOM_WORD}", "{ticket}"], modelOutput: false, why: "a regex's and a custom word's matches" },
  { request: "detectsOut", enforced: ["detectsOut2"], answer: PROMPT, caller: PROMPT, matches: [EMAIL, EMAIL], modelOutput: false, why: "no guardrail intervened: the caller received every match" },
  { request: "masksOut", enforced: [], answer: PROMPT, caller: "Write to {EMAIL} today", matches: [EMAIL], modelOutput: true, why: "no enforced guardrail: the caller's own guardrail, Bedrock's trace" },
];

type Trace = { modelOutput?: string[]; inputAssessment?: Record<string, unknown>; outputAssessments?: Record<string, Record<string, Record<string, { match?: string }[]>>[]> };

function outputMatches(trace: Trace): string[] {
  return Object.values(trace.outputAssessments ?? {}).flat().flatMap((a) =>
    Object.values(a).flatMap((policy) => Object.values(policy ?? {}).flatMap((list) => (Array.isArray(list) ? list.flatMap((e) => (typeof e?.match === "string" ? [e.match] : [])) : []))));
}

function checkTrace(trace: Trace, c: Case, where: string): void {
  assert.deepEqual(outputMatches(trace), c.matches, where);
  assert.equal(trace.modelOutput !== undefined, c.modelOutput, `${where}: modelOutput`);
  if (!c.modelOutput && c.caller !== PROMPT) {
    assert.ok(!JSON.stringify({ m: trace.modelOutput, o: trace.outputAssessments }).includes(EMAIL), `${where}: the address is withheld`);
  }
  // The input side quotes the caller's own prompt (every guardrail here detects nothing on input but its own regexes and words).
  assert.ok(trace.inputAssessment !== undefined, `${where}: input assessments kept`);
}

describe("the trace of a call with an enforced guardrail: nothing of what the answer withheld", () => {
  const specs: Record<string, Spec> = { ...SPECS, detectsOut2: SPECS["detectsOut"]! };
  for (const c of CASES) {
    it(`${c.why}: whole and streamed`, async () => {
      const whole = await openChain(specs, c.request, c.enforced, "enabled");
      assert.equal((await whole.session.input(prompt(PROMPT))).kind, "pass");
      const out = await whole.session.output(answered(c.answer));
      assert.equal(textOf(out), c.caller);
      checkTrace(out.guardrailTrace!.reveal() as Trace, c, "Converse");
      for (const cut of [0, 11, c.answer.length]) {
        const { session } = await openChain(specs, c.request, c.enforced, "enabled");
        await session.input(prompt(PROMPT));
        const got = await received(session.stream(streamed(c.answer, [cut])));
        assert.equal(got.text, c.caller, `cut at ${cut}`);
        checkTrace(got.trace as Trace, c, `ConverseStream, cut at ${cut}`);
      }
    });
  }

  it("an input assessment keeps the caller's own text, the enforced guardrail's too", async () => {
    const detectsIn: Spec = { piiEntities: [{ type: "EMAIL", inputAction: "NONE", outputAction: "BLOCK", inputEnabled: true, outputEnabled: true }] };
    const { session } = await openChain({ detectsIn }, undefined, ["detectsIn"], "enabled");
    await session.input(prompt(PROMPT));
    const trace = (await session.output(answered(PROMPT))).guardrailTrace!.reveal() as { inputAssessment: Record<string, { sensitiveInformationPolicy: { piiEntities: { match: string }[] } }> };
    assert.deepEqual(trace.inputAssessment["detectsIn"]!.sensitiveInformationPolicy.piiEntities.map((e) => e.match), [EMAIL]);
  });
});
