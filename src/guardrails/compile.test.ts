import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../kernel/index.js";
import type { GuardrailPolicies } from "./config.js";
import { compileGuardrail } from "./index.js";
import { base, both, fakePii } from "./evaluator.fixture.js";

const fieldOf = (policies: Partial<GuardrailPolicies>): string | undefined => {
  try {
    compileGuardrail({ ...base, ...policies }, { pii: fakePii });
    return undefined;
  } catch (error) {
    assert.ok(error instanceof Fault && error.kind === "validation");
    return error.detail.field;
  }
};
const regex = (pattern: string, name = pattern) => ({ name, pattern, ...both });
const topic = (name: string) => ({ name, definition: "d", examples: [], type: "DENY" as const, ...both });

describe("compileGuardrail refuses what it cannot run, naming the field", () => {
  const cases: readonly (readonly [string, Partial<GuardrailPolicies>, string | undefined])[] = [
    ["a plain regex", { regexes: [regex("TCK-\\d{4}")] }, undefined],
    ["lookbehind (re2 refuses)", { regexes: [regex("a"), regex("(?<=x)y")] }, "sensitiveInformationPolicyConfig.regexesConfig.1.pattern"],
    ["a backreference (re2 refuses)", { regexes: [regex("(a)\\1")] }, "sensitiveInformationPolicyConfig.regexesConfig.0.pattern"],
    ["a regex matching the empty string", { regexes: [regex("\\d*")] }, "sensitiveInformationPolicyConfig.regexesConfig.0.pattern"],
    ["catastrophic backtracking is linear on re2, accepted", { regexes: [regex("(a+)+$")] }, undefined],
    ["duplicate regex names", { regexes: [regex("a", "r"), regex("b", "r")] }, "sensitiveInformationPolicyConfig.regexesConfig.1.name"],
    ["an unknown PII type", { piiEntities: [{ type: "SHOE_SIZE" as never, ...both }] }, "sensitiveInformationPolicyConfig.piiEntitiesConfig.0.type"],
    ["a duplicate PII type", { piiEntities: [{ type: "EMAIL", ...both }, { type: "EMAIL", ...both }] }, "sensitiveInformationPolicyConfig.piiEntitiesConfig.1.type"],
    ["a word of punctuation only", { words: [{ text: "ok", ...both }, { text: "!!", ...both }] }, "wordPolicyConfig.wordsConfig.1.text"],
    ["a duplicate managed list", { managedWordLists: [{ type: "PROFANITY", ...both }, { type: "PROFANITY", ...both }] }, "wordPolicyConfig.managedWordListsConfig.1.type"],
    ["a duplicate topic name", { topics: [topic("Money"), topic("money")] }, "topicPolicyConfig.topicsConfig.1.name"],
    ["a duplicate content filter", { contentFilters: [{ type: "HATE", inputStrength: "LOW", outputStrength: "LOW", ...both }, { type: "HATE", inputStrength: "LOW", outputStrength: "LOW", ...both }] }, "contentPolicyConfig.filtersConfig.1.type"],
  ];
  for (const [name, policies, field] of cases) {
    it(`${name}: ${field ?? "accepted"}`, () => assert.equal(fieldOf(policies), field));
  }
  it("re2's reason is in the message", () => {
    assert.throws(() => compileGuardrail({ ...base, regexes: [regex("(?<=x)y")] }, { pii: fakePii }), /linear-time engine accepts \(invalid perl operator/);
  });
});
