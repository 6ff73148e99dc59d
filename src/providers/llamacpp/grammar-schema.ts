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
  return convert(schema, field, true, new Set()) as GbnfJsonSchema;
}

/**
 * Contradictions the generator would resolve on its own (a missing definition read as "any",
 * a maxLength under minLength raised) and announce with console.warn, quoting the schema:
 * refused here instead, so the answer is what the schema says and nothing reaches the console.
 */
function checkBounds(schema: Record<string, unknown>, field: string): void {
  const number = (key: string): number | undefined => (typeof schema[key] === "number" ? schema[key] as number : undefined);
  const below = (low: number | undefined, high: number | undefined): boolean => low !== undefined && high !== undefined && high < low;
  const properties = isObject(schema["properties"]) ? Object.keys(schema["properties"]).length : undefined;
  const prefix = Array.isArray(schema["prefixItems"]) ? schema["prefixItems"].length : undefined;
  if (below(number("minLength"), number("maxLength"))) throw invalid(field, "has a maxLength below its minLength");
  // The grammar writes every listed property, so maxProperties must leave room for them all.
  if (below(properties, number("maxProperties"))) throw invalid(field, "has a maxProperties below the number of its properties (local models write every property)");
  if (below(prefix, number("maxItems"))) throw invalid(field, "has a maxItems below the length of its prefixItems");
}

function convert(schema: unknown, field: string, root: boolean, inScope: ReadonlySet<string>): unknown {
  if (!isObject(schema)) throw invalid(field, "must be a JSON Schema object");
  checkBounds(schema, field);
  // Definitions are visible to the schema that holds them and everything inside it.
  const scope = isObject(schema["$defs"]) ? new Set([...inScope, ...Object.keys(schema["$defs"])]) : inScope;
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
        if (!scope.has(value.slice("#/$defs/".length))) throw invalid(field, "has a '$ref' to a definition its '$defs' do not hold");
        out["$ref"] = value;
        break;
      case "oneOf": case "anyOf": case "prefixItems":
        if (!Array.isArray(value) || value.length === 0) throw invalid(field, `has a '${keyword}' that is not a non-empty list of schemas`);
        out[keyword === "anyOf" ? "oneOf" : keyword] = value.map((branch) => convert(branch, field, false, scope));
        break;
      case "properties": case "$defs":
        if (!isObject(value)) throw invalid(field, `has a '${keyword}' that is not an object`);
        out[keyword] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, convert(sub, field, false, scope)]));
        break;
      case "items":
        out["items"] = convert(value, field, false, scope);
        break;
      case "additionalProperties":
        out["additionalProperties"] = typeof value === "boolean" ? value : convert(value, field, false, scope);
        break;
      default:
        out[keyword] = value;
    }
  }
  if ("anyOf" in schema && "oneOf" in schema) throw invalid(field, "has both 'anyOf' and 'oneOf'");
  if (root && Object.keys(out).length === 0) throw invalid(field, "must constrain the output (an empty schema allows any JSON)");
  return out;
}
