import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault, sensitive } from "../../kernel/index.js";
import type { StreamEvent } from "../../kernel/index.js";
import { MAX_HELD_OUTPUT_CHARACTERS, ResponseEvents, responseFrames } from "./responses-stream.js";

/** Converse stream events -> the Responses API's server-sent events, as literal payloads. */
const who = { id: "resp_r1", created: 1_700_000_000, model: "m" };
const usage = { inputTokens: 3, outputTokens: 2, totalTokens: 5 };
const text = (index: number, t: string): StreamEvent => ({ type: "contentBlockDelta", index, delta: sensitive({ text: t }) });
const args = (index: number, a: string): StreamEvent => ({ type: "contentBlockDelta", index, delta: sensitive({ toolUseInput: a }) });

/** The SSE text for a whole stream: the events, then the trailer. */
function sse(events: readonly StreamEvent[]): string {
  const encoder = new ResponseEvents(who);
  const frames = events.map((e) => responseFrames(encoder.next(e)));
  return [...frames, responseFrames(encoder.finish())].map((f) => new TextDecoder().decode(f)).join("");
}
const line = (o: Record<string, unknown> & { type: string }): string => `event: ${o.type}\ndata: ${JSON.stringify(o)}\n\n`;
const response = (status: string, output: unknown[], u: unknown = null, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: "resp_r1", object: "response", created_at: 1_700_000_000, model: "m", status,
  incomplete_details: status === "incomplete" ? { reason: "max_output_tokens" } : null,
  error: null, output, store: false, background: false, previous_response_id: null, usage: u, ...extra,
});
const wireUsage = { input_tokens: 3, input_tokens_details: { cached_tokens: 0 }, output_tokens: 2, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 5 };
const head = [
  line({ type: "response.created", response: response("in_progress", []), sequence_number: 0 }),
  line({ type: "response.in_progress", response: response("in_progress", []), sequence_number: 1 }),
];
const message = (id: string, t: string, status: string): Record<string, unknown> =>
  ({ type: "message", id, status, role: "assistant", content: status === "completed" ? [{ type: "output_text", text: t, annotations: [], logprobs: [] }] : [] });
const part = (t: string): Record<string, unknown> => ({ type: "output_text", text: t, annotations: [], logprobs: [] });

