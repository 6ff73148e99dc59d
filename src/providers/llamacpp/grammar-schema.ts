import type { GbnfJsonSchema } from "node-llama-cpp";
import { invalid } from "../../kernel/index.js";

/**
 * JSON Schema as node-llama-cpp's grammar generator takes it. The grammar is what keeps the
 * model's output inside the schema, so a keyword it cannot enforce is refused (by the field that
 * holds the schema, naming the keyword from this list, never a value), not silently dropped:
 * an answer that broke `pattern` or `minimum` would be an answer the caller was promised it
 * would not get. Annotations are dropped; `anyOf` becomes `oneOf` (for generation they are the
 * same: the output matches one of the branches).
 */
const ENFORCED = new Set([
  "type", "const", "enum", "oneOf", "anyOf", "properties", "required", "additionalProperties", "minProperties",
  "maxProperties", "items", "prefixItems", "minItems", "maxItems", "minLength", "maxLength", "format", "$ref", "$defs",
]);
const ANNOTATIONS = new Set(["$schema", "$id", "$comment", "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly"]);
const FORMATS = new Set(["date-time", "time", "date"]);
const TYPES = new Set(["string", "number", "integer", "boolean", "null", "object", "array"]);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

export function toGrammarSchema(schema: unknown, field: string): GbnfJsonSchema {
  return convert(schema, field, true) as GbnfJsonSchema;
}

function convert(schema: unknown, field: string, root: boolean): unknown {
  if (!isObject(schema)) throw invalid(field, "must be a JSON Schema object");
  const out: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) {
      // The grammar generator shows descriptions to nobody; dropping them keeps it simple.
      continue;
    }
    if (!ENFORCED.has(keyword)) {
      throw invalid(field, `uses a JSON Schema keyword that local models cannot enforce; supported: ${[...ENFORCED].join(", ")}`);
    }
    switch (keyword) {
      case "type": {
        const types = Array.isArray(value) ? value : [value];
        if (types.length === 0 || !types.every((t) => typeof t === "string" && TYPES.has(t))) throw invalid(field, `has a 'type' that is not one of ${[...TYPES].join(", ")}`);
        out["type"] = value;
        break;
      }
      case "format":
        if (typeof value !== "string" || !FORMATS.has(value)) throw invalid(field, `has a 'format' local models cannot enforce; supported: ${[...FORMATS].join(", ")}`);
        out["format"] = value;
        break;
      case "$ref":
        if (typeof value !== "string" || !value.startsWith("#/$defs/")) throw invalid(field, "has a '$ref' that does not point into '#/$defs/'");
        out["$ref"] = value;
        break;
      case "oneOf": case "anyOf": case "prefixItems":
        if (!Array.isArray(value) || value.length === 0) throw invalid(field, `has a '${keyword}' that is not a non-empty list of schemas`);
        out[keyword === "anyOf" ? "oneOf" : keyword] = value.map((branch) => convert(branch, field, false));
        break;
      case "properties": case "$defs":
        if (!isObject(value)) throw invalid(field, `has a '${keyword}' that is not an object`);
        out[keyword] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, convert(sub, field, false)]));
        break;
      case "items":
        out["items"] = convert(value, field, false);
        break;
      case "additionalProperties":
        out["additionalProperties"] = typeof value === "boolean" ? value : convert(value, field, false);
        break;
      default:
        out[keyword] = value;
    }
  }
  if ("anyOf" in schema && "oneOf" in schema) throw invalid(field, "has both 'anyOf' and 'oneOf'");
  if (root && Object.keys(out).length === 0) throw invalid(field, "must constrain the output (an empty schema allows any JSON)");
  return out;
}
