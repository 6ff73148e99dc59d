import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../../kernel/index.js";
import type { ContentBlock, Conversation, Message, ToolConfig } from "../../kernel/index.js";
import { DEFAULT_MAX_TOKENS } from "./config.js";
import { checkInference, toChatHistory } from "./conversation.js";
import { toGrammarSchema } from "./grammar-schema.js";
import type { LoadedModel } from "./loaded-model.js";
import { localModelFacts } from "./model-facts.js";
import { classifyGguf, ggufVersion, type GgufHeader } from "./probe.js";
import { outputBudget } from "./tokens.js";
import { forcedCall, planOutput } from "./tools.js";

/** The pure decisions of the llama.cpp adapter, without a model file. */
function refusal(run: () => unknown): Fault {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof Fault, `expected a Fault, got ${String(error)}`);
    assert.equal(error.kind, "validation");
    return error;
  }
  assert.fail("expected a refusal");
}

const llama = (extra: Record<string, unknown> = {}, tokenizer: Record<string, unknown> = {}): GgufHeader => ({
  version: 3, tensorCount: 48,
  metadata: { general: { architecture: "llama" }, llama: { context_length: 2048, ...extra }, tokenizer: { ggml: {}, ...tokenizer } },
});

describe("classifyGguf: what a file's header says it is", () => {
  const cases: Array<{ name: string; header: GgufHeader; expect: ReturnType<typeof classifyGguf> | RegExp }> = [
    { name: "a llama file without a template is a chat model that cannot choose tools", header: llama(), expect: { usable: true, kind: "chat", chatTemplate: false, trainContextSize: 2048 } },
    { name: "a chat template is noticed", header: llama({}, { chat_template: "{{ messages }}" }), expect: { usable: true, kind: "chat", chatTemplate: true, trainContextSize: 2048 } },
    { name: "pooling_type none (0) is still a chat model", header: llama({ pooling_type: 0 }), expect: { usable: true, kind: "chat", chatTemplate: false, trainContextSize: 2048 } },
    { name: "pooling_type mean makes an embedding model", header: llama({ pooling_type: 1 }), expect: { usable: true, kind: "embedding", chatTemplate: false, trainContextSize: 2048 } },
    { name: "a non-causal attention makes an embedding model", header: llama({ attention: { causal: false } }), expect: { usable: true, kind: "embedding", chatTemplate: false, trainContextSize: 2048 } },
    { name: "bert is an encoder", header: { version: 3, tensorCount: 5, metadata: { general: { architecture: "bert" }, bert: { context_length: 512 } } }, expect: { usable: true, kind: "embedding", chatTemplate: false, trainContextSize: 512 } },
    { name: "GGUF v1 is refused by version", header: { ...llama(), version: 1 }, expect: /GGUF version 1 is not supported/ },
    { name: "a vocabulary-only file has no tensors", header: { ...llama(), tensorCount: 0n }, expect: /vocabulary only/ },
    { name: "a LoRA adapter is not a model", header: { version: 3, tensorCount: 4, metadata: { general: { architecture: "llama", type: "adapter" } } }, expect: /LoRA adapter/ },
    { name: "a projector is not a model", header: { version: 3, tensorCount: 4, metadata: { general: { architecture: "clip" } } }, expect: /projector/ },
    { name: "no architecture", header: { version: 3, tensorCount: 4, metadata: { general: {} } }, expect: /no model architecture/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const probe = classifyGguf(c.header);
      if (c.expect instanceof RegExp) {
        assert.equal(probe.usable, false);
        assert.match((probe as { reason: string }).reason, c.expect);
      } else assert.deepEqual(probe, c.expect);
    });
  }

  it("ggufVersion reads the magic and the version, and nothing else", () => {
    assert.equal(ggufVersion(new Uint8Array([0x47, 0x47, 0x55, 0x46, 1, 0, 0, 0])), 1);
    assert.equal(ggufVersion(new Uint8Array([0x47, 0x47, 0x55, 0x46, 3, 0, 0, 0, 9])), 3);
    assert.equal(ggufVersion(new Uint8Array([0x47, 0x47, 0x4d, 0x4c, 3, 0, 0, 0])), undefined, "GGML is not GGUF");
    assert.equal(ggufVersion(new Uint8Array([0x47, 0x47])), undefined);
  });
});

