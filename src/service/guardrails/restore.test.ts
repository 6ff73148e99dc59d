import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sensitive } from "../../kernel/index.js";
import type { ConverseResult, StreamEvent } from "../../kernel/index.js";
import { Pseudonyms } from "../../guardrails/pseudonyms.js";
import { restoreResult, restoreStream } from "./restore.js";

const NAME = 'Ada "the Countess" Lovelace';

function mapping(): { p: Pseudonyms; name: string; ni: string } {
  const p = new Pseudonyms();
  return { p, name: p.token("NAME", NAME), ni: p.token("UK_NATIONAL_INSURANCE_NUMBER", "AB123456C") };
}

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

async function* from(events: StreamEvent[]): AsyncIterable<StreamEvent> {
  yield* events;
}

const delta = (index: number, d: { text: string } | { toolUseInput: string }): StreamEvent => ({ type: "contentBlockDelta", index, delta: sensitive(d) });

describe("restoring pseudonyms in the answer", () => {
  it("a whole answer: text and tool-call arguments get the identifiers back", () => {
    const { p, name, ni } = mapping();
    const result: ConverseResult = {
      message: sensitive({ role: "assistant", content: [
        { type: "text", text: `Writing to ${name}.` },
        { type: "toolUse", toolUseId: "t1", name: "send", input: { to: name, refs: [ni, 3] } },
      ] }),
      stopReason: "tool_use", usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
    };
    assert.deepEqual(restoreResult(result, p).message.reveal().content, [
      { type: "text", text: `Writing to ${NAME}.` },
      { type: "toolUse", toolUseId: "t1", name: "send", input: { to: NAME, refs: ["AB123456C", 3] } },
    ]);
  });

  it("a stream: pseudonyms split across deltas of text and of tool input come back whole; held text is released before the block stops", async () => {
    const { p, name, ni } = mapping();
    const args = JSON.stringify({ to: name, ni });
    const cut = args.indexOf(name) + 4;
    const events = await collect(restoreStream(from([
      { type: "messageStart", role: "assistant" },
      delta(0, { text: `Hi ${ni.slice(0, 6)}` }),
      delta(0, { text: `${ni.slice(6)} and ${name.slice(0, 3)}` }),
      { type: "contentBlockStop", index: 0 },
      { type: "contentBlockStart", index: 1, toolUse: { toolUseId: "t1", name: "send" } },
      delta(1, { toolUseInput: args.slice(0, cut) }),
      delta(1, { toolUseInput: args.slice(cut) }),
      { type: "contentBlockStop", index: 1 },
      { type: "messageStop", stopReason: "tool_use" },
    ]), p));
    const text = events.flatMap((e) => (e.type === "contentBlockDelta" && e.index === 0 ? [(e.delta.reveal() as { text: string }).text] : [])).join("");
    const tool = events.flatMap((e) => (e.type === "contentBlockDelta" && e.index === 1 ? [(e.delta.reveal() as { toolUseInput: string }).toolUseInput] : [])).join("");
    assert.equal(text, `Hi AB123456C and ${name.slice(0, 3)}`, "a brace that never became a pseudonym is released as it was");
    assert.deepEqual(JSON.parse(tool), { to: NAME, ni: "AB123456C" }, "the restored name is escaped inside the JSON string");
    const stopAt = events.findIndex((e) => e.type === "contentBlockStop" && e.index === 0);
    assert.ok(events.slice(0, stopAt).some((e) => e.type === "contentBlockDelta" && (e.delta.reveal() as { text?: string }).text === name.slice(0, 3)));
  });
});
