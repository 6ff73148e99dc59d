import { Fault, clientWatch, invalid, sensitive } from "../kernel/index.js";
import type { Conversation, ConverseRequest, ConverseResult, EmbedResult, NotedUsage, RequestContext, Sensitive, StreamEvent, Usage } from "../kernel/index.js";
import type { CatalogueEntry, CatalogueModel, ModelCatalogue } from "./catalogue.js";
import type { ConverseCommand, CountTokensCommand, EmbedCommand, GuardrailSelection } from "./commands.js";
import { Deadline } from "./deadline.js";
import { chainSessions } from "./guardrails/gate.js";
import type { GuardrailGate, GuardrailUse, GuardSession } from "./guardrails/gate.js";
import { checkedInput, embeddingConversation, embeddingTexts } from "./guardrails/input-only.js";

/**
 * The inference use cases. They resolve the model, check it can do what is asked (so an
 * unsupported request is a ValidationException, not an upstream surprise), and call the provider
 * under a deadline tied to the client's connection.
 */
export class InferenceService {
  constructor(private readonly catalogue: ModelCatalogue, private readonly guardrails?: GuardrailGate) {}

  /**
   * What naming a guardrail version is also authorised on: its tags and customer key
   * (GuardrailGate.useOf). `ctx`: the request, whose inference then uses what was read here.
   */
  guardrailUse(accountId: string, guardrailArn: string, version: string, ctx?: RequestContext): Promise<GuardrailUse> {
    return this.guardrails ? this.guardrails.useOf(accountId, guardrailArn, version, ctx) : Promise.resolve({ tags: [] });
  }

  /** The catalogue entry of a model the caller names: a not-found Fault when there is none. */
  model(modelId: string): CatalogueModel {
    return this.catalogue.resolve(modelId).model;
  }

  async converse(cmd: ConverseCommand, ctx: RequestContext): Promise<ConverseResult> {
    const entry = this.#chatModel(cmd);
    const guard = await this.#guard(cmd, ctx);
    const checked = guard ? await guard.session.input(guard.conversation) : undefined;
    if (checked?.kind === "blocked") return checked.result;
    const request = checked ? { ...cmd, conversation: sensitive(checked.conversation) } : cmd;
    const result = await this.#call(entry, ctx, (signal) =>
      entry.provider.converse(providerRequest(entry, request), signal));
    ctx.notes.usage = notedUsage(result.usage);
    return guard ? guard.session.output(result) : result;
  }

  /**
   * Starts a stream and waits for its first event, so that a failure before any output (bad
   * input upstream, throttling) is an ordinary HTTP error rather than an exception event.
   */
  async converseStream(cmd: ConverseCommand, ctx: RequestContext): Promise<AsyncIterable<StreamEvent>> {
    const entry = this.#chatModel(cmd);
    if (!entry.model.streaming) throw new Fault("validation", `The model ${entry.model.modelId} does not support response streaming`, { field: "modelId" });
    const guard = await this.#guard(cmd, ctx);
    const checked = guard ? await guard.session.input(guard.conversation) : undefined;
    if (checked?.kind === "blocked") return blockedStream(checked.result);
    const request = checked ? { ...cmd, conversation: sensitive(checked.conversation) } : cmd;
    const events = await this.#stream(entry, request, ctx);
    return guard ? guard.session.stream(events) : events;
  }

  async #stream(entry: CatalogueEntry, cmd: ConverseCommand, ctx: RequestContext): Promise<AsyncIterable<StreamEvent>> {
    const deadline = new Deadline(clientWatch(ctx), entry.model.timeoutMs);
    const iterator = entry.provider.converseStream(providerRequest(entry, cmd), deadline.signal)[Symbol.asyncIterator]();
    let first: IteratorResult<StreamEvent>;
    try {
      first = await iterator.next();
    } catch (error) {
      deadline.dispose();
      throw deadline.translate(error, entry.model.modelId);
    }
    return (async function* () {
      try {
        let step = first;
        while (!step.done) {
          noteStreamEvent(step.value, ctx);
          yield step.value;
          deadline.restart();
          step = await iterator.next();
        }
      } catch (error) {
        throw deadline.translate(error, entry.model.modelId);
      } finally {
        deadline.dispose();
        await iterator.return?.();
      }
    })();
  }

  /**
   * Embeddings: the inputs take the input check of the account's enforced guardrails (an
   * embedding request names none of its own), so what ANONYMIZE masks is what gets embedded and
   * a BLOCK refuses the call (input-only.ts). Beyond Bedrock, whose guardrails do not support
   * embedding models: here the provider is a third party, and this is a way to it like any other.
   */
  async embed(cmd: EmbedCommand, ctx: RequestContext): Promise<EmbedResult> {
    const entry = this.catalogue.resolve(cmd.modelId);
    if (!entry.model.outputModalities.includes("EMBEDDING")) {
      throw new Fault("validation", `The model ${entry.model.modelId} does not produce embeddings`, { field: "modelId" });
    }
    const guard = await this.#guard({ modelId: cmd.modelId, conversation: sensitive(embeddingConversation(cmd.texts.reveal())) }, ctx);
    const texts = guard ? sensitive(embeddingTexts(await checkedInput(guard.session, guard.conversation))) : cmd.texts;
    const result = await this.#call(entry, ctx, (signal) =>
      entry.provider.embed({ model: entry.model.upstreamModel, texts, dimensions: cmd.dimensions, normalize: cmd.normalize, purpose: cmd.purpose }, signal));
    ctx.notes.usage = { inputTokens: result.inputTokens, outputTokens: 0 };
    return result;
  }

  /**
   * Token counts: the conversation counted is the one Converse would send (an adapter may post it
   * to the provider to count), so it takes the same input check first: masked where ANONYMIZE
   * applies, refused where Converse would be blocked (input-only.ts).
   */
  async countTokens(cmd: CountTokensCommand, ctx: RequestContext): Promise<number> {
    const entry = this.catalogue.resolve(cmd.modelId);
    const guard = await this.#guard(cmd, ctx);
    const conversation = guard ? sensitive(await checkedInput(guard.session, guard.conversation)) : cmd.conversation;
    return this.#call(entry, ctx, (signal) => entry.provider.countTokens({ model: entry.model.upstreamModel, conversation }, signal));
  }

  /**
   * The guardrails of this call (the request's and the account's enforced ones, chained as
   * chainSessions says), opened before the provider is called: the input is checked first.
   */
  async #guard(cmd: GuardedInput, ctx: RequestContext): Promise<{ session: GuardSession; conversation: Conversation } | undefined> {
    if (!this.guardrails) {
      // Without a guardrail capability, naming one must fail closed, never be ignored.
      if (cmd.guardrail) throw new Fault("not-found", `The guardrail ${cmd.guardrail.identifier} was not found`, { field: "guardrailConfig.guardrailIdentifier" });
      return undefined;
    }
    const opened = await this.guardrails.open(cmd.guardrail, cmd.modelId, ctx);
    if (opened.request === undefined && opened.enforced.length === 0) return undefined;
    return { session: chainSessions(opened), conversation: cmd.conversation.reveal() };
  }

  #chatModel(cmd: ConverseCommand): CatalogueEntry {
    const conversation = cmd.conversation.reveal();
    const entry = this.catalogue.resolve(cmd.modelId);
    const model = entry.model;
    if (!model.outputModalities.includes("TEXT")) {
      throw new Fault("validation", `The model ${model.modelId} does not support chat; use InvokeModel with its native embedding body`, { field: "modelId" });
    }
    if (!model.inputModalities.includes("IMAGE")) {
      conversation.messages.forEach((m, i) => m.content.forEach((b, j) => {
        if (b.type === "image") throw invalid(`messages.${i}.content.${j}.image`, `the model ${model.modelId} does not accept image input`);
      }));
    }
    return entry;
  }

  async #call<T>(entry: CatalogueEntry, ctx: RequestContext, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const deadline = new Deadline(clientWatch(ctx), entry.model.timeoutMs);
    try {
      return await run(deadline.signal);
    } catch (error) {
      throw deadline.translate(error, entry.model.modelId);
    } finally {
      deadline.dispose();
    }
  }
}