describe("localModelFacts: the catalogue claims only what is served", () => {
  it("a chat model outputs TEXT only, streams, and says what it takes", () => {
    const facts = localModelFacts({ usable: true, kind: "chat", chatTemplate: false, trainContextSize: 2048 });
    assert.deepEqual([facts.inputModalities, facts.outputModalities, facts.lifecycle, facts.streaming], [["TEXT"], ["TEXT"], "ACTIVE", true]);
    assert.match(facts.description, /txt, md, csv, html/);
    assert.match(facts.description, /not pdf/);
    assert.match(facts.description, new RegExp(`maxTokens defaults to ${DEFAULT_MAX_TOKENS}`));
    assert.match(facts.description, /No chat template/);
  });

  it("an embedding model outputs EMBEDDING only and names the bodies it takes", () => {
    const facts = localModelFacts({ usable: true, kind: "embedding", chatTemplate: false, trainContextSize: 512 });
    assert.deepEqual([facts.outputModalities, facts.streaming], [["EMBEDDING"], false]);
    assert.match(facts.description, /inputText/);
  });

  it("an unusable file is UNAVAILABLE with its reason and claims no output", () => {
    const facts = localModelFacts({ usable: false, reason: "the file holds a vocabulary only (no weights)" });
    assert.deepEqual([facts.lifecycle, facts.statusReason, facts.outputModalities], ["UNAVAILABLE", "the file holds a vocabulary only (no weights)", []]);
  });
});

describe("toGrammarSchema: JSON Schema the grammar can enforce", () => {
  const field = "outputConfig.textFormat.structure.jsonSchema.schema";
  it("a $ref may use definitions of the schema that holds it, at any depth", () => {
    const schema = { type: "object", $defs: { city: { type: "string" } }, properties: { home: { type: "array", items: { $ref: "#/$defs/city" } } } };
    assert.deepEqual(toGrammarSchema(schema, field), schema);
  });

  it("keeps what the grammar enforces, drops annotations, reads anyOf as oneOf", () => {
    const zodLike = {
      $schema: "http://json-schema.org/draft-07/schema#", type: "object", title: "T", additionalProperties: false, required: ["a"],
      properties: { a: { type: "string", description: "x", maxLength: 5 }, b: { anyOf: [{ type: "number" }, { type: "null" }] }, c: { type: "array", items: { enum: [1, 2] } } },
    };
    assert.deepEqual(toGrammarSchema(zodLike, field), {
      type: "object", additionalProperties: false, required: ["a"],
      properties: { a: { type: "string", maxLength: 5 }, b: { oneOf: [{ type: "number" }, { type: "null" }] }, c: { type: "array", items: { enum: [1, 2] } } },
    });
  });

  const refused: Array<[string, unknown, RegExp]> = [
    ["a pattern cannot be enforced", { type: "object", properties: { a: { type: "string", pattern: "^SECRET-[0-9]+$" } } }, /cannot enforce/],
    ["a numeric bound cannot be enforced", { type: "integer", minimum: 3 }, /cannot enforce/],
    ["allOf cannot be enforced", { allOf: [{ type: "string" }] }, /cannot enforce/],
    ["a format outside date, time, date-time", { type: "string", format: "email" }, /format/],
    ["an unknown type", { type: "decimal" }, /type/],
    ["a $ref outside $defs", { $ref: "https://example.com/schema" }, /\$defs/],
    ["a $ref to a definition that is not there", { type: "object", properties: { a: { $ref: "#/$defs/example.com" } }, $defs: { b: { type: "string" } } }, /definition/],
    ["a maxLength under its minLength", { type: "string", minLength: 5, maxLength: 2 }, /maxLength/],
    ["a maxProperties under the properties listed", { type: "object", properties: { a: { type: "string" }, b: { type: "string" } }, maxProperties: 1 }, /maxProperties/],
    ["a maxItems under the prefixItems", { type: "array", prefixItems: [{ type: "string" }, { type: "string" }], maxItems: 1 }, /maxItems/],
    ["an empty schema allows anything", {}, /must constrain/],
    ["not an object", "string", /JSON Schema object/],
  ];
  for (const [name, schema, message] of refused) {
    it(`refuses: ${name}, naming the field and never the schema's values`, () => {
      const f = refusal(() => toGrammarSchema(schema, field));
      assert.equal(f.detail.field, field);
      assert.match(f.message, message);
      assert.ok(!f.message.includes("SECRET") && !f.message.includes("example.com") && !f.message.includes("email"), f.message);
    });
  }
});

const weather = { name: "get_weather", description: "Weather", inputSchema: { type: "object", properties: { city: { type: "string" } } } };
const clock = { name: "get_time", inputSchema: { type: "object", properties: { zone: { type: "string" } } } };
const ask: Message = { role: "user", content: [{ type: "text", text: "Weather?" }] };
const conv = (extra: Partial<Conversation> = {}, messages: readonly Message[] = [ask]): Conversation => ({ system: [], messages, ...extra });
const withTools = (toolConfig: ToolConfig): Conversation => conv({ tools: toolConfig });

