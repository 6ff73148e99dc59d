import { invalid, sensitive } from "../../../kernel/index.js";
import type { Sensitive } from "../../../kernel/index.js";
import { GUARDRAIL_ID, GUARDRAIL_VERSION } from "../codec/options-decode.js";
import { at, closed, list, need, obj, oneOf, own, str, strings, union } from "../validate.js";

/** What a text block is to the guardrail: Bedrock's `GuardrailContentQualifier`. */
export type GuardQualifier = "grounding_source" | "query" | "guard_content";

export interface GuardText {
  readonly text: string;
  readonly qualifiers: readonly GuardQualifier[];
}

/** ApplyGuardrail (BC `ApplyGuardrailRequest`), decoded: the texts are the caller's content. */
export interface ApplyGuardrailInput {
  readonly identifier: string;
  readonly version: string;
  readonly source: "INPUT" | "OUTPUT";
  readonly outputScope: "INTERVENTIONS" | "FULL";
  readonly content: Sensitive<readonly GuardText[]>;
}

/**
 * Bedrock bounds a request by its text units; plinth also bounds the block count so a request
 * of many empty blocks cannot make the evaluator loop for nothing. The body limit bounds the rest.
 */
const MAX_BLOCKS = 1000;

/**
 * Decodes the path labels and body. Image blocks are refused by name: plinth's content filters
 * read text only, and a guardrail that silently passed an image it never looked at would be a
 * false promise.
 */
export function decodeApplyGuardrail(labels: { identifier: string; version: string }, body: unknown): ApplyGuardrailInput {
  const identifier = str(labels.identifier, "guardrailIdentifier", GUARDRAIL_ID);
  const version = str(labels.version, "guardrailVersion", GUARDRAIL_VERSION);
  const o = obj(body ?? {}, "body");
  closed(o, "", ["source", "content", "outputScope"], { shape: "ApplyGuardrailRequest" });
  const source = oneOf(need(o, "source", ""), "source", ["INPUT", "OUTPUT"] as const);
  const scope = own(o, "outputScope");
  const outputScope = scope === undefined ? "INTERVENTIONS" : oneOf(scope, "outputScope", ["INTERVENTIONS", "FULL"] as const);
  const blocks = list(need(o, "content", ""), "content", { max: MAX_BLOCKS });
  const content = blocks.map((block, i) => {
    const field = at("content", String(i));
    const [key, value] = union(obj(block, field), field, ["text", "image"], { shape: "GuardrailContentBlock" });
    if (key === "image") throw invalid(at(field, "image"), "Image content is not supported by plinth's guardrails (text only)");
    const textField = at(field, "text");
    const t = obj(value, textField);
    closed(t, textField, ["text", "qualifiers"], { shape: "GuardrailTextBlock" });
    const qualifiers = own(t, "qualifiers");
    return {
      text: str(need(t, "text", textField), at(textField, "text")),
      qualifiers: qualifiers === undefined ? [] : strings(qualifiers, at(textField, "qualifiers")).map((q, j) =>
        oneOf(q, at(at(textField, "qualifiers"), String(j)), ["grounding_source", "query", "guard_content"] as const)),
    };
  });
  return { identifier, version, source, outputScope, content: sensitive(content) };
}
