import type { Conversation, ConverseResult, RequestContext, StreamEvent } from "../../kernel/index.js";
import type { Pseudonyms } from "../../guardrails/pseudonyms.js";
import type { GuardrailSelection } from "../commands.js";
import { releasedResult, releasedStream } from "./released-trace.js";
import { restoreResult, restoreStream } from "./restore.js";

/**
 * The input check's answer: the conversation to send on (perhaps anonymised), or the answer to
 * give instead, with the guardrail that blocked (which a call with no answer to give names in
 * its refusal: input-only.ts).
 */
export type InputVerdict =
  | { readonly kind: "pass"; readonly conversation: Conversation }
  | { readonly kind: "blocked"; readonly result: ConverseResult; readonly by: BlockingGuardrail };

/** Which guardrail blocked an input: identifiers only, never what it found. */
export interface BlockingGuardrail {
  readonly guardrailId: string;
  readonly version: string;
  readonly origin: "REQUEST" | "ACCOUNT_ENFORCED";
}

/**
 * One request's guardrail, resolved and compiled once: the input (tool results included) is
 * checked before the provider sees it, the output (tool calls included) before the caller does: a
 * stream through a sliding window, so nothing is released unchecked, unless the caller asked its
 * own guardrail for Bedrock's asynchronous mode (text released, then cut on a BLOCK). Each check
 * notes its content-free outcome on the request context.
 */
export interface GuardSession {
  input(conversation: Conversation): Promise<InputVerdict>;
  output(result: ConverseResult): Promise<ConverseResult>;
  stream(events: AsyncIterable<StreamEvent>): AsyncIterable<StreamEvent>;
}

/**
 * Where the inference use cases meet guardrails. Every surface (Converse, InvokeModel, the OpenAI
 * and Anthropic formats) reaches the provider through the inference service, so guarding there is
 * one choke point no surface can route around.
 */
export interface GuardrailGate {
  /**
   * The sessions of every guardrail that applies to this call: the one the request names (a
   * not-found Fault when the account has no such guardrail or version), and the ones the account
   * enforces on this model whatever the caller sends (chainSessions says in which order they read).
   */
  open(selection: GuardrailSelection | undefined, modelId: string, ctx: RequestContext): Promise<OpenedGuardrails>;
  /**
   * A guardrail's tags (none when there is no such guardrail), read when a request is resolved:
   * naming a guardrail is also bedrock:ApplyGuardrail on it, and a policy may condition that on
   * aws:ResourceTag/*, which must then be supplied or a Deny written on it would be void.
   */
  tagsOf(accountId: string, guardrailArn: string): Promise<readonly ResourceTag[]>;
  /**
   * What naming one guardrail version is authorised on, read once: its tags, and the
   * customer-managed KMS key it is sealed under (absent under the account's default key, or when
   * there is no such version) — using the guardrail opens it on the caller's behalf, so the
   * caller must also be allowed kms:Decrypt on that key, as in Bedrock.
   *
   * `ctx`: the request it is read for. What is read is kept with it, and the same request's
   * `open` (or ApplyGuardrail) uses it rather than reading the guardrail again.
   */
  useOf(accountId: string, guardrailArn: string, version: string, ctx?: RequestContext): Promise<GuardrailUse>;
  /** The guardrails the account enforces on a model, with their tags, for the call's authorisation (`ctx`: as useOf). */
  enforcedFor(accountId: string, modelId: string, ctx?: RequestContext): Promise<readonly { readonly arn: string; readonly tags: readonly ResourceTag[] }[]>;
}

/** A call's guardrails as opened (GuardrailGate.open), for chainSessions. */
export interface OpenedGuardrails {
  /** The guardrail the request names, when it names one. */
  readonly request?: GuardSession;
  /** The guardrails the account enforces on the model, in their configurations' order. */
  readonly enforced: readonly GuardSession[];
  /**
   * Redact-and-restore's mapping, when one of the guardrails redacts: one per request, shared by
   * every guardrail that redacts (each writes its pseudonyms into it on input), and read once, by
   * the chain, to restore the answer.
   */
  readonly pseudonyms?: Pseudonyms;
}

export interface ResourceTag { readonly key: string; readonly value: string }

/** See GuardrailGate.useOf. */
export interface GuardrailUse {
  readonly tags: readonly ResourceTag[];
  readonly customerKeyArn?: string;
}

/**
 * Several guardrails as one, the account's enforced guardrails reading the input first and the
 * answer last; the first block wins.
 *
 * On input the enforced guardrails read what the caller sent, then the request's guardrail reads
 * what they let through. Read after it instead, an administrator's BLOCK would see only what the
 * caller's own guardrail left: an address it masked as `{EMAIL}` (or pseudonymised) no longer
 * blocks. When both would block, the caller gets the enforced guardrail's blocked messaging. And
 * when the request's guardrail changed the input (its masks: a regex's mask is its name, which the
 * caller chose, up to 100 characters of text the enforced guardrails have not read), the enforced
 * guardrails read again what the provider will be sent.
 *
 * On output the answer's pseudonyms are restored first, once, and only then does any guardrail
 * read it: every guardrail's output policies decide on the identifiers the caller would receive,
 * whichever guardrail redacted them. Restored inside one guardrail's check instead, a guardrail
 * reading before it would see `{EMAIL_1}` and let through the address restored after it; and a
 * mask an output check writes (a regex named `EMAIL_1` masks as `{EMAIL_1}`) could be "restored"
 * as an identifier. Then the request's guardrail reads the answer and the enforced ones read last
 * what the caller receives, the request guardrail's blocked messaging included; and the trace
 * the caller asked for keeps from the caller what they withheld (released-trace.ts).
 */
export function chainSessions({ request, enforced, pseudonyms }: OpenedGuardrails): GuardSession {
  if (request !== undefined && enforced.length === 0 && pseudonyms === undefined) return request;
  const answerOrder = [...(request === undefined ? [] : [request]), ...enforced];
  return {
    async input(conversation) {
      const read = await inputInOrder(enforced, conversation);
      if (read.kind === "blocked" || request === undefined) return read;
      const checked = await request.input(read.conversation);
      if (checked.kind === "blocked" || enforced.length === 0 || checked.conversation === read.conversation) return checked;
      return inputInOrder(enforced, checked.conversation);
    },
    async output(result) {
      let current = pseudonyms ? restoreResult(result, pseudonyms) : result;
      for (const session of answerOrder) current = await session.output(current);
      return releasedResult(current);
    },
    stream(events) {
      return releasedStream(answerOrder.reduce((inner, session) => session.stream(inner), pseudonyms ? restoreStream(events, pseudonyms) : events));
    },
  };
}

/** Each session reads what the one before let through; the first block wins. */
async function inputInOrder(sessions: readonly GuardSession[], conversation: Conversation): Promise<InputVerdict> {
  let current = conversation;
  for (const session of sessions) {
    const verdict = await session.input(current);
    if (verdict.kind === "blocked") return verdict;
    current = verdict.conversation;
  }
  return { kind: "pass", conversation: current };
}
