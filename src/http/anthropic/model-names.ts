/**
 * Anthropic's own model names -> the Bedrock model ids plinth's catalogue serves. Claude Code and
 * Anthropic's SDK, pointed at /anthropic, send the names Anthropic's API takes (`claude-sonnet-4-5`,
 * `claude-3-5-haiku-20241022`, `claude-3-5-sonnet-latest`), which Bedrock's resolver knows
 * nothing of. The name becomes a Bedrock id here, before the resolver; everything after
 * (authorisation, records, the use case) sees only the Bedrock id.
 *
 * Order of precedence: a model the catalogue serves under the very name given wins (an operator
 * may register one so); then this table (dated names and the aliases Anthropic documents for
 * them, since Bedrock's ids add a version suffix no rule can guess: `-v2:0` for Claude 3.5 Sonnet
 * v2); then `anthropic.<name>`, Bedrock's spelling for the newer undated ids
 * (`anthropic.claude-sonnet-4-6`), when the catalogue serves it. Anything else goes to the resolver
 * unchanged (an id, ARN or inference profile), which refuses what it does not know.
 */
const TABLE: Readonly<Record<string, string>> = Object.freeze({
  "claude-3-haiku-20240307": "anthropic.claude-3-haiku-20240307-v1:0",
  "claude-3-sonnet-20240229": "anthropic.claude-3-sonnet-20240229-v1:0",
  "claude-3-opus-20240229": "anthropic.claude-3-opus-20240229-v1:0",
  "claude-3-opus-latest": "anthropic.claude-3-opus-20240229-v1:0",
  "claude-3-5-sonnet-20240620": "anthropic.claude-3-5-sonnet-20240620-v1:0",
  "claude-3-5-sonnet-20241022": "anthropic.claude-3-5-sonnet-20241022-v2:0",
  "claude-3-5-sonnet-latest": "anthropic.claude-3-5-sonnet-20241022-v2:0",
  "claude-3-5-haiku-20241022": "anthropic.claude-3-5-haiku-20241022-v1:0",
  "claude-3-5-haiku-latest": "anthropic.claude-3-5-haiku-20241022-v1:0",
  "claude-3-7-sonnet-20250219": "anthropic.claude-3-7-sonnet-20250219-v1:0",
  "claude-3-7-sonnet-latest": "anthropic.claude-3-7-sonnet-20250219-v1:0",
  "claude-sonnet-4-20250514": "anthropic.claude-sonnet-4-20250514-v1:0",
  "claude-sonnet-4-0": "anthropic.claude-sonnet-4-20250514-v1:0",
  "claude-opus-4-20250514": "anthropic.claude-opus-4-20250514-v1:0",
  "claude-opus-4-0": "anthropic.claude-opus-4-20250514-v1:0",
  "claude-opus-4-1-20250805": "anthropic.claude-opus-4-1-20250805-v1:0",
  "claude-opus-4-1": "anthropic.claude-opus-4-1-20250805-v1:0",
  "claude-sonnet-4-5-20250929": "anthropic.claude-sonnet-4-5-20250929-v1:0",
  "claude-sonnet-4-5": "anthropic.claude-sonnet-4-5-20250929-v1:0",
  "claude-haiku-4-5-20251001": "anthropic.claude-haiku-4-5-20251001-v1:0",
  "claude-haiku-4-5": "anthropic.claude-haiku-4-5-20251001-v1:0",
  "claude-opus-4-5-20251101": "anthropic.claude-opus-4-5-20251101-v1:0",
  "claude-opus-4-5": "anthropic.claude-opus-4-5-20251101-v1:0",
  "claude-opus-4-6": "anthropic.claude-opus-4-6-v1",
  "claude-sonnet-4-6": "anthropic.claude-sonnet-4-6",
});

/** Anthropic's names are lower-case words and digits joined by hyphens, always starting `claude-`. */
const ANTHROPIC_NAME = /^claude-[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The identifier to resolve for what the caller named; `served` says whether the catalogue has a model id. */
export function bedrockModelFor(requested: string, served: (modelId: string) => boolean): string {
  if (!ANTHROPIC_NAME.test(requested) || served(requested)) return requested;
  const listed = Object.hasOwn(TABLE, requested) ? TABLE[requested] : undefined;
  if (listed !== undefined) return listed;
  const undated = `anthropic.${requested}`;
  return served(undated) ? undated : requested;
}
