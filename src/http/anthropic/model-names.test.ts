import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { bedrockModelFor } from "./model-names.js";

/** Anthropic's model names -> Bedrock ids, against a catalogue serving a few. */
const catalogue = new Set([
  "anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-sonnet-4-6", "claude-local", "anthropic.claude-3-5-sonnet-20241022-v2:0",
]);
const served = (id: string): boolean => catalogue.has(id);

describe("Anthropic model names -> Bedrock model ids", () => {
  const cases: [string, string, string][] = [
    ["an alias Claude Code sends", "claude-sonnet-4-5", "anthropic.claude-sonnet-4-5-20250929-v1:0"],
    ["a dated name", "claude-sonnet-4-5-20250929", "anthropic.claude-sonnet-4-5-20250929-v1:0"],
    ["a dated name the catalogue does not serve (the resolver will say not found, by its Bedrock id)", "claude-3-5-haiku-20241022", "anthropic.claude-3-5-haiku-20241022-v1:0"],
    ["Claude 3.5 Sonnet v2: a suffix no rule guesses", "claude-3-5-sonnet-latest", "anthropic.claude-3-5-sonnet-20241022-v2:0"],
    ["an undated name Bedrock spells anthropic.<name>", "claude-sonnet-4-6", "anthropic.claude-sonnet-4-6"],
    ["a name the catalogue serves as it is: kept", "claude-local", "claude-local"],
    ["an unknown claude name the catalogue lacks either way: unchanged, for the resolver to refuse", "claude-nonesuch-9", "claude-nonesuch-9"],
    ["a Bedrock id: unchanged", "anthropic.claude-sonnet-4-6", "anthropic.claude-sonnet-4-6"],
    ["an inference profile: unchanged", "global.anthropic.claude-sonnet-4-6", "global.anthropic.claude-sonnet-4-6"],
    ["an ARN: unchanged", "arn:aws:bedrock:eu-west-2::foundation-model/anthropic.claude-sonnet-4-6", "arn:aws:bedrock:eu-west-2::foundation-model/anthropic.claude-sonnet-4-6"],
    ["a member of Object.prototype is no table entry", "constructor", "constructor"],
  ];
  for (const [title, requested, expected] of cases) {
    it(title, () => assert.equal(bedrockModelFor(requested, served), expected));
  }
});
