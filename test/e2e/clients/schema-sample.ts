/**
 * A deterministic value that satisfies a JSON schema, as a model filling a tool's input or a
 * structured-output schema would: every property filled, the first enum member, strings picked
 * by property name so a test can predict them (SAMPLE_WORDS), numbers 42, booleans true.
 * It covers the schemas the clients produce from zod (objects, arrays, enums, nullable unions).
 */
export const SAMPLE_WORDS: Readonly<Record<string, string>> = {
  city: "Leeds",
  name: "Ada Lovelace",
  title: "Notes on the Analytical Engine",
  unit: "celsius",
};

type Schema = Record<string, unknown>;

export function sampleOf(schema: unknown, name?: string): unknown {
  if (typeof schema !== "object" || schema === null) return "sample";
  const s = schema as Schema;
  if ("const" in s) return s["const"];
  if (Array.isArray(s["enum"]) && s["enum"].length > 0) return s["enum"][0];
  const union = (s["anyOf"] ?? s["oneOf"]) as unknown[] | undefined;
  if (Array.isArray(union)) {
    const first = union.find((u) => (u as Schema)["type"] !== "null") ?? union[0];
    return sampleOf(first, name);
  }
  const type = Array.isArray(s["type"]) ? (s["type"] as string[]).find((t) => t !== "null") : s["type"];
  switch (type) {
    case "object": {
      const properties = (s["properties"] ?? {}) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, sampleOf(value, key)]));
    }
    case "array": {
      const minItems = typeof s["minItems"] === "number" ? s["minItems"] : 1;
      return Array.from({ length: Math.max(1, minItems) }, () => sampleOf(s["items"], name));
    }
    case "integer": case "number": return 42;
    case "boolean": return true;
    case "null": return null;
    default: return (name !== undefined ? SAMPLE_WORDS[name] : undefined) ?? `sample ${name ?? "text"}`;
  }
}
