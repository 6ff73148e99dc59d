import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sensitive } from "../../kernel/index.js";
import type { Conversation, ConverseResult, RequestContext, RequestNotes, StreamEvent } from "../../kernel/index.js";
import type { GuardrailPolicies, RegexConfig, SensitiveAction } from "../../guardrails/config.js";
import { compileGuardrail, evaluate, OutputScanner } from "../../guardrails/index.js";
import type { CompiledGuardrail } from "../../guardrails/index.js";
import { fakePii } from "../../guardrails/evaluator.fixture.js";
import type { GuardrailDirectory, ResolvedGuardrail } from "./directory.js";
import type { GuardrailEngine } from "./engine.js";
import { chainSessions } from "./gate.js";
import { REDACT_AND_RESTORE_TAG } from "./opt-in-tags.js";
import { answered, received, streamed, textOf } from "./chain.fixture.js";
import { GuardrailRuntime } from "./runtime.js";

/**
 * Redact-and-restore with two guardrails on one request (the request's and an enforced one),
 * with the real evaluator: whichever of them redacts, every guardrail's output policies read the
 * identifiers the caller will receive, not the pseudonyms the model wrote, so an output BLOCK or
 * ANONYMIZE on e-mail addresses holds; and the provider never sees a pseudonymised address.
 */
const EMAIL = "ada@example.org";
const PROMPT = `Write to ${EMAIL} today`;
const NO_ADDRESSES = "No addresses in answers.";

const email = (inputAction: SensitiveAction, outputAction: SensitiveAction) =>
  [{ type: "EMAIL" as const, inputAction, outputAction, inputEnabled: true, outputEnabled: true }];
const POLICIES: Record<string, Omit<GuardrailPolicies, "blockedInputMessaging" | "blockedOutputsMessaging"> & { blockedOutputsMessaging?: string }> = {
  redacts: { piiEntities: email("ANONYMIZE", "NONE") },
  blocksOut: { piiEntities: email("NONE", "BLOCK"), blockedOutputsMessaging: NO_ADDRESSES },
  masksOut: { piiEntities: email("NONE", "ANONYMIZE") },
  // An output regex whose name is written like a pseudonym: its mask must never be "restored".
  masksTicketsLikeAPseudonym: { regexes: [{ name: "EMAIL_1", pattern: "ticket-\\d+", inputAction: "NONE", outputAction: "ANONYMIZE", inputEnabled: true, outputEnabled: true } satisfies RegexConfig] },
  plain: {},
};
type Name = keyof typeof POLICIES;

function resolved(name: Name): ResolvedGuardrail {
  const { blockedOutputsMessaging = `${name}: no`, ...policies } = POLICIES[name]!;
  return {
    arn: `arn:aws:bedrock:eu-west-2:111122223333:guardrail/${name}`, guardrailId: name, version: "1", revision: "1",
    policies: { ...policies, blockedInputMessaging: `${name}: refused`, blockedOutputsMessaging },
    tags: name === "redacts" ? [{ key: REDACT_AND_RESTORE_TAG, value: "true" }] : [],
  };
}

const directory: GuardrailDirectory = { resolveForInference: async (_account, identifier) => resolved(identifier.split("/").pop()!) };
const engine: GuardrailEngine<CompiledGuardrail> = {
  compile: (p) => compileGuardrail(p, { pii: fakePii }),
  evaluate: (g, source, texts, options) => evaluate(g, source, texts, options),
  scanner: (g, source, options) => new OutputScanner(g, source, options),
};

function context(): { ctx: RequestContext; notes: RequestNotes } {
  const notes: RequestNotes = {};
  return { notes, ctx: { signal: new AbortController().signal, notes, receivedAt: new Date(), principal: { accountId: "111122223333" } } as unknown as RequestContext };
}

/** The request's guardrail and one enforced guardrail, chained as inference chains them; and what the provider was sent. */
async function opened(request: Name, enforced: Name, prompt = PROMPT) {
  const source = { forInference: async () => [{ configId: "c", identifier: resolved(enforced).arn, version: "1", selective: { system: "COMPREHENSIVE", messages: "COMPREHENSIVE" } as const }] };
  const runtime = new GuardrailRuntime(directory, engine, () => {}, source);
  const { ctx, notes } = context();
  const session = chainSessions(await runtime.open({ identifier: request, version: "1" }, "m", ctx));
  const conversation: Conversation = { system: [], messages: [{ role: "user", content: [{ type: "text", text: prompt }] }] };
  const verdict = await session.input(conversation);
  assert.equal(verdict.kind, "pass");
  const sent = verdict.kind === "pass" ? (verdict.conversation.messages[0]!.content[0] as { text: string }).text : "";
  return { session, sent, notes };
}

/** Each pair: what the provider is sent, and what the caller receives when the model repeats it. */
const CASES: readonly { request: Name; enforced: Name; sent: string; caller: string }[] = [
  { request: "blocksOut", enforced: "redacts", sent: "Write to {EMAIL_1} today", caller: NO_ADDRESSES },
  { request: "masksOut", enforced: "redacts", sent: "Write to {EMAIL_1} today", caller: "Write to {EMAIL} today" },
  { request: "redacts", enforced: "blocksOut", sent: "Write to {EMAIL_1} today", caller: NO_ADDRESSES },
  { request: "redacts", enforced: "masksOut", sent: "Write to {EMAIL_1} today", caller: "Write to {EMAIL} today" },
  { request: "plain", enforced: "redacts", sent: "Write to {EMAIL_1} today", caller: PROMPT },
  { request: "redacts", enforced: "plain", sent: "Write to {EMAIL_1} today", caller: PROMPT },
];

