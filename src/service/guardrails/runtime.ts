import { Fault, extended, invalid, sensitive } from "../../kernel/index.js";
import type { ConverseResult, GuardrailTrace, RequestContext, StreamEvent } from "../../kernel/index.js";
import type { Direction } from "../../guardrails/config.js";
import type { Evaluation, GuardrailFacts } from "../../guardrails/ports.js";
import { fullAssessment } from "../../guardrails/full-scope.js";
import type { EvaluateOptions } from "../../guardrails/assess.js";
import { Pseudonyms } from "../../guardrails/pseudonyms.js";
import type { GuardrailSelection } from "../commands.js";
import { guardrailOwner } from "../resources/guardrails.js";
import { CompiledCache } from "./compiled-cache.js";
import { guardrailNotFound } from "./control.js";
import type { EnforcedGuardrailSource, GuardingScope, GuardrailDirectory, LocatedGuardrail, ResolvedGuardrail } from "./directory.js";
import type { GuardrailEngine } from "./engine.js";
import type { GuardrailGate, GuardrailUse, GuardSession, InputVerdict, OpenedGuardrails, ResourceTag } from "./gate.js";
import { REQUEST_SCOPE, answerTexts, groundingContext, guardedTexts } from "./guarded-text.js";
import { allowsAsyncStreaming, redactsAndRestores } from "./opt-in-tags.js";
import { groundedStream } from "./grounded-stream.js";
import { noteOutcome, notePseudonymised } from "./outcome-note.js";
import { withSecondRead } from "./read-twice.js";
import { guardStream, MAX_GUARDED_ANSWER_CHARACTERS, overlongAnswer } from "./stream-guard.js";

/** What a session reports once per check, content-free (the debug log; the audit record and the metrics read the request's note). */
export type GuardrailObserver = (facts: GuardrailFacts, guardrail: ResolvedGuardrail) => void;

/**
 * The guardrail gate: resolves the caller's guardrail version through the control plane,
 * compiles it once (cached by ARN, version and revision) and opens a session that checks the
 * request's input and the model's output with it.
 */
export class GuardrailRuntime<C> implements GuardrailGate {
  readonly #compiled: CompiledCache<C>;
  /**
   * What authorising each request read of its guardrails (useOf, enforcedFor), kept with the
   * request so inference opens them without reading their rows again: one read per request.
   * Held by the request's context, so it goes with the request and is never seen by another.
   */
  readonly #located = new WeakMap<RequestContext, LocatedGuardrail[]>();

  constructor(
    private readonly directory: GuardrailDirectory,
    private readonly engine: GuardrailEngine<C>,
    private readonly observe: GuardrailObserver = () => {},
    private readonly enforced?: EnforcedGuardrailSource,
    private readonly tags: (accountId: string, guardrailArn: string) => Promise<readonly ResourceTag[]> = async () => [],
  ) {
    this.#compiled = new CompiledCache((policies) => engine.compile(policies));
  }

