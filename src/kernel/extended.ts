/**
 * `{ ...base, ...extra }` for objects made on every request.
 *
 * In the V8 of Node 20, once the spread's inline cache is warm, a spread followed by any other
 * member (`{ ...a, b }`, `{ ...a, ...b }`, or an assignment to the copy) gives the result a hidden
 * class of its own on every call. Each is allocated in the old generation, and until a full
 * collection it keeps what it was made for reachable from there: every request's objects
 * survived the scavenges and were promoted (docs/PERFORMANCE.md, "Promoted requests").
 * `Object.assign` into an empty literal reuses one hidden class.
 *
 * The result is the spread's: own enumerable members of `base`, then of `extra`, later ones
 * winning. Only an own `__proto__` member (JSON.parse makes one) behaves differently under
 * `Object.assign`, which would set the copy's prototype: such objects take the spread.
 */
export function extended<T extends object, U extends object>(base: T, extra: U): T & U;
export function extended<T extends object, U extends object, V extends object>(base: T, extra: U, more: V): T & U & V;
export function extended(...parts: object[]): object {
  for (const part of parts) if (Object.hasOwn(part, "__proto__")) return parts.reduce((out, p) => ({ ...out, ...p }), {});
  return Object.assign({}, ...parts);
}
