import { invalid } from "../../../kernel/index.js";
import type { OutputFormat, ReasoningEffort } from "../../../kernel/index.js";
import { MAX_JSON_DEPTH, parseJsonBody } from "../json-body.js";
import { decodeEffort } from "./request-fields-decode.js";
import { at, closed, isObj, need, obj, oneOf, own, str, union } from "../validate.js";

/** outputConfig (BC `OutputConfig`): a JSON-schema text format and an effort level. */
export function decodeOutputConfig(value: unknown, field: string): { outputFormat?: OutputFormat; effort?: ReasoningEffort } {
  const o = obj(value, field);
  closed(o, field, ["textFormat", "effort"], { shape: "OutputConfig" });
  const format = own(o, "textFormat");
  const effort = own(o, "effort");
  return {
    ...(format === undefined ? {} : { outputFormat: decodeTextFormat(format, at(field, "textFormat")) }),
    ...(effort === undefined ? {} : { effort: decodeEffort(effort, at(field, "effort")) }),
  };
}

/** OutputFormat {type: json_schema, structure: {jsonSchema: {schema: <JSON text>, name, description}}}. */
function decodeTextFormat(value: unknown, field: string): OutputFormat {
  const o = obj(value, field);
  closed(o, field, ["type", "structure"], { shape: "OutputFormat" });
  oneOf(need(o, "type", field), at(field, "type"), ["json_schema"]);
  const sf = at(field, "structure");
  const [, def] = union(obj(need(o, "structure", field), sf), sf, ["jsonSchema"], { shape: "OutputFormatStructure" });
  const df = at(sf, "jsonSchema");
  const d = obj(def, df);
  closed(d, df, ["schema", "name", "description"], { shape: "JsonSchemaDefinition" });
  const text = str(need(d, "schema", df), at(df, "schema"), { min: 1 });
  let schema: unknown;
  // The body's own rules (depth, well-formed text) hold inside the schema too; their message
  // names "body", so it is replaced by one naming this member.
  try { schema = parseJsonBody(new TextEncoder().encode(text)); } catch { schema = undefined; }
  if (!isObj(schema)) throw invalid(at(df, "schema"), `Member must be a JSON Schema object serialized as JSON, nested at most ${MAX_JSON_DEPTH} levels`);
  const name = own(d, "name");
  const description = own(d, "description");
  return {
    type: "json_schema", schema,
    ...(name === undefined ? {} : { name: str(name, at(df, "name"), { min: 1 }) }),
    ...(description === undefined ? {} : { description: str(description, at(df, "description"), { min: 1 }) }),
  };
}