  async open(selection: GuardrailSelection | undefined, modelId: string, ctx: RequestContext): Promise<OpenedGuardrails> {
    const account = ctx.principal.accountId;
    const trace = selection?.trace ?? "disabled";
    let request: GuardSession | undefined;
    const enforcedSessions: GuardSession[] = [];
    // One mapping per request, shared by every guardrail that redacts: two guardrails minting
    // their own `{EMAIL_1}` for different addresses would restore one as the other. The chain
    // restores the answer with it before any guardrail's output check (chainSessions).
    // Made when the first redacting guardrail opens: most requests open none.
    let pseudonyms: Pseudonyms | undefined;
    const shared = (): Pseudonyms => (pseudonyms ??= new Pseudonyms());
    if (selection && selection.identifier !== "") {
      const guardrail = await this.#resolve(account, selection.identifier, selection.version, ctx);
      const mode = selection.streamProcessingMode ?? "sync";
      request = await this.#session(guardrail, { trace, scope: REQUEST_SCOPE, origin: "REQUEST", mode }, ctx, shared);
    }
    for (const enforced of (await this.enforced?.forInference(account, modelId)) ?? []) {
      // An enforced guardrail deleted under its configuration must not silently stop guarding:
      // resolving it fails (not found), and so does the call, until an administrator fixes it.
      const guardrail = await this.#resolve(account, enforced.identifier, enforced.version, ctx);
      // Always synchronous: the caller's streamProcessingMode must not loosen an administrator's guardrail.
      enforcedSessions.push(await this.#session(guardrail, { trace, scope: enforced.selective, origin: "ACCOUNT_ENFORCED", mode: "sync" }, ctx, shared));
    }
    return { ...(request === undefined ? {} : { request }), enforced: enforcedSessions, ...(pseudonyms === undefined ? {} : { pseudonyms }) };
  }

  tagsOf(accountId: string, guardrailArn: string): Promise<readonly ResourceTag[]> {
    return this.tags(accountId, guardrailArn);
  }

  async useOf(accountId: string, guardrailArn: string, version: string, ctx?: RequestContext): Promise<GuardrailUse> {
    const located = await this.#locate(accountId, guardrailArn, version, ctx);
    if (located) return { tags: located.tags, ...(located.customerKeyArn === undefined ? {} : { customerKeyArn: located.customerKeyArn }) };
    // A stand-in directory (tests) that cannot locate: the tags alone.
    return { tags: await this.tags(guardrailOwner(guardrailArn, accountId), guardrailArn) };
  }

  async enforcedFor(accountId: string, modelId: string, ctx?: RequestContext): Promise<readonly { arn: string; tags: readonly ResourceTag[] }[]> {
    const selections = (await this.enforced?.forInference(accountId, modelId)) ?? [];
    return Promise.all(selections.map(async (s) => {
      const located = await this.#locate(accountId, s.identifier, s.version, ctx);
      return { arn: s.identifier, tags: located ? located.tags : await this.tags(accountId, s.identifier) };
    }));
  }

  /**
   * Reads one version for a request's authorisation (when the directory can) and keeps it with the
   * request. `accountId` is the caller's; the guardrail is read from its owner's (an ARN's account).
   */
  async #locate(accountId: string, identifier: string, version: string, ctx: RequestContext | undefined): Promise<LocatedGuardrail | undefined> {
    if (!this.directory.locate) return undefined;
    const located = await this.directory.locate(guardrailOwner(identifier, accountId), identifier, version);
    if (ctx) {
      const kept = this.#located.get(ctx);
      if (kept) kept.push(located);
      else this.#located.set(ctx, [located]);
    }
    return located;
  }

  /**
   * The version opened for this request: from what its authorisation read when it read this one
   * (the directory checks it is the same account, guardrail and version), else read now. Another
   * account's guardrail is opened only when this request's authorisation read it (useOf), which
   * every surface that names a guardrail does before authorising bedrock:ApplyGuardrail on it:
   * a path that skipped that authorisation finds no such guardrail rather than another's.
   */
  async #resolve(accountId: string, identifier: string, version: string, ctx: RequestContext): Promise<ResolvedGuardrail> {
    const owner = guardrailOwner(identifier, accountId);
    const located = this.#located.get(ctx)?.find((l) => l.accountId === owner && l.version === version && (l.arn === identifier || l.guardrailId === identifier));
    if (owner !== accountId && located === undefined) throw guardrailNotFound();
    return this.directory.resolveForInference(owner, identifier, version, located);
  }

  /**
   * The guardrail owner's opt-ins (opt-in-tags.ts): redact-and-restore, and whether a caller's
   * asynchronous stream mode is honoured (else the stream is guarded synchronously).
   */
  async #session(guardrail: ResolvedGuardrail, how: SessionOptions, ctx: RequestContext, pseudonyms: () => Pseudonyms): Promise<GuardSession> {
    // Read with the guardrail's row just now (every call), so removing the tag still applies at once.
    const tags = guardrail.tags ?? await this.tags(guardrailOwner(guardrail.arn, ctx.principal.accountId), guardrail.arn);
    const redact = redactsAndRestores(tags);
    const mode = how.mode === "async" && allowsAsyncStreaming(tags) ? "async" : "sync";
    return new Session(guardrail, this.#compiled.get(guardrail), this.engine, extended(how, { mode }), ctx, this.observe, redact ? pseudonyms() : undefined);
  }

  /**
   * One evaluation outside inference (ApplyGuardrail), through the same cache and records.
   * `grounding` holds the texts qualified as the grounding check's source and query; they count
   * toward the bound on what one evaluation reads. `totalCharacters`: all the content's text,
   * evaluated or not.
   */
  async apply(
    identifier: string, version: string, source: Direction, texts: readonly string[], ctx: RequestContext,
    options: Pick<EvaluateOptions, "grounding" | "totalCharacters"> = {},
  ): Promise<{ guardrail: ResolvedGuardrail; evaluation: Evaluation }> {
    const grounding = options.grounding;
    boundedText([...texts, ...(grounding?.sources ?? []), ...(grounding?.queries ?? [])], "content");
    const guardrail = await this.#resolve(ctx.principal.accountId, identifier, version, ctx);
    const evaluation = await this.engine.evaluate(this.#compiled.get(guardrail), source, texts, options);
    noteOutcome(ctx, guardrail, evaluation, "REQUEST");
    this.observe(evaluation.facts, guardrail);
    return { guardrail, evaluation };
  }
}

