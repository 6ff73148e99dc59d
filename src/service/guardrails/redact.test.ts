import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sensitive } from "../../kernel/index.js";
import type { Conversation, ConverseResult, RequestContext, RequestNotes } from "../../kernel/index.js";
import type { GuardrailPolicies } from "../../guardrails/config.js";
import type { Evaluation } from "../../guardrails/ports.js";
import { standInFacts } from "../../guardrails/evaluator.fixture.js";
import type { GuardrailDirectory, ResolvedGuardrail } from "./directory.js";
import type { GuardrailEngine } from "./engine.js";
import { chainSessions } from "./gate.js";
import { REDACT_AND_RESTORE_TAG } from "./opt-in-tags.js";
import { GuardrailRuntime } from "./runtime.js";

/**
 * Redact-and-restore across the guardrails of one request: the request's guardrail masks
 * `alpha-N`, an enforced one `beta-N`, both under one label (as two custom regexes named alike
 * would be). Each pseudonym must name one value for the whole request, or the answer would get
 * one identifier restored as another.
 */
const policies = (pattern: string): GuardrailPolicies & { pattern: string } => ({ blockedInputMessaging: "no", blockedOutputsMessaging: "no", pattern });
const guardrails: Record<string, ResolvedGuardrail> = {
  a: { arn: "arn:aws:bedrock:eu-west-2:111122223333:guardrail/a", guardrailId: "a", version: "1", revision: "1", policies: policies("alpha-\\d") },
  b: { arn: "arn:aws:bedrock:eu-west-2:111122223333:guardrail/b", guardrailId: "b", version: "1", revision: "1", policies: policies("beta-\\d") },
};
const directory: GuardrailDirectory = { resolveForInference: async (_account, identifier) => guardrails[identifier.split("/").pop()!]! };

const engine: GuardrailEngine<GuardrailPolicies & { pattern: string }> = {
  compile: (p) => p as GuardrailPolicies & { pattern: string },
  scanner: () => { throw new Error("not streamed here"); },
  evaluate: async (g, source, texts, options = {}): Promise<Evaluation> => {
    const re = new RegExp(g.pattern, "g");
    const pseudonyms = source === "INPUT" ? options.pseudonyms : undefined;
    // ANONYMIZE on input only (output NONE), as a redacting guardrail is usually set.
    const outputs = source === "OUTPUT" ? [...texts] : texts.map((t) => t.replace(re, (m) => (pseudonyms ? pseudonyms.token("ID", m) : "{ID}")));
    const action = outputs.some((o, i) => o !== texts[i]) ? "GUARDRAIL_INTERVENED" : "NONE";
    return {
      action, blocked: false, outputs: sensitive(outputs), assessment: sensitive({}),
      usage: { topicPolicyUnits: 0, contentPolicyUnits: 0, wordPolicyUnits: 0, sensitiveInformationPolicyUnits: 1, sensitiveInformationPolicyFreeUnits: 0, contextualGroundingPolicyUnits: 0 },
      facts: standInFacts(action, source),
    };
  },
};

function context(): { ctx: RequestContext; notes: RequestNotes } {
  const notes: RequestNotes = {};
  return { notes, ctx: { signal: new AbortController().signal, notes, receivedAt: new Date(), principal: { accountId: "111122223333" } } as unknown as RequestContext };
}

const enforced = { forInference: async () => [{ configId: "c", identifier: guardrails["b"]!.arn, version: "1", selective: { system: "COMPREHENSIVE", messages: "COMPREHENSIVE" } as const }] };

describe("redact-and-restore across a request's guardrails", () => {
  for (const tagged of [["a", "b"], ["a"], []] as const) {
    it(`tagged: [${tagged.join(", ")}]`, async () => {
      const tags = async (_account: string, arn: string) => (tagged.some((id) => arn.endsWith(`/${id}`)) ? [{ key: REDACT_AND_RESTORE_TAG, value: "true" }] : []);
      const runtime = new GuardrailRuntime(directory, engine, () => {}, enforced, tags);
      const { ctx, notes } = context();
      const session = chainSessions(await runtime.open({ identifier: "a", version: "1" }, "m", ctx));
      const conversation: Conversation = { system: [], messages: [{ role: "user", content: [{ type: "text", text: "alpha-1 and beta-2" }] }] };
      const verdict = await session.input(conversation);
      assert.equal(verdict.kind, "pass");
      const sent = verdict.kind === "pass" ? (verdict.conversation.messages[0]!.content[0] as { text: string }).text : "";
      assert.ok(!sent.includes("alpha-1") && !sent.includes("beta-2"), sent);
      const answer: ConverseResult = { message: sensitive({ role: "assistant", content: [{ type: "text", text: `echo: ${sent}` }] }), stopReason: "end_turn", usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } };
      const text = ((await session.output(answer)).message.reveal().content[0] as { text: string }).text;
      if (tagged.length === 2) {
        // The enforced guardrail (b) reads the input first, so it mints the first pseudonym.
        assert.equal(sent, "{ID_2} and {ID_1}");
        assert.equal(text, "echo: alpha-1 and beta-2");
        assert.equal(notes.guardrail?.pseudonymised, 2);
      } else if (tagged.length === 1) {
        assert.equal(sent, "{ID_1} and {ID}");
        assert.equal(text, "echo: alpha-1 and {ID}", "only the tagged guardrail's identifiers come back");
        assert.equal(notes.guardrail?.pseudonymised, 1);
      } else {
        assert.equal(sent, "{ID} and {ID}");
        assert.equal(text, "echo: {ID} and {ID}");
        assert.equal(notes.guardrail?.pseudonymised, undefined);
      }
    });
  }
});

describe("a session's tags", () => {
  it("come with the guardrail as resolved (its row read once per call), not from a second read", async () => {
    const tagged: ResolvedGuardrail = { ...guardrails["a"]!, tags: [{ key: REDACT_AND_RESTORE_TAG, value: "true" }] };
    const untagged: ResolvedGuardrail = { ...guardrails["a"]!, tags: [] };
    let reads = 0;
    const tags = async () => { reads++; return []; };
    for (const [resolved, sent] of [[tagged, "{ID_1} and beta-2"], [untagged, "{ID} and beta-2"]] as const) {
      const runtime = new GuardrailRuntime({ resolveForInference: async () => resolved }, engine, () => {}, undefined, tags);
      const session = chainSessions(await runtime.open({ identifier: "a", version: "1" }, "m", context().ctx));
      const verdict = await session.input({ system: [], messages: [{ role: "user", content: [{ type: "text", text: "alpha-1 and beta-2" }] }] });
      assert.equal(verdict.kind === "pass" ? (verdict.conversation.messages[0]!.content[0] as { text: string }).text : "", sent);
    }
    assert.equal(reads, 0);
  });
});
