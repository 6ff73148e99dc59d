import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Fault, sensitive } from "../../kernel/index.js";
import type { Conversation, ConverseRequest, Message, StreamEvent } from "../../kernel/index.js";
import type { ModelProvider } from "../port.js";
import { providerContract } from "../../../test/contract/provider-contract.js";
import { DEFAULT_MAX_TOKENS } from "./config.js";
import { copyGgufWith } from "./gguf-edit.fixture.js";
import { createLlamaCppProvider, discoverGgufModels, probeGgufFiles } from "./index.js";

// Tests run from the repository root; the tiny real models live beside it (../shared/models/README.md).
const modelDir = path.resolve("..", "shared", "models");
const present = existsSync(path.join(modelDir, "stories260K.gguf")) && existsSync(path.join(modelDir, "llama-2-tiny-random.gguf"));

/** README: greedy completion of "Once upon a time" on stories260K, threads 1. */
const README_GREEDY_COMPLETION = ", there was a little girl named Lily. She loved to play outside in the park. One day, she saw";
const never = new AbortController().signal;

function conversation(messages: readonly Message[], extra: Partial<Conversation> = {}): ConverseRequest["conversation"] {
  return sensitive({ system: [], messages, ...extra });
}
const user = (text: string): Message => ({ role: "user", content: [{ type: "text", text }] });
const assistant = (text: string): Message => ({ role: "assistant", content: [{ type: "text", text }] });
const sayHello = conversation([user("Say hello")], { system: [{ type: "text" as const, text: "You are terse." }] });

function textOf(message: Message): string {
  return message.content.map((b) => (b.type === "text" ? b.text : "")).join("");
}
function deltasOf(events: readonly StreamEvent[]): string[] {
  return events.flatMap((e) => (e.type === "contentBlockDelta" ? [(e.delta.reveal() as { text: string }).text] : []));
}
async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}
async function faultOf(promise: Promise<unknown>, kind: Fault["kind"]): Promise<Fault> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof Fault, `expected a ${kind} Fault, got ${String(error)}`);
  assert.equal(error.kind, kind, error.message);
  return error;
}