interface SessionOptions {
  readonly trace: NonNullable<GuardrailSelection["trace"]>;
  readonly scope: GuardingScope;
  readonly origin: "REQUEST" | "ACCOUNT_ENFORCED";
  readonly mode: "sync" | "async";
}

class Session<C> implements GuardSession {
  /** What each read of the input found: an enforced guardrail may read it twice (chainSessions). */
  readonly #inputs: Evaluation[] = [];
  /** The request's grounding source and query, read at input, checked against the answer. */
  #grounding: { sources: readonly string[]; queries: readonly string[] } = { sources: [], queries: [] };

  constructor(
    private readonly guardrail: ResolvedGuardrail,
    private readonly compiled: C,
    private readonly engine: GuardrailEngine<C>,
    private readonly how: SessionOptions,
    private readonly ctx: RequestContext,
    private readonly observe: GuardrailObserver,
    /**
     * Redact-and-restore's mapping for this request only, when the guardrail opted in: its input
     * check writes pseudonyms into it. The answer reaches this session's output check already
     * restored (chainSessions), as it reaches every other guardrail's.
     */
    private readonly pseudonyms?: Pseudonyms,
  ) {}

  async input(conversation: Parameters<GuardSession["input"]>[0]): Promise<InputVerdict> {
    const guarded = guardedTexts(conversation, this.how.scope);
    this.#grounding = groundingContext(conversation);
    const totalCharacters = guarded.totalCharacters;
    const evaluation = await this.#evaluate("INPUT", guarded.texts, this.pseudonyms ? { pseudonyms: this.pseudonyms, totalCharacters } : { totalCharacters });
    this.#inputs.push(evaluation);
    if (this.pseudonyms && this.pseudonyms.size > 0) {
      notePseudonymised(this.ctx, this.pseudonyms.size);
    }
    if (evaluation.blocked) {
      return {
        kind: "blocked",
        by: { guardrailId: this.guardrail.guardrailId, version: this.guardrail.version, origin: this.how.origin },
        result: {
          message: sensitive({ role: "assistant", content: [{ type: "text", text: this.guardrail.policies.blockedInputMessaging }] }),
          stopReason: "guardrail_intervened",
          usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
          ...this.#traced([]),
        },
      };
    }
    return { kind: "pass", conversation: evaluation.action === "NONE" ? conversation : guarded.rewrite(evaluation.outputs.reveal()) };
  }

