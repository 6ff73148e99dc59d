import { invalid } from "../../kernel/index.js";

/**
 * `additionalModelResponseFieldPaths`: RFC 6901 JSON Pointers into a provider's raw answer.
 * What each points at comes back nested as it sat in the answer, so `/delta/stop_sequence`
 * yields `{delta: {stop_sequence: ...}}` — the shape Bedrock returns and the Vercel AI SDK reads.
 * A pointer that resolves to nothing is left out (Bedrock does the same), never an error: a
 * provider may simply not send that member on this answer. An array on the way keeps its
 * positions, unpicked ones as null, so an index still means what it meant in the answer.
 */

const FIELD = "additionalModelResponseFieldPaths";

/** The reference tokens of a pointer, unescaped; throws a validation fault naming `field` if malformed. */
export function parsePointer(pointer: string, field: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw invalid(field, "a JSON pointer must be empty or start with '/'");
  return pointer.slice(1).split("/").map((token) => {
    if (/~[^01]|~$/.test(token)) throw invalid(field, "'~' in a JSON pointer must be followed by 0 or 1");
    return token.replaceAll("~1", "/").replaceAll("~0", "~");
  });
}

/** Refuses malformed pointers before a call is made, naming the first by its position. */
export function checkResponseFieldPaths(pointers: readonly string[] | undefined): void {
  (pointers ?? []).forEach((p, i) => parsePointer(p, `${FIELD}.${i}`));
}

/** An own property only: a pointer may not walk into prototypes (`/__proto__`, `/constructor`). */
function child(value: unknown, token: string): { found: boolean; value?: unknown } {
  if (Array.isArray(value)) {
    if (!/^(0|[1-9][0-9]*)$/.test(token)) return { found: false };
    const index = Number(token);
    return index < value.length ? { found: true, value: value[index] } : { found: false };
  }
  if (typeof value === "object" && value !== null && Object.hasOwn(value, token)) {
    return { found: true, value: (value as Record<string, unknown>)[token] };
  }
  return { found: false };
}

/** Defines rather than assigns, so a token such as `__proto__` is an ordinary key of the result. */
function put(container: Record<string, unknown> | unknown[], token: string, value: unknown): void {
  if (Array.isArray(container)) {
    const index = Number(token);
    while (container.length < index) container.push(null);
    container[index] = value;
  } else {
    Object.defineProperty(container, token, { value, enumerable: true, writable: true, configurable: true });
  }
}

function get(container: Record<string, unknown> | unknown[], token: string): unknown {
  if (Array.isArray(container)) return container[Number(token)];
  return Object.hasOwn(container, token) ? container[token] : undefined;
}

/**
 * The values at `pointers` in `answer`, nested as in `answer`; undefined when none resolved.
 * Malformed pointers are refused whether or not they resolve, naming their position.
 */
export function pickResponseFields(answer: unknown, pointers: readonly string[] | undefined): Record<string, unknown> | undefined {
  if (!pointers || pointers.length === 0) return undefined;
  const parsed = pointers.map((p, i) => parsePointer(p, `${FIELD}.${i}`));
  let out: Record<string, unknown> | undefined;
  for (const tokens of parsed) {
    let value: unknown = answer;
    const path: { token: string; array: boolean }[] = [];
    let found = true;
    for (const token of tokens) {
      const next = child(value, token);
      if (!next.found) { found = false; break; }
      path.push({ token, array: Array.isArray(value) });
      value = next.value;
    }
    if (!found) continue;
    if (path.length === 0) {
      // The empty pointer is the whole answer; only an object fits a field map.
      if (typeof value === "object" && value !== null && !Array.isArray(value)) out = { ...(out ?? {}), ...structuredClone(value) };
      continue;
    }
    out ??= {};
    let container: Record<string, unknown> | unknown[] = out;
    path.forEach((step, k) => {
      if (k === path.length - 1) return put(container, step.token, structuredClone(value));
      const existing = get(container, step.token);
      const wantArray = path[k + 1]!.array;
      const fits = wantArray ? Array.isArray(existing) : typeof existing === "object" && existing !== null && !Array.isArray(existing);
      const next = fits ? (existing as Record<string, unknown> | unknown[]) : wantArray ? [] : {};
      if (!fits) put(container, step.token, next);
      container = next;
    });
  }
  return out;
}
