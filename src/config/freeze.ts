/**
 * Freezes a value and everything reachable from it, so no part of the program can change the
 * configuration after start-up (a changed provider URL or region would bypass validation).
 * `Sensitive` values are frozen too: their content sits in a private field and is immutable.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Reflect.ownKeys(value)) {
    deepFreeze((value as Record<string | symbol, unknown>)[key]);
  }
  return value;
}