describe("planOutput: how tools and structured output reach the model", () => {
  it("no tools and no format: plain text", () => {
    assert.deepEqual(planOutput("m", conv(), false), { mode: "text" });
  });

  it("auto tool choice needs a chat template", () => {
    const f = refusal(() => planOutput("m", withTools({ tools: [weather] }), false));
    assert.equal(f.detail.field, "toolConfig");
    assert.match(f.message, /no chat template/);
    const plan = planOutput("m", withTools({ tools: [weather, clock], toolChoice: { type: "auto" } }), true);
    assert.equal(plan.mode, "auto");
    assert.deepEqual(Object.keys((plan as { functions: object }).functions), ["get_weather", "get_time"]);
    assert.deepEqual((plan as { functions: Record<string, unknown> }).functions["get_weather"], { description: "Weather", params: weather.inputSchema });
  });

  it("a forced choice works without a template: one named tool, or any of them", () => {
    const one = planOutput("m", withTools({ tools: [weather, clock], toolChoice: { type: "tool", name: "get_time" } }), false);
    assert.deepEqual(one, {
      mode: "forced", names: ["get_time"],
      schema: { type: "object", properties: { name: { const: "get_time" }, input: clock.inputSchema }, required: ["name", "input"], additionalProperties: false },
    });
    const any = planOutput("m", withTools({ tools: [weather, clock], toolChoice: { type: "any" } }), false);
    assert.ok(any.mode === "forced");
    assert.deepEqual(any.names, ["get_weather", "get_time"]);
    assert.equal((any.schema as { oneOf: unknown[] }).oneOf.length, 2);
  });

  it("a forced choice must name a declared tool", () => {
    const f = refusal(() => planOutput("m", withTools({ tools: [weather], toolChoice: { type: "tool", name: "nope" } }), true));
    assert.equal(f.detail.field, "toolConfig.toolChoice.tool.name");
  });

  it("a tool schema the grammar cannot enforce is refused by its path", () => {
    const bad = { name: "x", inputSchema: { type: "object", properties: { a: { type: "string", pattern: "x" } } } };
    const f = refusal(() => planOutput("m", withTools({ tools: [weather, bad], toolChoice: { type: "any" } }), false));
    assert.equal(f.detail.field, "toolConfig.tools.1.toolSpec.inputSchema");
  });

  it("structured output becomes a grammar, and cannot be combined with tools", () => {
    const outputFormat = { type: "json_schema" as const, schema: { type: "object", properties: { a: { type: "boolean" } } } };
    assert.deepEqual(planOutput("m", conv({ outputFormat }), false), { mode: "grammar", schema: outputFormat.schema });
    const f = refusal(() => planOutput("m", conv({ outputFormat, tools: { tools: [weather], toolChoice: { type: "any" } } }), true));
    assert.equal(f.detail.field, "outputConfig.textFormat");
  });

  it("forcedCall reads the call the grammar produced; a cut-short call is no call", () => {
    const call = forcedCall('{"name":"get_weather","input":{"city":"Paris"}}', ["get_weather"]);
    assert.equal(call?.name, "get_weather");
    assert.deepEqual(call?.input, { city: "Paris" });
    assert.match(call!.toolUseId, /^tooluse_[0-9a-f]{32}$/);
    assert.equal(forcedCall('{"name":"get_weather","input":{"ci', ["get_weather"]), undefined);
    assert.equal(forcedCall('{"name":"other","input":{}}', ["get_weather"]), undefined);
  });
});

