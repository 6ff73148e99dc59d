import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SensitiveAction } from "../../guardrails/config.js";
import { answered, openChain, prompt } from "./chain.fixture.js";
import type { Spec } from "./chain.fixture.js";

/**
 * The input order of a request's guardrails: the account's enforced guardrails read what the
 * caller sent before the request's own guardrail rewrites it, so a caller's guardrail that masks
 * (or pseudonymises) an address cannot hide it from the administrator's input BLOCK; and what the
 * caller's guardrail writes into the prompt (a regex's mask is its name, which the caller chose)
 * is read by the enforced guardrails before the provider is sent it.
 */
const EMAIL = "ada@example.org";
const email = (inputAction: SensitiveAction) => [{ type: "EMAIL" as const, inputAction, outputAction: "NONE" as const, inputEnabled: true, outputEnabled: true }];
const SPECS: Record<string, Spec> = {
  masksIn: { piiEntities: email("ANONYMIZE") },
  redactsIn: { piiEntities: email("ANONYMIZE"), redacts: true },
  blocksIn: { piiEntities: email("BLOCK") },
  detectsIn: { piiEntities: email("NONE") },
  noNightjar: { words: [{ text: "project nightjar", inputAction: "BLOCK", outputAction: "BLOCK", inputEnabled: true, outputEnabled: true }] },
  // A caller's guardrail whose mask carries words the administrator denies.
  writesNightjar: { regexes: [{ name: "project nightjar", pattern: "ticket-\\d+", inputAction: "ANONYMIZE", outputAction: "NONE", inputEnabled: true, outputEnabled: true }] },
  // A caller's guardrail whose mask carries an address.
  writesAnAddress: { regexes: [{ name: EMAIL, pattern: "ticket-\\d+", inputAction: "ANONYMIZE", outputAction: "NONE", inputEnabled: true, outputEnabled: true }] },
};

const sentText = (verdict: Awaited<ReturnType<Awaited<ReturnType<typeof openChain>>["session"]["input"]>>): string =>
  verdict.kind === "pass" ? (verdict.conversation.messages[0]!.content[0] as { text: string }).text : `blocked: ${(verdict.result.message.reveal().content[0] as { text: string }).text}`;

/** Each case: the request's guardrail, the enforced one, the prompt, and what the provider is sent (or whose refusal the caller gets). */
const CASES: readonly { request: string; enforced: string; text: string; sent: string }[] = [
  { request: "masksIn", enforced: "blocksIn", text: `Write to ${EMAIL}`, sent: "blocked: blocksIn: refused" },
  { request: "redactsIn", enforced: "blocksIn", text: `Write to ${EMAIL}`, sent: "blocked: blocksIn: refused" },
  { request: "blocksIn", enforced: "blocksIn2", text: `Write to ${EMAIL}`, sent: "blocked: blocksIn2: refused" },
  { request: "blocksIn", enforced: "masksIn", text: `Write to ${EMAIL}`, sent: "Write to {EMAIL}" },
  { request: "blocksIn", enforced: "redactsIn", text: `Write to ${EMAIL}`, sent: "Write to {EMAIL_1}" },
  { request: "writesNightjar", enforced: "noNightjar", text: "About ticket-7", sent: "blocked: noNightjar: refused" },
  { request: "writesAnAddress", enforced: "masksIn", text: "About ticket-7", sent: "About {{EMAIL}}" },
  { request: "masksIn", enforced: "noNightjar", text: `Write to ${EMAIL}`, sent: "Write to {EMAIL}" },
];

describe("a request's guardrails on input: the enforced ones read first", () => {
  const specs: Record<string, Spec> = { ...SPECS, blocksIn2: SPECS["blocksIn"]! };
  for (const c of CASES) {
    it(`request ${c.request}, enforced ${c.enforced}: "${c.text}" -> ${c.sent}`, async () => {
      const { session } = await openChain(specs, c.request, [c.enforced]);
      assert.equal(sentText(await session.input(prompt(c.text))), c.sent);
    });
  }

  it("the enforced guardrail's audit entry counts what the caller sent, and a second read when the request's guardrail rewrote it", async () => {
    const once = await openChain(SPECS, "masksIn", ["detectsIn"]);
    await once.session.input(prompt(`Write to ${EMAIL}`));
    const enforced = (notes: typeof once.notes) => notes.guardrail!.evaluations!.find((e) => e.identifier === "detectsIn")!;
    // The request's guardrail masked the address: the enforced one read the input again, and found it only the first time.
    assert.deepEqual([enforced(once.notes).evaluations, enforced(once.notes).piiEntities], [2, { EMAIL: 1 }]);
    const unchanged = await openChain(SPECS, "noNightjar", ["detectsIn"]);
    await unchanged.session.input(prompt(`Write to ${EMAIL}`));
    assert.deepEqual([enforced(unchanged.notes).evaluations, enforced(unchanged.notes).piiEntities], [1, { EMAIL: 1 }], "nothing rewritten, nothing read again");
  });

  it("the trace shows one input assessment per guardrail: the first read's findings, then what a second read acted on", async () => {
    const { session } = await openChain(SPECS, "writesAnAddress", ["masksIn"], "enabled");
    const verdict = await session.input(prompt(`About ticket-7 from ${EMAIL}`));
    assert.equal(sentText(verdict), "About {{EMAIL}} from {EMAIL}");
    // Every assessment the trace holds comes with the answer.
    const out = await session.output(answered("ok"));
    const input = (out.guardrailTrace!.reveal() as { inputAssessment: Record<string, { sensitiveInformationPolicy: { piiEntities: { match: string; action: string }[] }; invocationMetrics: { usage: { sensitiveInformationPolicyUnits: number } } }> }).inputAssessment;
    assert.deepEqual(input["masksIn"]!.sensitiveInformationPolicy.piiEntities.map((e) => [e.match, e.action]), [[EMAIL, "ANONYMIZED"], [EMAIL, "ANONYMIZED"]]);
    assert.equal(input["masksIn"]!.invocationMetrics.usage.sensitiveInformationPolicyUnits, 2, "two reads");
  });
});