describe("Converse stream -> Responses events", () => {
  const cases: [string, StreamEvent[], string[]][] = [
    [
      "text in two deltas (and two text blocks, one message item), then usage in response.completed",
      [{ type: "messageStart", role: "assistant" }, text(0, "Hel"), { type: "contentBlockStop", index: 0 }, text(1, "lo"), { type: "contentBlockStop", index: 1 },
        { type: "messageStop", stopReason: "end_turn" }, { type: "metadata", usage }],
      [
        ...head,
        line({ type: "response.output_item.added", output_index: 0, item: message("msg_resp_r1_0", "", "in_progress"), sequence_number: 2 }),
        line({ type: "response.content_part.added", item_id: "msg_resp_r1_0", output_index: 0, content_index: 0, part: part(""), sequence_number: 3 }),
        line({ type: "response.output_text.delta", item_id: "msg_resp_r1_0", output_index: 0, content_index: 0, delta: "Hel", logprobs: [], sequence_number: 4 }),
        line({ type: "response.output_text.delta", item_id: "msg_resp_r1_0", output_index: 0, content_index: 0, delta: "lo", logprobs: [], sequence_number: 5 }),
        line({ type: "response.output_text.done", item_id: "msg_resp_r1_0", output_index: 0, content_index: 0, text: "Hello", logprobs: [], sequence_number: 6 }),
        line({ type: "response.content_part.done", item_id: "msg_resp_r1_0", output_index: 0, content_index: 0, part: part("Hello"), sequence_number: 7 }),
        line({ type: "response.output_item.done", output_index: 0, item: message("msg_resp_r1_0", "Hello", "completed"), sequence_number: 8 }),
        line({ type: "response.completed", response: response("completed", [message("msg_resp_r1_0", "Hello", "completed")], wireUsage), sequence_number: 9 }),
      ],
    ],
    [
      "a function call: added, argument deltas, arguments done, item done",
      [{ type: "messageStart", role: "assistant" }, { type: "contentBlockStart", index: 0, toolUse: { toolUseId: "t1", name: "get_weather" } },
        args(0, '{"city":'), args(0, '"Leeds"}'), { type: "contentBlockStop", index: 0 }, { type: "messageStop", stopReason: "tool_use" }, { type: "metadata", usage }],
      [
        ...head,
        line({ type: "response.output_item.added", output_index: 0, item: { type: "function_call", id: "fc_t1", call_id: "t1", name: "get_weather", arguments: "", status: "in_progress" }, sequence_number: 2 }),
        line({ type: "response.function_call_arguments.delta", item_id: "fc_t1", output_index: 0, delta: '{"city":', sequence_number: 3 }),
        line({ type: "response.function_call_arguments.delta", item_id: "fc_t1", output_index: 0, delta: '"Leeds"}', sequence_number: 4 }),
        line({ type: "response.function_call_arguments.done", item_id: "fc_t1", output_index: 0, name: "get_weather", arguments: '{"city":"Leeds"}', sequence_number: 5 }),
        line({ type: "response.output_item.done", output_index: 0, item: { type: "function_call", id: "fc_t1", call_id: "t1", name: "get_weather", arguments: '{"city":"Leeds"}', status: "completed" }, sequence_number: 6 }),
        line({ type: "response.completed", response: response("completed", [{ type: "function_call", id: "fc_t1", call_id: "t1", name: "get_weather", arguments: '{"city":"Leeds"}', status: "completed" }], wireUsage), sequence_number: 7 }),
      ],
    ],
    [
      "cut short by the token limit: response.incomplete, reason max_output_tokens",
      [{ type: "messageStart", role: "assistant" }, text(0, "Hi"), { type: "messageStop", stopReason: "max_tokens" }, { type: "metadata", usage }],
      [
        ...head,
        line({ type: "response.output_item.added", output_index: 0, item: message("msg_resp_r1_0", "", "in_progress"), sequence_number: 2 }),
        line({ type: "response.content_part.added", item_id: "msg_resp_r1_0", output_index: 0, content_index: 0, part: part(""), sequence_number: 3 }),
        line({ type: "response.output_text.delta", item_id: "msg_resp_r1_0", output_index: 0, content_index: 0, delta: "Hi", logprobs: [], sequence_number: 4 }),
        line({ type: "response.output_text.done", item_id: "msg_resp_r1_0", output_index: 0, content_index: 0, text: "Hi", logprobs: [], sequence_number: 5 }),
        line({ type: "response.content_part.done", item_id: "msg_resp_r1_0", output_index: 0, content_index: 0, part: part("Hi"), sequence_number: 6 }),
        line({ type: "response.output_item.done", output_index: 0, item: message("msg_resp_r1_0", "Hi", "completed"), sequence_number: 7 }),
        line({ type: "response.incomplete", response: response("incomplete", [message("msg_resp_r1_0", "Hi", "completed")], wireUsage), sequence_number: 8 }),
      ],
    ],
  ];
  for (const [title, events, expected] of cases) {
    it(title, () => assert.equal(sse(events), expected.join("")));
  }

  it("text after a call opens a new message item at the next output index; a call without arguments has {}", () => {
    const encoder = new ResponseEvents(who);
    const events: StreamEvent[] = [
      { type: "messageStart", role: "assistant" }, { type: "contentBlockStart", index: 0, toolUse: { toolUseId: "t1", name: "now" } }, { type: "contentBlockStop", index: 0 },
      text(1, "Done."), { type: "messageStop", stopReason: "end_turn" },
    ];
    const out = [...events.flatMap((e) => encoder.next(e)), ...encoder.finish()];
    assert.deepEqual(out.filter((e) => e.type === "response.output_item.done").map((e) => [e["output_index"], (e["item"] as { id: string }).id]), [[0, "fc_t1"], [1, "msg_resp_r1_1"]]);
    assert.equal(out.find((e) => e.type === "response.function_call_arguments.done")!["arguments"], "{}");
    assert.deepEqual(out.map((e) => e["sequence_number"]), out.map((_, i) => i), "sequence numbers count every event");
    assert.equal((out.at(-1)!["response"] as { usage: unknown }).usage, null, "no metadata event: no usage to report");
  });

  it("reasoning streams as a reasoning item with reasoning_text deltas", () => {
    const encoder = new ResponseEvents(who);
    const out = [{ type: "messageStart", role: "assistant" } as const, { type: "contentBlockDelta", index: 0, delta: sensitive({ reasoningText: "hmm" }) } as const]
      .flatMap((e) => encoder.next(e));
    assert.deepEqual(out.slice(2).map((e) => e.type), ["response.output_item.added", "response.content_part.added", "response.reasoning_text.delta"]);
    assert.deepEqual(out[3]!["part"], { type: "reasoning_text", text: "" });
  });

  it("a failure after the head: response.failed with the error, then an error event", () => {
    const encoder = new ResponseEvents(who);
    encoder.next({ type: "messageStart", role: "assistant" });
    const failed = new TextDecoder().decode(responseFrames(encoder.failure({ code: "model_error", type: "model_error", message: "The model failed", param: null })));
    assert.equal(failed, [
      line({ type: "response.failed", response: response("failed", [], null, { error: { code: "model_error", message: "The model failed" } }), sequence_number: 2 }),
      line({ type: "error", code: "model_error", message: "The model failed", param: null, sequence_number: 3 }),
    ].join(""));
  });

  it("a failure before any event still opens with response.created (the SDK needs it first)", () => {
    const out = new ResponseEvents(who).failure({ code: null, type: "server_error", message: "x", param: null });
    assert.deepEqual(out.map((e) => e.type), ["response.created", "response.in_progress", "response.failed", "error"]);
    assert.equal(out[3]!["code"], "server_error");
  });
});

describe("ResponseEvents: what a provider's endless answer makes it hold", () => {
  it("past the bound (text, reasoning and arguments together) the stream ends with a model error", () => {
    const encoder = new ResponseEvents(who);
    encoder.next({ type: "messageStart", role: "assistant" });
    const piece = "x".repeat(500_000);
    for (let held = 0; held + 2 * piece.length <= MAX_HELD_OUTPUT_CHARACTERS; held += 2 * piece.length) {
      encoder.next(text(0, piece));
      encoder.next({ type: "contentBlockDelta", index: 0, delta: sensitive({ reasoningText: piece }) });
    }
    encoder.next({ type: "contentBlockStart", index: 1, toolUse: { toolUseId: "t1", name: "f" } });
    assert.throws(() => encoder.next(args(1, "{")), (e: unknown) => e instanceof Fault && e.kind === "model-error" && /over 4000000 characters/.test(e.message));
  });
});
