import { Fault, invalid } from "../../kernel/index.js";
import { illFormed } from "../protocols/unicode.js";
import { safeName } from "./validate-members.js";

/** Deeper documents than this are refused: nothing legitimate nests so far, and re-serialising one overflows the stack. */
export const MAX_JSON_DEPTH = 64;

/** One decoder for every body (a decode without `stream` starts afresh): making one per request cost more than decoding a short body. */
const newDecoder = () => new TextDecoder("utf-8", { fatal: true });
let decoder = newDecoder();

/**
 * The JSON of a request body (restJson1 bodies and native InvokeModel bodies alike). A parser's
 * own message would echo the text around the error, which is customer content, so a failure
 * says only what was wrong. `empty` is what an empty body means (restJson1: no members).
 * Ill-formed Unicode is refused here for every JSON surface (restJson bodies, native bodies,
 * awsJson), naming the member.
 */
export function parseJsonBody(body: Uint8Array, empty?: unknown): unknown {
  if (body.length === 0 && empty !== undefined) return empty;
  let text: string;
  try {
    text = decoder.decode(body);
  } catch {
    decoder = newDecoder(); // no state of a refused body outlives it
    throw invalid("body", "Member must be a well-formed JSON document");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid("body", "Member must be a well-formed JSON document");
  }
  checkTree(value, MAX_JSON_DEPTH);
  return value;
}

interface Frame {
  readonly value: object;
  readonly depth: number;
  readonly key: string | number;
  readonly parent: Frame | undefined;
}

/**
 * One walk over the parsed document: no deeper than `limit`, and every string, member names
 * included, well-formed (the fatal decoder refuses bad bytes, but a `\ud800` escape is plain
 * ASCII and parses to an unpaired surrogate). Iterative, so that the walk itself cannot
 * overflow the stack it protects.
 */
function checkTree(root: unknown, limit: number): void {
  if (typeof root === "string" && !root.isWellFormed()) throw illFormed("body");
  if (typeof root !== "object" || root === null) return;
  const stack: Frame[] = [{ value: root, depth: 1, key: "", parent: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.depth > limit) throw invalid("body", `Member must not nest deeper than ${limit} levels`);
    if (Array.isArray(frame.value)) {
      for (let i = 0; i < frame.value.length; i++) visit(stack, frame, i, frame.value[i]);
      continue;
    }
    const object = frame.value as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      // An ill-formed member name is refused naming the structure that holds it.
      if (!key.isWellFormed()) throw illFormed(pathOf(frame));
      visit(stack, frame, key, object[key]);
    }
  }
}

function visit(stack: Frame[], parent: Frame, key: string | number, child: unknown): void {
  if (typeof child === "string") {
    // Paths are built only for a refusal: most bodies have thousands of strings and none ill-formed.
    if (!child.isWellFormed()) throw illFormed(pathOf(parent, key));
  } else if (typeof child === "object" && child !== null) {
    stack.push({ value: child, depth: parent.depth + 1, key, parent });
  }
}

/** The JSON path as faults name it (`messages.0.content.1.text`); a key that may be content shows as `*`. */
function pathOf(frame: Frame, last?: string | number): string {
  const keys: Array<string | number> = last === undefined ? [] : [last];
  for (let f: Frame | undefined = frame; f?.parent !== undefined; f = f.parent) keys.push(f.key);
  const path = keys.reverse().map((k) => (typeof k === "number" || safeName(k) ? String(k) : "*")).join(".");
  return path === "" ? "body" : path;
}

/** restJson1 bodies are JSON: a body labelled otherwise is refused, as smithy servers do (415). */
export function requireJsonContentType(contentType: string | undefined): void {
  if (contentType !== undefined && !/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new Fault("unsupported-media-type", "The request body must be sent as application/json");
  }
}