/** What a call's guardrails are opened for: the guardrail it names (if it can name one), its model and its input. */
interface GuardedInput {
  readonly guardrail?: GuardrailSelection;
  readonly modelId: string;
  readonly conversation: Sensitive<Conversation>;
}

/** A blocked input's answer as a well-formed stream: the blocked message, then its stop and metadata. */
async function* blockedStream(result: ConverseResult): AsyncIterable<StreamEvent> {
  yield { type: "messageStart", role: "assistant" };
  const text = result.message.reveal().content.map((b) => (b.type === "text" ? b.text : "")).join("");
  yield { type: "contentBlockDelta", index: 0, delta: sensitive({ text }) };
  yield { type: "contentBlockStop", index: 0 };
  yield { type: "messageStop", stopReason: result.stopReason };
  yield { type: "metadata", usage: result.usage, ...(result.guardrailTrace === undefined ? {} : { guardrailTrace: result.guardrailTrace }) };
}

/** What the provider is asked: the command's content and options under the model's upstream name. */
function providerRequest(entry: CatalogueEntry, cmd: ConverseCommand): ConverseRequest {
  return {
    model: entry.model.upstreamModel,
    conversation: cmd.conversation,
    inference: cmd.inference,
    ...(cmd.responseFieldPaths === undefined ? {} : { responseFieldPaths: cmd.responseFieldPaths }),
    ...(cmd.anthropic === undefined ? {} : { anthropic: cmd.anthropic }),
  };
}

/** The counts the records keep (totalTokens is their sum, so it is not kept twice). */
function notedUsage(usage: Usage): NotedUsage {
  return {
    inputTokens: usage.inputTokens, outputTokens: usage.outputTokens,
    ...(usage.cacheReadInputTokens === undefined ? {} : { cacheReadInputTokens: usage.cacheReadInputTokens }),
    ...(usage.cacheWriteInputTokens === undefined ? {} : { cacheWriteInputTokens: usage.cacheWriteInputTokens }),
  };
}

/**
 * What a stream tells the records as it passes: when the first output (a content block, text or
 * tool use) left, which is time to first token (a messageStart comes before any token, often as
 * soon as the provider answers its headers), and the usage its metadata event reports.
 */
function noteStreamEvent(event: StreamEvent, ctx: RequestContext): void {
  if (ctx.notes.firstOutputMs === undefined && (event.type === "contentBlockDelta" || event.type === "contentBlockStart")) {
    ctx.notes.firstOutputMs = Math.max(0, Date.now() - ctx.receivedAt.getTime());
  }
  if (event.type === "metadata") ctx.notes.usage = notedUsage(event.usage);
}