describe("toChatHistory: the conversation as node-llama-cpp's history", () => {
  const useBlock: ContentBlock = { type: "toolUse", toolUseId: "t1", name: "get_weather", input: { city: "Paris" } };
  const result = (content: Extract<ContentBlock, { type: "toolResult" }>["content"], status?: "error"): ContentBlock => ({ type: "toolResult", toolUseId: "t1", content, ...(status ? { status } : {}) });

  it("a toolUse and its toolResult become one function call with its result; the model turn goes on", () => {
    const history = toChatHistory("m", conv({}, [ask, { role: "assistant", content: [{ type: "text", text: "Checking." }, useBlock] }, { role: "user", content: [result([{ type: "json", json: { temp: 20 } }])] }]));
    assert.deepEqual(history, [
      { type: "user", text: "Weather?" },
      { type: "model", response: ["Checking.", { type: "functionCall", name: "get_weather", params: { city: "Paris" }, result: { temp: 20 } }] },
    ]);
  });

  it("the assistant's answer after tool results continues the same model turn", () => {
    const history = toChatHistory("m", conv({}, [
      ask, { role: "assistant", content: [useBlock] }, { role: "user", content: [result([{ type: "text", text: "sunny" }], "error")] },
      { role: "assistant", content: [{ type: "text", text: "It is sunny." }] }, { role: "user", content: [{ type: "text", text: "Thanks" }] },
    ]));
    assert.deepEqual(history.map((h) => h.type), ["user", "model", "user", "model"]);
    assert.deepEqual((history[1] as { response: unknown[] }).response, [{ type: "functionCall", name: "get_weather", params: { city: "Paris" }, result: { error: "sunny" } }, "It is sunny."]);
  });

  it("an unanswered toolUse and a result for no call are refused", () => {
    refusal(() => toChatHistory("m", conv({}, [ask, { role: "assistant", content: [useBlock] }, { role: "user", content: [{ type: "text", text: "hm" }] }])));
    const f = refusal(() => toChatHistory("m", conv({}, [ask, { role: "assistant", content: [{ type: "text", text: "a" }] }, { role: "user", content: [result([{ type: "text", text: "x" }])] }])));
    assert.equal(f.detail.field, "messages.2.content.0.toolResult.toolUseId");
  });

  it("text documents go in as text; other formats, reasoning and images are refused by path", () => {
    const doc = (format: "txt" | "pdf", source: { text: string } | { bytes: Uint8Array }): Message => ({ role: "user", content: [{ type: "text", text: "Read" }, { type: "document", format, name: "notes", source }] });
    const history = toChatHistory("m", conv({}, [doc("txt", { bytes: new TextEncoder().encode("line one") })]));
    assert.deepEqual(history[0], { type: "user", text: 'Read\nDocument "notes" (txt):\nline one' });
    assert.equal(refusal(() => toChatHistory("m", conv({}, [doc("pdf", { bytes: new Uint8Array([37, 80]) })]))).detail.field, "messages.0.content.1.document.format");
    assert.equal(refusal(() => toChatHistory("m", conv({}, [doc("txt", { bytes: new Uint8Array([0xff, 0xfe]) })]))).detail.field, "messages.0.content.1.document.source.bytes");
    const reasoning: Message = { role: "assistant", content: [{ type: "reasoning", text: "hmm" }, { type: "text", text: "a" }] };
    assert.equal(refusal(() => toChatHistory("m", conv({}, [ask, reasoning]))).detail.field, "messages.1.content.0.reasoningContent");
    const image: Message = { role: "user", content: [{ type: "image", format: "png", bytes: new Uint8Array([1]) }] };
    assert.equal(refusal(() => toChatHistory("m", conv({}, [image]))).detail.field, "messages.0.content.0.image");
  });

  it("cache marks are accepted and change nothing", () => {
    const marked: Message = { role: "user", content: [{ type: "text", text: "Weather?", cache: {} }] };
    assert.deepEqual(toChatHistory("m", conv({ system: [{ type: "text", text: "S", cache: { ttl: "5m" } }] }, [marked])), toChatHistory("m", conv({ system: [{ type: "text", text: "S" }] }, [ask])));
  });

  it("a forced call tells the model about the tools in the system prompt", () => {
    const c = withTools({ tools: [weather, clock], toolChoice: { type: "tool", name: "get_weather" } });
    const history = toChatHistory("m", c, planOutput("m", c, false));
    assert.equal(history[0]!.type, "system");
    assert.match((history[0] as { text: string }).text, /get_weather: Weather/);
    assert.ok(!(history[0] as { text: string }).text.includes("get_time"));
  });
});

describe("inference settings", () => {
  it("reasoning is refused by name; a service tier is accepted", () => {
    assert.equal(refusal(() => checkInference("m", { reasoning: { budgetTokens: 1024 } })).detail.field, "additionalModelRequestFields");
    checkInference("m", { serviceTier: "default", latency: "standard" });
  });

  it(`without maxTokens an answer gets ${DEFAULT_MAX_TOKENS} tokens, or the room left when that is less`, () => {
    const loaded = { name: "m", contextSize: 2048 } as LoadedModel;
    assert.equal(outputBudget(loaded, 100, undefined), DEFAULT_MAX_TOKENS);
    assert.equal(outputBudget(loaded, 2000, undefined), 47);
    assert.equal(outputBudget(loaded, 100, 1500), 1500, "a request may ask for more than the default");
    assert.equal(refusal(() => outputBudget(loaded, 100, 1948)).detail.field, "inferenceConfig.maxTokens");
  });
});
