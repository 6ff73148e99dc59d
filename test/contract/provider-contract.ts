import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { sensitive } from "../../src/kernel/index.js";
import type { ContentBlock, Conversation, ConverseRequest, ReasoningConfig, StreamEvent, Usage } from "../../src/kernel/index.js";
import { textPdf } from "../../src/providers/documents/pdf.fixture.js";
import type { DocumentHandling, ModelProvider } from "../../src/providers/port.js";
import { rejectsWith } from "../support/faults.js";

/**
 * The behaviour every ModelProvider adapter shares. Each adapter's test file calls
 * `providerContract` with a fixture: the adapter built against a loopback server that speaks
 * the provider's real wire protocol (or, for llamacpp, a real GGUF file). Loopback servers pick
 * their behaviour from the upstream model name, so one server covers every case below.
 * A capability the adapter lacks must be refused with a "validation" Fault, never ignored.
 */
export interface ProviderFixture {
  readonly name: string;
  setup(): Promise<ModelProvider>;
  teardown(): Promise<void>;
  readonly models: {
    /** A chat model that answers with text. */
    readonly chat: string;
    /** A chat model that answers a request carrying tools with a tool call; omit if unsupported. */
    readonly tools?: string;
    /** An embedding model; omit if the adapter cannot embed. */
    readonly embed?: string;
    /** Upstream answers HTTP 429. */
    readonly throttled?: string;
    /** Upstream answers HTTP 500. */
    readonly failing?: string;
    /** Upstream starts a stream and then sends garbage. */
    readonly malformedStream?: string;
    /** Upstream accepts the request and never answers (to test cancellation). */
    readonly hang?: string;
  };
  /** Resolves once the upstream has seen the client of the `hang` model go away. */
  readonly upstreamSawCancel?: () => Promise<void>;
  readonly supportsCountTokens: boolean;
  readonly supportsImages: boolean;
  /** Documents, reasoning, prompt caching, structured output, tiers, response fields; omit if the adapter has none. */
  readonly features?: ProviderFeatures;
}

/**
 * What the newer-feature cases need from a fixture. The loopbacks answer these only when the
 * adapter put the feature on the provider's wire (a PDF's text comes back only if the bytes or
 * their text arrived, JSON only if the schema did, a cache read only if the breakpoint or the
 * repeated prefix did), so a dropped feature fails here.
 */
export interface ProviderFeatures {
  readonly documents: DocumentHandling;
  /** A model that answers with the user's words and the text of their documents. */
  readonly echo: string;
  /** A model that reasons when asked as `config` says; `signed`: its reasoning carries a signature. */
  readonly reasoning: { readonly model: string; readonly config: ReasoningConfig; readonly signed: boolean };
  /** The provider reports cache writes as well as reads (OpenAI reports reads only). */
  readonly cacheWrites: boolean;
  /**
   * The breakpoints in the last request the upstream received, each as where it sat (e.g.
   * `system.0`, `messages.0.content.0`); omit for a provider with no explicit breakpoints.
   */
  readonly lastCacheBreakpoints?: () => string[];
  /** A JSON pointer into this provider's raw answer, and what it yields (non-stream, stream). */
  readonly responseField: { readonly path: string; readonly converse: unknown; readonly stream: unknown };
}

const conversation = (text: string, extra: Partial<Conversation> = {}): ConverseRequest["conversation"] =>
  sensitive({ system: [{ type: "text" as const, text: "You are terse." }], messages: [{ role: "user", content: [{ type: "text", text }] }], ...extra });

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

