import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isFault, sensitive } from "../../../kernel/index.js";
import type { TextBlock } from "../../../kernel/index.js";
import type { NativeDecoded } from "../native/index.js";
import { markTaggedInput, takeGuardrailBodyConfig } from "./input-tags.js";

const OPEN = "<amazon-bedrock-guardrails-guardContent_abc>";
const CLOSE = "</amazon-bedrock-guardrails-guardContent_abc>";

function decoded(text: string): NativeDecoded {
  return { kind: "converse", command: { modelId: "m", inference: {}, conversation: sensitive({ system: [], messages: [{ role: "user", content: [{ type: "text", text }] }] }) } } as NativeDecoded;
}
const blocks = (d: NativeDecoded): TextBlock[] =>
  (d.kind === "converse" ? d.command.conversation.reveal().messages[0]!.content : []) as TextBlock[];

describe("InvokeModel's guardrail body member", () => {
  it("is taken out of the body, its tag suffix kept", () => {
    assert.deepEqual(takeGuardrailBodyConfig({ max_tokens: 5, "amazon-bedrock-guardrailConfig": { tagSuffix: "abc", streamProcessingMode: "sync" } }), { body: { max_tokens: 5 }, tagSuffix: "abc", streamProcessingMode: "sync" });
    assert.deepEqual(takeGuardrailBodyConfig({ max_tokens: 5 }), { body: { max_tokens: 5 } });
  });

  it("takes the stream mode in the documentation's spelling and in Converse's", () => {
    for (const [given, mode] of [["ASYNCHRONOUS", "async"], ["SYNCHRONOUS", "sync"], ["async", "async"], ["sync", "sync"]] as const) {
      assert.deepEqual(takeGuardrailBodyConfig({ "amazon-bedrock-guardrailConfig": { streamProcessingMode: given } }), { body: {}, streamProcessingMode: mode });
    }
  });

  const refusals: [string, unknown, string][] = [
    ["not an object", "x", "amazon-bedrock-guardrailConfig"],
    ["an unknown member", { tagSufix: "a" }, "amazon-bedrock-guardrailConfig.tagSufix"],
    ["a suffix with a symbol", { tagSuffix: "a>b" }, "amazon-bedrock-guardrailConfig.tagSuffix"],
    ["an unknown stream mode", { streamProcessingMode: "later" }, "amazon-bedrock-guardrailConfig.streamProcessingMode"],
  ];
  for (const [name, config, field] of refusals) {
    it(`refuses ${name}, naming ${field}`, () => {
      assert.throws(() => takeGuardrailBodyConfig({ "amazon-bedrock-guardrailConfig": config }), (e: unknown) => isFault(e) && e.detail?.field === field);
    });
  }
});

describe("InvokeModel's input tags", () => {
  const cases: [string, string, [string, boolean][]][] = [
    ["untagged text is left alone", "hello there", [["hello there", false]]],
    ["a tagged span becomes guard content, tags removed", `before ${OPEN}check me${CLOSE} after`, [["before ", false], ["check me", true], [" after", false]]],
    ["two spans", `${OPEN}a${CLOSE}-${OPEN}b${CLOSE}`, [["a", true], ["-", false], ["b", true]]],
    ["an unclosed tag marks the rest (nothing hides from the guardrail)", `x ${OPEN}rest of it`, [["x ", false], ["rest of it", true]]],
    ["grounding source and query tags are taken out, their text kept for the grounding check",
      `<amazon-bedrock-guardrails-groundingSource_abc>Tokyo is the capital.</amazon-bedrock-guardrails-groundingSource_abc> <amazon-bedrock-guardrails-query_abc>Capital?</amazon-bedrock-guardrails-query_abc>${OPEN}q${CLOSE}`,
      [["Tokyo is the capital.", false], [" ", false], ["Capital?", false], ["q", true]]],
    ["another suffix's tags are plain text", "<amazon-bedrock-guardrails-guardContent_zzz>t</amazon-bedrock-guardrails-guardContent_zzz>", [["<amazon-bedrock-guardrails-guardContent_zzz>t</amazon-bedrock-guardrails-guardContent_zzz>", false]]],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => {
      assert.deepEqual(blocks(markTaggedInput(decoded(text), "abc")).map((b) => [b.text, b.guard === true]), expected);
    });
  }
  it("grounding tags qualify their text", () => {
    const text = "<amazon-bedrock-guardrails-groundingSource_abc>src</amazon-bedrock-guardrails-groundingSource_abc><amazon-bedrock-guardrails-query_abc>q?";
    assert.deepEqual(blocks(markTaggedInput(decoded(text), "abc")).map((b) => [b.text, b.qualifiers]), [["src", ["grounding_source"]], ["q?", ["query"]]]);
  });

  it("without a suffix nothing is marked", () => {
    assert.deepEqual(blocks(markTaggedInput(decoded(`${OPEN}x${CLOSE}`), undefined)).map((b) => b.text), [`${OPEN}x${CLOSE}`]);
  });
});