  async output(result: ConverseResult): Promise<ConverseResult> {
    const message = result.message.reveal();
    const read = answerTexts(message.content);
    const texts = read.texts;
    // The grounding check reads what the model said in text, not the arguments of its tool calls.
    const said = message.content.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("\n");
    const evaluation = await this.#evaluate("OUTPUT", texts, this.#groundingAsked() ? { grounding: { ...this.#grounding, answer: said } } : {});
    if (evaluation.action === "NONE") return { ...result, ...this.#traced([evaluation], undefined, result.guardrailTrace) };
    const content = evaluation.blocked
      ? [{ type: "text" as const, text: this.guardrail.policies.blockedOutputsMessaging }]
      : read.rewrite(evaluation.outputs.reveal());
    return {
      ...result,
      message: sensitive({ ...message, content }),
      stopReason: "guardrail_intervened",
      ...this.#traced([evaluation], texts, result.guardrailTrace),
    };
  }

  stream(events: AsyncIterable<StreamEvent>): AsyncIterable<StreamEvent> {
    const mode = this.how.mode;
    const guarded = guardStream(events, {
      scanner: () => this.engine.scanner(this.compiled, "OUTPUT", { masking: mode === "sync" }),
      evaluateTool: (texts) => {
        // A tool call is held whole to be read; a provider streaming an endless one must not make us hold it all.
        if (texts.reduce((n, t) => n + t.length, 0) > MAX_GUARDED_CHARACTERS) {
          throw new Fault("service-unavailable", `The guardrail could not complete its evaluation (a tool call's input is over ${MAX_GUARDED_CHARACTERS} characters); the content was not passed on.`);
        }
        return this.engine.evaluate(this.compiled, "OUTPUT", texts);
      },
      evaluated: (evaluation) => this.#note(evaluation),
      blockedMessaging: this.guardrail.policies.blockedOutputsMessaging,
      mode,
      trace: (evaluations, modelOutput, earlier) => this.#traced(evaluations, modelOutput, earlier).guardrailTrace,
    });
    if (!this.#groundingAsked()) return guarded;
    return groundedStream(guarded, {
      mode,
      blockedMessaging: this.guardrail.policies.blockedOutputsMessaging,
      check: async (said) => this.#note(await this.engine.evaluate(this.compiled, "OUTPUT", [said], { grounding: { ...this.#grounding, answer: said }, groundingOnly: true })),
      trace: (evaluation, earlier, said) => this.#withGrounding(evaluation, earlier, said),
    });
  }

  /**
   * A streamed answer's trace with its grounding evaluation added to this guardrail's output
   * assessments (the stream's own checks already put theirs there).
   */
  #withGrounding(evaluation: Evaluation, earlier: GuardrailTrace | undefined, said: readonly string[]): GuardrailTrace | undefined {
    const intervened = evaluation.action !== "NONE";
    if (earlier === undefined) return this.#traced([evaluation], intervened ? said : undefined).guardrailTrace;
    if (this.how.trace === "disabled") return earlier;
    const before = earlier.reveal() as { outputAssessments?: Record<string, unknown[]>; actionReason?: string; modelOutput?: string[] };
    const outputs = before.outputAssessments ?? {};
    const id = this.guardrail.guardrailId;
    return sensitive({
      ...before,
      ...(intervened ? { modelOutput: [...said] } : {}),
      outputAssessments: { ...outputs, [id]: [...(outputs[id] ?? []), this.#assessed(evaluation)] },
      actionReason: intervened ? actionReason(evaluation) : before.actionReason ?? actionReason(undefined),
    });
  }

  /** Whether the answer has a grounding check to pass: an enabled filter and its source or query. */
  #groundingAsked(): boolean {
    return (this.guardrail.policies.grounding ?? []).some((f) =>
      f.enabled && (f.type === "GROUNDING" ? this.#grounding.sources.length > 0 : this.#grounding.queries.length > 0));
  }

  async #evaluate(source: Direction, texts: readonly string[], options: EvaluateOptions = {}): Promise<Evaluation> {
    // The caller's text is refused past the bound (a validation error: the caller can mark less
    // with guardContent); the model's answer, which the caller did not write, fails closed past its own.
    if (source === "INPUT") boundedText(texts, "messages");
    else if (texts.reduce((n, t) => n + t.length, 0) > MAX_GUARDED_ANSWER_CHARACTERS) throw overlongAnswer();
    return this.#note(await this.engine.evaluate(this.compiled, source, texts, options));
  }

  /** Each evaluation, a whole request's or one streamed block's, is noted and observed once. */
  #note(evaluation: Evaluation): Evaluation {
    noteOutcome(this.ctx, this.guardrail, evaluation, this.how.origin);
    this.observe(evaluation.facts, this.guardrail);
    return evaluation;
  }

  /**
   * Bedrock's `GuardrailTraceAssessment`, when the caller asked for a trace: the input's
   * assessment, the output's, and (when the output was changed) what the model said, which the
   * caller may see because it is the caller's own exchange, unless a guardrail the account
   * enforces withheld it (the chain then releases less: released-trace.ts). Each assessment says
   * which guardrail made it and where it came from (`appliedGuardrailDetails`); with several
   * guardrails (the request's and enforced ones) their assessments sit side by side under their ids.
   */
  #traced(outputs: readonly Evaluation[], modelOutput?: readonly string[], earlier?: GuardrailTrace): { guardrailTrace?: GuardrailTrace } {
    if (this.how.trace === "disabled") return earlier === undefined ? {} : { guardrailTrace: earlier };
    const id = this.guardrail.guardrailId;
    const intervened = [...this.#inputs, ...outputs].find((e) => e.action !== "NONE");
    const input = this.#inputAssessment();
    const before = (earlier?.reveal() ?? {}) as { modelOutput?: string[]; inputAssessment?: object; outputAssessments?: object; actionReason?: string };
    const output = modelOutput ?? before.modelOutput;
    return {
      guardrailTrace: sensitive({
        ...(output === undefined ? {} : { modelOutput: [...output] }),
        ...(input || before.inputAssessment ? { inputAssessment: { ...before.inputAssessment, ...(input ? { [id]: input } : {}) } } : {}),
        ...(outputs.length > 0 || before.outputAssessments ? { outputAssessments: { ...before.outputAssessments, ...(outputs.length > 0 ? { [id]: outputs.map((e) => this.#assessed(e)) } : {}) } } : {}),
        actionReason: intervened || before.actionReason === undefined ? actionReason(intervened) : before.actionReason,
      }),
    };
  }

  /** The input's assessment as the trace carries it: one per guardrail, a second read's actions added (read-twice.ts). */
  #inputAssessment(): Record<string, unknown> | undefined {
    const [first, ...later] = this.#inputs;
    if (first === undefined) return undefined;
    const read = later.reduce((a, e) => withSecondRead(a, e.assessment.reveal() as Record<string, unknown>), first.assessment.reveal() as Record<string, unknown>);
    return this.#shown(read, "INPUT");
  }

  /**
   * One evaluation's assessment as the trace carries it. `enabled_full` lists what the evaluation
   * read and found nothing in too (`detected: false`), as ApplyGuardrail's `outputScope: FULL` does.
   */
  #assessed(e: Evaluation): Record<string, unknown> {
    return this.#shown(e.assessment.reveal() as Record<string, unknown>, e.facts.source);
  }

  #shown(assessment: Readonly<Record<string, unknown>>, source: Direction): Record<string, unknown> {
    const shown = this.how.trace === "enabled_full" ? fullAssessment(this.guardrail.policies, source, assessment) : assessment;
    return { ...shown, appliedGuardrailDetails: this.#details() };
  }

  #details(): Record<string, unknown> {
    return {
      guardrailId: this.guardrail.guardrailId, guardrailVersion: this.guardrail.version, guardrailArn: this.guardrail.arn,
      guardrailOrigin: [this.how.origin],
      guardrailOwnership: guardrailOwner(this.guardrail.arn, this.ctx.principal.accountId) === this.ctx.principal.accountId ? "SELF" : "CROSS_ACCOUNT",
    };
  }
}

/**
 * The most text one evaluation reads. The detectors run on the event loop and the budget can only
 * refuse after the fact, so without a bound a caller could send megabytes and stall every other
 * request for seconds (names and places read at ~0.17 MB/s per core). 100,000 characters is about
 * 0.6 s in the worst case, and 100 of Bedrock's text units.
 */
export const MAX_GUARDED_CHARACTERS = 100_000;

function boundedText(texts: readonly string[], field: string): void {
  let total = 0;
  for (const t of texts) total += t.length;
  if (total > MAX_GUARDED_CHARACTERS) {
    throw invalid(field, `A guardrail evaluates at most ${MAX_GUARDED_CHARACTERS} characters per request (this request has ${total}); use guardContent to mark what it must read`);
  }
}

function actionReason(intervened: Evaluation | undefined): string {
  if (!intervened) return "No action.";
  return intervened.blocked ? "Guardrail blocked." : "Guardrail masked.";
}
