import { Fault, invalid } from "../../kernel/index.js";

/** Deeper documents than this are refused: nothing legitimate nests so far, and re-serialising one overflows the stack. */
export const MAX_JSON_DEPTH = 64;

/**
 * The JSON of a request body (restJson1 bodies and native InvokeModel bodies alike). A parser's
 * own message would echo the text around the error, which is customer content, so a failure
 * says only what was wrong. `empty` is what an empty body means (restJson1: no members).
 */
export function parseJsonBody(body: Uint8Array, empty?: unknown): unknown {
  if (body.length === 0 && empty !== undefined) return empty;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    throw invalid("body", "Member must be a well-formed JSON document");
  }
  if (depthExceeds(value, MAX_JSON_DEPTH)) throw invalid("body", `Member must not nest deeper than ${MAX_JSON_DEPTH} levels`);
  return value;
}

/** Iterative, so that the check itself cannot overflow the stack it protects. */
function depthExceeds(root: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== "object" || value === null) continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** restJson1 bodies are JSON: a body labelled otherwise is refused, as smithy servers do (415). */
export function requireJsonContentType(contentType: string | undefined): void {
  if (contentType !== undefined && !/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new Fault("unsupported-media-type", "The request body must be sent as application/json");
  }
}