if (!present) {
  describe("llamacpp provider", { skip: "shared/models not found" }, () => {});
} else {
  providerContract({
    name: "llamacpp",
    setup: async () => createLlamaCppProvider({ id: "llamacpp", modelDir, timeoutMs: 20_000 }),
    teardown: async () => {},
    models: { chat: "stories260K", embed: "stories260K" },
    supportsCountTokens: true,
    supportsImages: false,
  });

  describe("llamacpp adapter on real GGUF files", () => {
    let provider: ModelProvider;
    before(() => { provider = createLlamaCppProvider({ id: "llamacpp", modelDir, timeoutMs: 20_000 }); });
    after(async () => { await provider.close(); });

    it("greedy continuation of an assistant prefill follows the story the README records", async () => {
      // Through the chat template the context differs from a raw completion, so the two agree
      // only for the opening words; a lost prefill or a sampled (non-greedy) answer breaks this.
      const request = { model: "stories260K", conversation: conversation([user("Tell me a story"), assistant("Once upon a time")]), inference: { temperature: 0, maxTokens: 24 } };
      const first = await provider.converse(request, never);
      const text = textOf(first.message.reveal());
      assert.ok(text.startsWith(README_GREEDY_COMPLETION.slice(0, 54)), `got ${JSON.stringify(text)}`);
      assert.equal(first.stopReason, "max_tokens");
      assert.equal(first.usage.outputTokens, 24);
      // The sequence is wiped between requests, so the same request gives the same answer.
      const again = await provider.converse(request, never);
      assert.equal(textOf(again.message.reveal()), text);
    });

    it("usage.inputTokens is what countTokens answers for the same conversation", async () => {
      const counted = await provider.countTokens({ model: "stories260K", conversation: sayHello }, never);
      const result = await provider.converse({ model: "stories260K", conversation: sayHello, inference: { maxTokens: 4 } }, never);
      assert.equal(result.usage.inputTokens, counted);
    });

    it("a stop sequence ends the answer before it, with stopReason stop_sequence", async () => {
      const plain = textOf((await provider.converse({ model: "stories260K", conversation: sayHello, inference: { temperature: 0, maxTokens: 40 } }, never)).message.reveal());
      const at = plain.indexOf("tree");
      assert.ok(at > 0, `the greedy answer contains the stop word: ${JSON.stringify(plain)}`);
      const stopped = conversation([user("Say hello")], { system: [{ type: "text" as const, text: "You are terse." }], stopSequences: ["tree"] });
      const result = await provider.converse({ model: "stories260K", conversation: stopped, inference: { temperature: 0, maxTokens: 40 } }, never);
      assert.equal(result.stopReason, "stop_sequence");
      assert.equal(textOf(result.message.reveal()), plain.slice(0, at));
      const events = await collect(provider.converseStream({ model: "stories260K", conversation: stopped, inference: { temperature: 0, maxTokens: 40 } }, never));
      assert.equal(deltasOf(events).join(""), plain.slice(0, at), "held-back text that became the stop word is never streamed");
      assert.equal((events.at(-2) as { stopReason?: string }).stopReason, "stop_sequence");
    });

    it("streamed multi-byte UTF-8 arrives in whole characters and matches the non-streamed answer", async () => {
      const request = { model: "llama-2-tiny-random", conversation: sayHello, inference: { temperature: 0, maxTokens: 48 } };
      const whole = textOf((await provider.converse(request, never)).message.reveal());
      assert.match(whole, /[^\u0000-\u007f]/, "the random model's greedy answer has non-ASCII characters");
      const deltas = deltasOf(await collect(provider.converseStream(request, never)));
      assert.equal(deltas.join(""), whole);
      for (const delta of deltas) {
        assert.ok(!delta.includes("\ufffd"), `broken character in ${JSON.stringify(delta)}`);
        assert.equal(Buffer.from(delta, "utf8").toString("utf8"), delta, "each delta is valid UTF-8 on its own");
      }
    });

    it("aborting the signal stops a long stream promptly and frees the model", async () => {
      const controller = new AbortController();
      const reason = new Error("client went away");
      let abortedAt = 0;
      let afterAbort = 0;
      const stream = provider.converseStream({ model: "stories260K", conversation: sayHello, inference: { temperature: 0 } }, controller.signal);
      await assert.rejects(async () => {
        let deltas = 0;
        for await (const e of stream) {
          if (abortedAt > 0) afterAbort += 1;
          if (e.type === "contentBlockDelta" && ++deltas === 5) { abortedAt = performance.now(); controller.abort(reason); }
        }
      }, (e) => e === reason);
      assert.ok(performance.now() - abortedAt < 500, "stopped within moments (the full answer is ~2,000 tokens)");
      assert.equal(afterAbort, 0, "no event after the abort");
      const next = await provider.converse({ model: "stories260K", conversation: sayHello, inference: { maxTokens: 2 } }, never);
      assert.equal(next.usage.outputTokens, 2);
    });

    it("a consumer that breaks out of the stream stops generation", async () => {
      let brokeAt = 0;
      for await (const e of provider.converseStream({ model: "stories260K", conversation: sayHello, inference: { temperature: 0 } }, never)) {
        if (e.type === "contentBlockDelta") { brokeAt = performance.now(); break; }
      }
      // Leaving the loop waits for llama.cpp to stop; a finished ~2,000-token answer would take seconds.
      assert.ok(brokeAt > 0 && performance.now() - brokeAt < 500);
    });

    it("aborting converse rejects with the caller's reason", async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error("caller gave up")), 30);
      await assert.rejects(provider.converse({ model: "stories260K", conversation: sayHello, inference: {} }, controller.signal), /caller gave up/);
    });

    it("the GGUF v1 file is refused as a model-error naming the model and not the server's folder", async () => {
      const f = await faultOf(provider.converse({ model: "tinyllamas-stories-260k-f32", conversation: sayHello, inference: {} }, never), "model-error");
      assert.match(f.message, /tinyllamas-stories-260k-f32/);
      assert.match(f.message, /not supported/);
      assert.ok(!f.message.includes(modelDir));
      assert.equal(f.detail.resourceName, "tinyllamas-stories-260k-f32");
    });

    it("a model name that is not a bare file name is refused as validation naming modelId", async () => {
      for (const model of ["../models/stories260K", "/etc/passwd", "vocab/ggml-vocab-phi-3", "..", ".hidden", "a\\b", "x\u0000.gguf", ""]) {
        const f = await faultOf(provider.countTokens({ model, conversation: sayHello }, never), "validation");
        assert.equal(f.detail.field, "modelId", model);
      }
    });

    it("a missing model file is not-found, without the server's path", async () => {
      const f = await faultOf(provider.embed({ model: "no-such-model", texts: sensitive(["x"]) }, never), "not-found");
      assert.ok(!f.message.includes(modelDir));
    });

    it("the file name works with or without its .gguf extension", async () => {
      const a = await provider.countTokens({ model: "stories260K", conversation: sayHello }, never);
      const b = await provider.countTokens({ model: "stories260K.gguf", conversation: sayHello }, never);
      assert.equal(a, b);
    });

    it("auto tool choice on a model without a chat template is refused naming toolConfig", async () => {
      const tools = { tools: [{ name: "get_weather", inputSchema: { type: "object" } }] };
      const f = await faultOf(provider.converse({ model: "stories260K", conversation: conversation([user("Weather?")], { tools }), inference: {} }, never), "validation");
      assert.match(f.message, /no chat template/);
      assert.equal(f.detail.field, "toolConfig");
    });

    it("a forced tool choice returns a toolUse whose input keeps to the tool's schema, streamed or not", async () => {
      const inputSchema = { type: "object", properties: { city: { type: "string", maxLength: 12 }, unit: { enum: ["C", "F"] } }, required: ["city", "unit"] };
      const tools = { tools: [{ name: "get_weather", description: "Weather for a city", inputSchema }], toolChoice: { type: "tool" as const, name: "get_weather" } };
      const request = { model: "stories260K", conversation: conversation([user("Weather in Paris?")], { tools }), inference: { temperature: 0 } };
      const result = await provider.converse(request, never);
      assert.equal(result.stopReason, "tool_use");
      const blocks = result.message.reveal().content;
      assert.equal(blocks.length, 1, "the call alone: its JSON is not repeated as text");
      const call = blocks[0]!;
      assert.ok(call.type === "toolUse");
      assert.equal(call.name, "get_weather");
      const input = call.input as { city: unknown; unit: unknown };
      assert.ok(typeof input.city === "string" && input.city.length <= 12, JSON.stringify(input));
      assert.ok(input.unit === "C" || input.unit === "F", JSON.stringify(input));
      const events = await collect(provider.converseStream(request, never));
      assert.deepEqual(events.map((e) => e.type), ["messageStart", "contentBlockStart", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata"]);
      const start = events[1] as Extract<StreamEvent, { type: "contentBlockStart" }>;
      assert.equal(start.toolUse?.name, "get_weather");
      const delta = (events[2] as Extract<StreamEvent, { type: "contentBlockDelta" }>).delta.reveal() as { toolUseInput: string };
      assert.deepEqual(JSON.parse(delta.toolUseInput), input, "greedy: the same call streamed or not");
      assert.equal((events[4] as { stopReason?: string }).stopReason, "tool_use");
    });

    it("structured output: the answer is JSON valid under the schema", async () => {
      const schema = { type: "object", properties: { mood: { enum: ["happy", "sad"] }, count: { type: "integer" } }, required: ["mood", "count"], additionalProperties: false };
      const result = await provider.converse({ model: "stories260K", conversation: conversation([user("How is Lily?")], { outputFormat: { type: "json_schema", schema } }), inference: { temperature: 0 } }, never);
      const answer = JSON.parse(textOf(result.message.reveal())) as Record<string, unknown>;
      assert.deepEqual(Object.keys(answer).sort(), ["count", "mood"]);
      assert.ok(["happy", "sad"].includes(answer["mood"] as string));
      assert.ok(Number.isInteger(answer["count"]));
      assert.equal(result.stopReason, "end_turn");
    });

    it("without maxTokens the answer stops at the documented default", async () => {
      const result = await provider.converse({ model: "stories260K", conversation: sayHello, inference: { temperature: 0 } }, never);
      assert.equal(result.stopReason, "max_tokens", "the story model never ends a turn by itself");
      assert.equal(result.usage.outputTokens, DEFAULT_MAX_TOKENS);
    });

    it("reasoning, pdf documents and reasoning blocks are refused by name before the model runs", async () => {
      const f = await faultOf(provider.converse({ model: "stories260K", conversation: sayHello, inference: { reasoning: { effort: "low" } } }, never), "validation");
      assert.equal(f.detail.field, "additionalModelRequestFields");
      const pdf: Message = { role: "user", content: [{ type: "document", format: "pdf", name: "a", source: { bytes: new Uint8Array([1]) } }] };
      assert.equal((await faultOf(provider.countTokens({ model: "stories260K", conversation: conversation([pdf]) }, never), "validation")).detail.field, "messages.0.content.0.document.format");
    });
    it("a conversation that does not alternate roles is refused", async () => {
      await faultOf(provider.converse({ model: "stories260K", conversation: conversation([user("a"), user("b")]), inference: {} }, never), "validation");
      await faultOf(provider.converse({ model: "stories260K", conversation: conversation([assistant("a")]), inference: {} }, never), "validation");
    });

    it("input and output must fit the context: refused, never cut to fit", async () => {
      const huge = conversation([user("hi ".repeat(3000))]);
      assert.ok(await provider.countTokens({ model: "stories260K", conversation: huge }, never) > 2048);
      const long = await faultOf(provider.converse({ model: "stories260K", conversation: huge, inference: {} }, never), "validation");
      assert.equal(long.detail.field, "messages");
      const big = await faultOf(provider.converse({ model: "stories260K", conversation: sayHello, inference: { maxTokens: 5000 } }, never), "validation");
      assert.equal(big.detail.field, "inferenceConfig.maxTokens");
      await faultOf(provider.converse({ model: "stories260K", conversation: sayHello, inference: { topP: 1.5 } }, never), "validation");
    });

    it("embed honours normalize and refuses a dimension the model does not produce", async () => {
      const raw = (await provider.embed({ model: "stories260K", texts: sensitive(["a cat sat"]) }, never)).vectors.reveal()[0]!;
      const unit = (await provider.embed({ model: "stories260K", texts: sensitive(["a cat sat"]), normalize: true }, never)).vectors.reveal()[0]!;
      assert.equal(raw.length, 64);
      assert.ok(Math.abs(Math.hypot(...unit) - 1) < 1e-9);
      assert.ok(Math.abs(Math.hypot(...raw) - 1) > 1e-3, "the raw vector is not already unit length");
      const f = await faultOf(provider.embed({ model: "stories260K", texts: sensitive(["x"]), dimensions: 32 }, never), "validation");
      assert.equal(f.detail.field, "dimensions");
    });
  });

  describe("llamacpp time limit", () => {
    let provider: ModelProvider;
    before(() => { provider = createLlamaCppProvider({ id: "llamacpp-fast", modelDir, timeoutMs: 600 }); });
    after(async () => { await provider.close(); });

    it("a generation that outruns timeoutMs fails as model-timeout and frees the model", async () => {
      await provider.converse({ model: "stories260K", conversation: sayHello, inference: { maxTokens: 1 } }, never); // loads (loading is not timed)
      const f = await faultOf(provider.converse({ model: "stories260K", conversation: sayHello, inference: { maxTokens: 1900 } }, never), "model-timeout");
      assert.equal(f.detail.resourceName, "stories260K");
      const next = await provider.converse({ model: "stories260K", conversation: sayHello, inference: { maxTokens: 2 } }, never);
      assert.equal(next.usage.outputTokens, 2);
    });

    it("a stream that keeps producing text is not cut off: the limit is per gap between tokens", async () => {
      const started = performance.now();
      const events = await collect(provider.converseStream({ model: "stories260K", conversation: sayHello, inference: { maxTokens: 1000 } }, never));
      assert.ok(performance.now() - started > 600, "the whole stream took longer than timeoutMs");
      assert.equal((events.at(-2) as { stopReason?: string }).stopReason, "max_tokens");
    });

    it("after close() requests are refused as service-unavailable", async () => {
      await provider.close();
      await faultOf(provider.countTokens({ model: "stories260K", conversation: sayHello }, never), "service-unavailable");
    });
  });

  describe("discoverGgufModels", () => {
    it("lists the GGUF files at the top of the folder with their sizes, names kept as they are", async () => {
      const found = await discoverGgufModels(modelDir);
      assert.deepEqual(found.map((m) => m.upstreamModel), ["llama-2-tiny-random", "stories260K", "tinyllamas-stories-260k-f32"]);
      assert.deepEqual(found.find((m) => m.upstreamModel === "stories260K"), { file: "stories260K.gguf", upstreamModel: "stories260K", bytes: 1_185_376 });
    });

    it("a file whose name cannot be requested is listed with the reason it is skipped", async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), "plinth-gguf-"));
      try {
        await writeFile(path.join(dir, ".hidden.gguf"), "x");
        await writeFile(path.join(dir, "ok.gguf"), "x");
        const found = await discoverGgufModels(dir);
        assert.deepEqual(found.map((f) => [f.file, f.skipped !== undefined]), [[".hidden.gguf", true], ["ok.gguf", false]]);
      } finally {
        await rm(dir, { recursive: true });
      }
    });

    it("a missing folder holds no models", async () => {
      const empty = await mkdtemp(path.join(os.tmpdir(), "plinth-gguf-"));
      try {
        assert.deepEqual(await discoverGgufModels(path.join(empty, "absent")), []);
      } finally {
        await rm(empty, { recursive: true });
      }
    });
  });

  describe("probing files at discovery, and serving what the probe found", () => {
    /** A chat template small enough for stories260K's context (node-llama-cpp renders it through Jinja). */
    const TEMPLATE = "{% for m in messages %}<|{{ m['role'] }}|>\n{{ m['content'] }}\n{% endfor %}{% if add_generation_prompt %}<|assistant|>\n{% endif %}";
    let dir: string;
    let provider: ModelProvider;
    before(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), "plinth-probe-"));
      const stories = path.join(modelDir, "stories260K.gguf");
      await copyGgufWith(stories, path.join(dir, "stories-chat.gguf"), [["tokenizer.chat_template", TEMPLATE]]);
      await copyGgufWith(stories, path.join(dir, "stories-embed.gguf"), [["llama.pooling_type", 1]]);
      await writeFile(path.join(dir, "not-gguf.gguf"), "GGML and then nothing");
      await writeFile(path.join(dir, "truncated.gguf"), (await readFile(stories)).subarray(0, 200));
      provider = createLlamaCppProvider({ id: "probed", modelDir: dir, timeoutMs: 20_000 });
    });
    after(async () => { await provider.close(); await rm(dir, { recursive: true }); });

    it("each file is found usable or unusable with a reason that names no path", async () => {
      const files = ["stories260K.gguf", "tinyllamas-stories-260k-f32.gguf", "vocab/ggml-vocab-phi-3.gguf"].map((f) => path.join(modelDir, f))
        .concat(["stories-chat.gguf", "stories-embed.gguf", "not-gguf.gguf", "truncated.gguf"].map((f) => path.join(dir, f)));
      const probes = await probeGgufFiles(files);
      assert.deepEqual(probes.slice(0, 1).concat(probes.slice(3, 5)), [
        { usable: true, kind: "chat", chatTemplate: false, trainContextSize: 2048 },
        { usable: true, kind: "chat", chatTemplate: true, trainContextSize: 2048 },
        { usable: true, kind: "embedding", chatTemplate: false, trainContextSize: 2048 },
      ]);
      const reasons = [probes[1], probes[2], probes[5], probes[6]].map((p) => (p && !p.usable ? p.reason : "usable"));
      assert.match(reasons[0]!, /GGUF version 1 is not supported/);
      assert.match(reasons[1]!, /vocabulary only/);
      assert.match(reasons[2]!, /not a GGUF file/);
      assert.match(reasons[3]!, /truncated/);
      for (const reason of reasons) assert.ok(!reason.includes(dir) && !reason.includes(modelDir), reason);
    });

    it("an unusable file is refused on use with the probe's reason, as a model-error", async () => {
      const f = await faultOf(provider.converse({ model: "truncated", conversation: sayHello, inference: {} }, never), "model-error");
      assert.match(f.message, /truncated' cannot be used: the file is truncated/);
      assert.ok(!f.message.includes(dir));
    });

    it("a model with a chat template takes tools with auto choice; the tools are in the prompt countTokens measures", async () => {
      const tools = { tools: [{ name: "get_weather", description: "Weather for a city", inputSchema: { type: "object", properties: { city: { type: "string" } } } }] };
      const plain = conversation([user("Weather in Paris?")]);
      const withTools = conversation([user("Weather in Paris?")], { tools });
      const without = await provider.countTokens({ model: "stories-chat", conversation: plain }, never);
      const counted = await provider.countTokens({ model: "stories-chat", conversation: withTools }, never);
      assert.ok(counted > without + 50, `the functions are documented in the prompt (${without} -> ${counted})`);
      const result = await provider.converse({ model: "stories-chat", conversation: withTools, inference: { temperature: 0, maxTokens: 16 } }, never);
      assert.equal(result.usage.inputTokens, counted);
      // The tiny story model does not decide to call; what it says comes back as text.
      assert.ok(["max_tokens", "end_turn", "tool_use"].includes(result.stopReason));
    });

    it("an embedding model embeds and does not chat", async () => {
      const embedded = await provider.embed({ model: "stories-embed", texts: sensitive(["a cat sat", "a dog ran"]) }, never);
      assert.equal(embedded.vectors.reveal().length, 2);
      assert.equal(embedded.vectors.reveal()[0]!.length, 64);
      const f = await faultOf(provider.converse({ model: "stories-embed", conversation: sayHello, inference: {} }, never), "validation");
      assert.equal(f.detail.field, "modelId");
    });
  });

  describe("llamacpp keeps content off the console", () => {
    it("a child process serving a prompt, a forced tool call and structured output prints nothing, even with node-llama-cpp's debug variables set", async () => {
      const here = path.dirname(fileURLToPath(import.meta.url));
      const script = `
        const { createLlamaCppProvider } = await import(${JSON.stringify(path.join(here, "index.js"))});
        const { sensitive } = await import(${JSON.stringify(path.join(here, "..", "..", "kernel", "index.js"))});
        const p = createLlamaCppProvider({ id: "l", modelDir: ${JSON.stringify(modelDir)}, timeoutMs: 20000 });
        const never = new AbortController().signal;
        const conversation = sensitive({ system: [{ type: "text", text: "CANARY-SYSTEM-7731" }], messages: [{ role: "user", content: [{ type: "text", text: "CANARY-USER-7731" }] }] });
        await p.converse({ model: "stories260K", conversation, inference: { maxTokens: 4 } }, never);
        await p.embed({ model: "stories260K", texts: sensitive(["CANARY-EMBED-7731"]) }, never);
        const schema = { type: "object", properties: { CANARY_KEY_7731: { type: "string", maxLength: 8 } }, $defs: { d: { type: "string" } } };
        const tools = { tools: [{ name: "CANARY_TOOL_7731", description: "CANARY-DESC-7731", inputSchema: schema }], toolChoice: { type: "any" } };
        await p.converse({ model: "stories260K", conversation: sensitive({ ...conversation.reveal(), tools }), inference: { maxTokens: 40 } }, never);
        await p.converse({ model: "stories260K", conversation: sensitive({ ...conversation.reveal(), outputFormat: { type: "json_schema", schema } }), inference: { maxTokens: 40 } }, never);
        await p.close();`;
      const dir = await mkdtemp(path.join(os.tmpdir(), "plinth-llamacpp-"));
      const file = path.join(dir, "child.mjs");
      await writeFile(file, script);
      // node-llama-cpp re-runs node for a binary self-test, so the child is a file, not `-e`.
      const { NODE_TEST_CONTEXT: _, ...inherited } = process.env;
      const env = { ...inherited, NODE_LLAMA_CPP_DEBUG: "true", NODE_LLAMA_CPP_LOG_LEVEL: "debug" };
      const output = await new Promise<string>((resolve, reject) => {
        execFile(process.execPath, [file], { env, timeout: 30_000 }, (error, stdout, stderr) => {
          if (error) reject(new Error(`child failed: ${stderr}`));
          else resolve(stdout + stderr);
        });
      }).finally(() => rm(dir, { recursive: true }));
      assert.equal(output, "", "llama.cpp and node-llama-cpp print nothing (no prompts, no server paths)");
    });
  });
}
