import { createHash } from "node:crypto";

/**
 * What the loopbacks share for the newer features (documents, reasoning, prompt caching,
 * structured output), so each can answer the way its provider would and the contract suite can
 * tell whether the adapter sent the feature on the provider's wire or dropped it.
 */

/** The signature the loopbacks put on reasoning and insist on when it is sent back. */
export const SIGNATURE = "sig-loopback";
export const REASONING_TEXT = "Let me think about that.";

/**
 * The text of an uncompressed PDF (what the fixtures in src/providers/documents build): the
 * strings shown with `Tj`. A stand-in for a model reading the file; it proves the bytes arrived.
 */
export function pdfTextOf(bytes: Buffer): string {
  const latin = bytes.toString("latin1");
  if (!latin.startsWith("%PDF-")) return "";
  return [...latin.matchAll(/\(((?:\\.|[^\\)])*)\)\s*Tj/g)].map((m) => m[1]!.replace(/\\(.)/g, "$1")).join("\n");
}

/** About four characters a token: longer input, more tokens. */
export const tokensOf = (value: unknown): number => Math.max(1, Math.ceil(JSON.stringify(value ?? "").length / 4));

/**
 * A provider's prompt cache: the prompt up to a breakpoint is written the first time it is seen
 * and read after that. Only the longest breakpoint counts, as providers report one figure.
 */
export class PromptCache {
  readonly #seen = new Set<string>();

  /** `minTokens`: shorter prefixes are not cached (OpenAI caches from 1024 tokens on). */
  account(prefixes: readonly unknown[], minTokens = 0): { read: number; write: number } {
    const longest = prefixes.at(-1);
    if (longest === undefined || tokensOf(longest) < minTokens) return { read: 0, write: 0 };
    const key = createHash("sha256").update(JSON.stringify(longest)).digest("hex");
    const tokens = tokensOf(longest);
    if (this.#seen.has(key)) return { read: tokens, write: 0 };
    this.#seen.add(key);
    return { read: 0, write: tokens };
  }
}

/** A value that satisfies a simple JSON schema (objects, strings, numbers, booleans, arrays, enums). */
export function valueFor(schema: unknown): unknown {
  const s = (typeof schema === "object" && schema !== null ? schema : {}) as Record<string, any>;
  if (Array.isArray(s.enum)) return s.enum[0];
  switch (s.type) {
    case "object": return Object.fromEntries(Object.entries((s.properties ?? {}) as Record<string, unknown>).map(([k, v]) => [k, valueFor(v)]));
    case "array": return [valueFor(s.items)];
    case "number": case "integer": return 1;
    case "boolean": return true;
    default: return "loopback";
  }
}

/**
 * Where the breakpoints of a request sit, as `system.0` or `messages.2.content.1`: for Anthropic
 * the block carrying `cache_control`, for Bedrock the block a `cachePoint` follows.
 */
export function breakpointsOf(body: any, style: "anthropic" | "bedrock"): string[] {
  const out: string[] = [];
  const walk = (list: unknown, at: string) => {
    if (!Array.isArray(list)) return;
    let real = -1;
    list.forEach((b: any) => {
      if (style === "anthropic") { real += 1; if (b?.cache_control) out.push(`${at}.${real}`); return; }
      if (b?.cachePoint) out.push(`${at}.${real}`);
      else real += 1;
    });
  };
  walk(style === "anthropic" ? body.tools : body.toolConfig?.tools, "tools");
  walk(body.system, "system");
  (body.messages ?? []).forEach((m: any, i: number) => walk(m.content, `messages.${i}.content`));
  return out;
}