/** Checks the stream grammar documented on StreamEvent. */
export function assertWellFormedStream(events: readonly StreamEvent[]): void {
  assert.equal(events[0]?.type, "messageStart", "a stream opens with messageStart");
  const open = new Set<number>();
  const closed = new Set<number>();
  let stopped = false;
  for (const e of events.slice(1)) {
    if (e.type === "contentBlockStart" || e.type === "contentBlockDelta") {
      assert.ok(!stopped, "no content after messageStop");
      assert.ok(!closed.has(e.index), `block ${e.index} receives events after its stop`);
      open.add(e.index);
    } else if (e.type === "contentBlockStop") {
      assert.ok(open.has(e.index), `block ${e.index} stops without having started`);
      open.delete(e.index);
      closed.add(e.index);
    } else if (e.type === "messageStop") {
      assert.equal(open.size, 0, "every block is stopped before messageStop");
      stopped = true;
    } else if (e.type === "metadata") {
      assert.ok(stopped, "metadata follows messageStop");
    } else {
      assert.fail(`unexpected ${e.type} after messageStart`);
    }
  }
  assert.ok(stopped, "a stream ends with messageStop");
  assert.equal(events.at(-1)?.type, "metadata", "metadata closes the stream");
}


/** inputTokens is the uncached part (as in Bedrock); the total counts every token. */
function assertUsage(usage: Usage): void {
  assert.equal(usage.totalTokens, usage.inputTokens + usage.outputTokens + (usage.cacheReadInputTokens ?? 0) + (usage.cacheWriteInputTokens ?? 0));
}

const textOf = (events: readonly StreamEvent[], key: "text" | "reasoningText", index?: number): string =>
  events.flatMap((e) => {
    if (e.type !== "contentBlockDelta" || (index !== undefined && e.index !== index)) return [];
    const d = e.delta.reveal() as Record<string, unknown>;
    return typeof d[key] === "string" ? [d[key] as string] : [];
  }).join("");

