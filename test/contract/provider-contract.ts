import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { sensitive } from "../../src/kernel/index.js";
import type { Conversation, ConverseRequest, StreamEvent } from "../../src/kernel/index.js";
import type { ModelProvider } from "../../src/providers/port.js";
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
      assert.equal(result.usage.totalTokens, result.usage.inputTokens + result.usage.outputTokens);
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
  });
}