describe("redact-and-restore with a second guardrail: output policies read the restored identifiers", () => {
  for (const c of CASES) {
    it(`request ${c.request}, enforced ${c.enforced}: the whole answer`, async () => {
      const { session, sent, notes } = await opened(c.request, c.enforced);
      assert.equal(sent, c.sent, "the provider never sees the address");
      const out = await session.output(answered(sent));
      assert.equal(textOf(out), c.caller);
      assert.equal(out.stopReason, c.caller === PROMPT ? "end_turn" : "guardrail_intervened");
      // The audit note says which guardrail acted on the answer, and on what type (never the address).
      const checker = c.request === "redacts" ? c.enforced : c.request;
      const noted = notes.guardrail!.evaluations!.find((e) => e.identifier === checker && e.source === "OUTPUT")!;
      assert.deepEqual([noted.outcome, noted.piiEntities], c.caller === PROMPT ? ["NONE", {}] : [c.caller === NO_ADDRESSES ? "BLOCKED" : "ANONYMIZED", { EMAIL: 1 }]);
      assert.equal(notes.guardrail!.pseudonymised, 1);
    });

    it(`request ${c.request}, enforced ${c.enforced}: streamed, the pseudonym cut at every offset`, async () => {
      const { sent } = await opened(c.request, c.enforced);
      for (let cut = 0; cut <= sent.length; cut++) {
        const { session } = await opened(c.request, c.enforced);
        const out = await received(session.stream(streamed(sent, [cut])));
        assert.equal(out.text, c.caller, `cut at ${cut}`);
        assert.equal(out.stopReason, c.caller === PROMPT ? "end_turn" : "guardrail_intervened", `cut at ${cut}`);
      }
    });
  }
});

describe("redact-and-restore with a second guardrail: a tool call's arguments", () => {
  it("are restored before the other guardrail reads them, whole or streamed in pieces", async () => {
    const whole = await opened("blocksOut", "redacts");
    const call: ConverseResult = {
      message: sensitive({ role: "assistant", content: [{ type: "toolUse", toolUseId: "t1", name: "send", input: { to: "{EMAIL_1}" } }] }),
      stopReason: "tool_use", usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
    };
    const out = await whole.session.output(call);
    assert.deepEqual(out.message.reveal().content, [{ type: "text", text: NO_ADDRESSES }]);
    const args = JSON.stringify({ to: "{EMAIL_1}" });
    for (let cut = 1; cut < args.length; cut++) {
      const { session } = await opened("blocksOut", "redacts");
      const events: StreamEvent[] = [];
      for await (const e of session.stream((async function* (): AsyncIterable<StreamEvent> {
        yield { type: "messageStart", role: "assistant" };
        yield { type: "contentBlockStart", index: 0, toolUse: { toolUseId: "t1", name: "send" } };
        yield { type: "contentBlockDelta", index: 0, delta: sensitive({ toolUseInput: args.slice(0, cut) }) };
        yield { type: "contentBlockDelta", index: 0, delta: sensitive({ toolUseInput: args.slice(cut) }) };
        yield { type: "contentBlockStop", index: 0 };
        yield { type: "messageStop", stopReason: "tool_use" };
      })())) events.push(e);
      const released = events.flatMap((e) => (e.type === "contentBlockDelta" ? [JSON.stringify(e.delta.reveal())] : [])).join("");
      assert.ok(!released.includes(EMAIL) && !events.some((e) => e.type === "contentBlockStart"), `cut at ${cut}: ${released}`);
      assert.match(released, new RegExp(NO_ADDRESSES), `cut at ${cut}`);
    }
  });
});

describe("redact-and-restore with a second guardrail: what the model makes up is not restored", () => {
  const ANSWERS: readonly { answer: string; caller: string; why: string }[] = [
    { answer: "Write to {EMAIL_2} today", caller: "Write to {EMAIL_2} today", why: "a pseudonym it was never given" },
    { answer: "Call {PHONE_1} today", caller: "Call {PHONE_1} today", why: "the number of a minted pseudonym under another type" },
    { answer: "Write to {email_1} today", caller: "Write to {email_1} today", why: "a minted pseudonym rewritten" },
    { answer: "Write to {EMAIL_1} today", caller: NO_ADDRESSES, why: "the minted pseudonym, which is restored and then read" },
  ];
  for (const a of ANSWERS) {
    it(`${a.why}: reaches the caller as "${a.caller}"`, async () => {
      const whole = await opened("blocksOut", "redacts");
      assert.equal(textOf(await whole.session.output(answered(a.answer))), a.caller);
      for (let cut = 0; cut <= a.answer.length; cut++) {
        const { session } = await opened("blocksOut", "redacts");
        assert.equal((await received(session.stream(streamed(a.answer, [cut])))).text, a.caller, `cut at ${cut}`);
      }
    });
  }

  it("a guardrail's own mask spelled like a pseudonym stays a mask: what the checks write is never restored", async () => {
    const answer = "See ticket-42 today";
    const whole = await opened("masksTicketsLikeAPseudonym", "redacts");
    assert.equal(whole.sent, "Write to {EMAIL_1} today");
    assert.equal(textOf(await whole.session.output(answered(answer))), "See {EMAIL_1} today");
    const { session } = await opened("masksTicketsLikeAPseudonym", "redacts");
    assert.equal((await received(session.stream(streamed(answer, [6])))).text, "See {EMAIL_1} today");
  });
});