export function providerContract(fixture: ProviderFixture): void {
  describe(`provider contract: ${fixture.name}`, () => {
    let provider: ModelProvider;
    const never = new AbortController().signal;
    before(async () => { provider = await fixture.setup(); });
    after(async () => { await provider?.close(); await fixture.teardown(); });

    it("converse answers with an assistant text message and consistent usage", async () => {
      const result = await provider.converse({ model: fixture.models.chat, conversation: conversation("Say hello"), inference: { maxTokens: 32, temperature: 0 } }, never);
      const message = result.message.reveal();
      assert.equal(message.role, "assistant");
      assert.ok(message.content.some((b) => b.type === "text" && b.text.length > 0), "has text");
      assert.ok(["end_turn", "max_tokens", "stop_sequence"].includes(result.stopReason));
      assertUsage(result.usage);
      assert.ok(result.usage.inputTokens > 0);
    });

    it("converseStream yields a well-formed event sequence with text", async () => {
      const events = await collect(provider.converseStream({ model: fixture.models.chat, conversation: conversation("Say hello"), inference: { maxTokens: 32, temperature: 0 } }, never));
      assertWellFormedStream(events);
      const text = events.flatMap((e) => (e.type === "contentBlockDelta" && "text" in e.delta.reveal() ? [(e.delta.reveal() as { text: string }).text] : [])).join("");
      assert.ok(text.length > 0, "streamed some text");
    });

    it("content in results cannot be serialised by accident", async () => {
      const result = await provider.converse({ model: fixture.models.chat, conversation: conversation("Say hello"), inference: { maxTokens: 8 } }, never);
      assert.equal(JSON.stringify(result.message), '"[redacted]"');
    });

    if (fixture.models.tools) {
      const model = fixture.models.tools;
      const tools = { tools: [{ name: "get_weather", description: "weather for a city", inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } }] };
      it("a model asked to use a tool answers with a toolUse block and stopReason tool_use", async () => {
        const result = await provider.converse({ model, conversation: conversation("Weather in Leeds?", { tools }), inference: { maxTokens: 64 } }, never);
        assert.equal(result.stopReason, "tool_use");
        const use = result.message.reveal().content.find((b) => b.type === "toolUse");
        assert.ok(use && use.type === "toolUse" && use.name === "get_weather" && use.toolUseId.length > 0);
        assert.equal(typeof use.input, "object");
      });
      it("streamed tool input arrives as partial JSON after a contentBlockStart naming the tool", async () => {
        const events = await collect(provider.converseStream({ model, conversation: conversation("Weather in Leeds?", { tools }), inference: { maxTokens: 64 } }, never));
        assertWellFormedStream(events);
        const start = events.find((e) => e.type === "contentBlockStart" && e.toolUse);
        assert.ok(start && start.type === "contentBlockStart" && start.toolUse?.name === "get_weather");
        const json = events.flatMap((e) => (e.type === "contentBlockDelta" && e.index === start.index && "toolUseInput" in e.delta.reveal() ? [(e.delta.reveal() as { toolUseInput: string }).toolUseInput] : [])).join("");
        assert.equal(typeof JSON.parse(json), "object");
        assert.equal((events.find((e) => e.type === "messageStop") as { stopReason: string }).stopReason, "tool_use");
      });
    }

    if (fixture.models.embed) {
      const model = fixture.models.embed;
      it("embed returns one vector per text, all of one dimension", async () => {
        const result = await provider.embed({ model, texts: sensitive(["first text", "second text"]) }, never);
        const vectors = result.vectors.reveal();
        assert.equal(vectors.length, 2);
        assert.ok(vectors[0]!.length > 0 && vectors[0]!.length === vectors[1]!.length);
        assert.ok(vectors[0]!.every((x) => Number.isFinite(x)));
        assert.ok(result.inputTokens > 0);
      });
    } else {
      it("embed is refused as a validation fault", async () => {
        await rejectsWith(provider.embed({ model: fixture.models.chat, texts: sensitive(["x"]) }, never), "validation");
      });
    }

    if (fixture.supportsCountTokens) {
      it("countTokens counts more tokens for a longer conversation", async () => {
        const short = await provider.countTokens({ model: fixture.models.chat, conversation: conversation("hi") }, never);
        const long = await provider.countTokens({ model: fixture.models.chat, conversation: conversation("hi ".repeat(50)) }, never);
        assert.ok(Number.isInteger(short) && short > 0 && long > short);
      });
    }

    if (!fixture.supportsImages) {
      it("an image block is refused as a validation fault naming images", async () => {
        const image = sensitive({ system: [], messages: [{ role: "user" as const, content: [{ type: "image" as const, format: "png" as const, bytes: new Uint8Array([137, 80, 78, 71]) }] }] });
        const f = await rejectsWith(provider.converse({ model: fixture.models.chat, conversation: image, inference: {} }, never), "validation");
        assert.match(f.message, /image/i);
      });
    }

    if (fixture.models.throttled) {
      const model = fixture.models.throttled;
      it("an upstream 429 becomes a throttling fault", async () => {
        await rejectsWith(provider.converse({ model, conversation: conversation("x"), inference: {} }, never), "throttling");
      });
    }
    if (fixture.models.failing) {
      const model = fixture.models.failing;
      it("an upstream 500 becomes a model-error fault carrying the status and no upstream text", async () => {
        const f = await rejectsWith(provider.converse({ model, conversation: conversation("x"), inference: {} }, never), "model-error");
        assert.equal(f.detail.originalStatusCode, 500);
        assert.doesNotMatch(f.message, /upstream-secret-detail/, "upstream error text is not passed through");
      });
    }
    if (fixture.models.malformedStream) {
      const model = fixture.models.malformedStream;
      it("a malformed upstream stream becomes a model-stream-error fault", async () => {
        await rejectsWith(collect(provider.converseStream({ model, conversation: conversation("x"), inference: {} }, never)), "model-stream-error");
      });
    }
    if (fixture.models.hang) {
      const model = fixture.models.hang;
      it("aborting the signal cancels the upstream call", async () => {
        const controller = new AbortController();
        const pending = provider.converse({ model, conversation: conversation("x"), inference: {} }, controller.signal);
        setTimeout(() => controller.abort(), 50);
        await assert.rejects(pending);
        if (fixture.upstreamSawCancel) await fixture.upstreamSawCancel();
      });
    }

    if (fixture.features) featureCases(() => provider, fixture.features, fixture.models);
  });
}

function featureCases(provider: () => ModelProvider, f: ProviderFeatures, models: ProviderFixture["models"]): void {
  const never = new AbortController().signal;
  const ask = (model: string, conversation: Partial<Conversation>, inference: ConverseRequest["inference"] = {}, extra: Partial<ConverseRequest> = {}): ConverseRequest =>
    ({ model, inference: { maxTokens: 256, ...inference }, conversation: sensitive({ system: [], messages: [], ...conversation }), ...extra });
  const user = (...content: ContentBlock[]) => [{ role: "user" as const, content }];

  it(`documents are taken ${f.documents === "native" ? "natively" : "as extracted text"}: a text file and a PDF reach the model`, async () => {
    assert.equal(provider().documents, f.documents);
    const messages = user(
      { type: "document", format: "txt", name: "first", source: { bytes: new TextEncoder().encode("The first word is heliotrope.") } },
      { type: "document", format: "pdf", name: "second", source: { bytes: textPdf(["The second word is marigold."]) } },
      { type: "text", text: "Which two words?" },
    );
    const result = await provider().converse(ask(f.echo, { messages }), never);
    const text = result.message.reveal().content.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("");
    assert.match(text, /heliotrope/);
    assert.match(text, /marigold/);
    const streamed = textOf(await collect(provider().converseStream(ask(f.echo, { messages }), never)), "text");
    assert.match(streamed, /marigold/);
  });
  if (f.documents === "text") {
    it("a Word document is refused naming its format, before the upstream is called", async () => {
      const messages = user({ type: "text", text: "x" }, { type: "document", format: "docx", name: "memo", source: { bytes: new Uint8Array([80, 75, 3, 4]) } });
      const fault = await rejectsWith(provider().converse(ask(f.echo, { messages }), never), "validation");
      assert.equal(fault.detail.field, "messages.0.content.1.document.format");
    });
  }

  it("reasoning asked for comes back first, and goes back to the model in the next turn", async () => {
    const question = user({ type: "text", text: "Think, then answer." });
    const first = await provider().converse(ask(f.reasoning.model, { messages: question }, { maxTokens: 4096, reasoning: f.reasoning.config }), never);
    const content = first.message.reveal().content;
    const reasoning = content[0];
    assert.ok(reasoning?.type === "reasoning" && reasoning.text.length > 0, "a reasoning block first");
    assert.equal(reasoning.signature !== undefined, f.reasoning.signed);
    assert.ok(content.some((b) => b.type === "text" && b.text.length > 0));
    // The loopbacks check what comes back: a signature that verifies, or (OpenAI) no reasoning at all.
    const next = [...question, { role: "assistant" as const, content }, ...user({ type: "text", text: "And again?" })];
    const second = await provider().converse(ask(f.reasoning.model, { messages: next }, { maxTokens: 4096, reasoning: f.reasoning.config }), never);
    assert.equal(second.message.reveal().content[0]?.type, "reasoning");
  });
  it("streamed reasoning is its own block, before the text", async () => {
    const events = await collect(provider().converseStream(ask(f.reasoning.model, { messages: user({ type: "text", text: "Think." }) }, { maxTokens: 4096, reasoning: f.reasoning.config }), never));
    assertWellFormedStream(events);
    assert.ok(textOf(events, "reasoningText", 0).length > 0, "reasoning in block 0");
    assert.equal(textOf(events, "text", 0), "");
    assert.ok(textOf(events, "text").length > 0);
    if (f.reasoning.signed) assert.ok(events.some((e) => e.type === "contentBlockDelta" && e.index === 0 && "reasoningSignature" in (e.delta.reveal() as object)));
  });

  it("cache points: the marked prefix (over 1024 tokens, the providers' minimum) is written once and read after that, in usage", async () => {
    const system = [{ type: "text" as const, text: `Policy ${Math.random()}: ${"answer carefully. ".repeat(250)}`, cache: {} }];
    const messages = user({ type: "text", text: "First question, cached too.", cache: { ttl: "5m" } });
    const request = ask(models.chat, { system, messages: [...messages, { role: "assistant", content: [{ type: "text", text: "ok" }] }, ...user({ type: "text", text: "Next?" })] });
    const first = await provider().converse(request, never);
    if (f.lastCacheBreakpoints) assert.deepEqual(f.lastCacheBreakpoints(), ["system.0", "messages.0.content.0"], "each mark on the block that carries it");
    assertUsage(first.usage);
    if (f.cacheWrites) assert.ok((first.usage.cacheWriteInputTokens ?? 0) > 0, "the first call writes the cache");
    const second = await provider().converse(request, never);
    assertUsage(second.usage);
    assert.ok((second.usage.cacheReadInputTokens ?? 0) > 0, "the second call reads it");
    const events = await collect(provider().converseStream(request, never));
    const metadata = events.at(-1);
    assert.ok(metadata?.type === "metadata" && (metadata.usage.cacheReadInputTokens ?? 0) > 0, "a stream reports the read too");
    assertUsage(metadata.usage);
  });

  const schema = { type: "object", properties: { city: { type: "string" }, temperature: { type: "number" } }, required: ["city", "temperature"], additionalProperties: false };
  it("structured output: the answer is JSON that fits the schema, streamed or not", async () => {
    const request = ask(models.chat, { messages: user({ type: "text", text: "Weather in Leeds as JSON." }), outputFormat: { type: "json_schema", schema, name: "weather" } });
    const result = await provider().converse(request, never);
    const json = JSON.parse(result.message.reveal().content.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("")) as Record<string, unknown>;
    assert.equal(typeof json.city, "string");
    assert.equal(typeof json.temperature, "number");
    const streamed = JSON.parse(textOf(await collect(provider().converseStream(request, never)), "text")) as Record<string, unknown>;
    assert.equal(typeof streamed.temperature, "number");
  });
  if (models.tools) {
    const model = models.tools;
    it("a strict tool is called as any other", async () => {
      const tools = { tools: [{ name: "get_weather", description: "weather", inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false }, strict: true }] };
      const result = await provider().converse(ask(model, { messages: user({ type: "text", text: "Weather in Leeds?" }), tools }), never);
      assert.equal(result.stopReason, "tool_use");
    });
  }

  it("response-field paths come back nested as in the raw answer; paths that resolve to nothing are left out", async () => {
    const paths = [f.responseField.path, "/no/such/member"];
    const result = await provider().converse(ask(models.chat, { messages: user({ type: "text", text: "hi" }) }, {}, { responseFieldPaths: paths }), never);
    assert.deepEqual(result.additionalFields?.reveal(), f.responseField.converse);
    const events = await collect(provider().converseStream(ask(models.chat, { messages: user({ type: "text", text: "hi" }) }, {}, { responseFieldPaths: paths }), never));
    const stop = events.find((e) => e.type === "messageStop");
    assert.ok(stop?.type === "messageStop");
    assert.deepEqual(stop.additionalFields?.reveal(), f.responseField.stream);
    const plain = await provider().converse(ask(models.chat, { messages: user({ type: "text", text: "hi" }) }), never);
    assert.equal(plain.additionalFields, undefined);
  });

  it("the default service tier is asked for and echoed", async () => {
    const result = await provider().converse(ask(models.chat, { messages: user({ type: "text", text: "hi" }) }, { serviceTier: "default" }), never);
    assert.equal(result.serviceTier, "default");
  });
}
