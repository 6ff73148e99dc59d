import type { ImageBlock, ImageFormat, ToolSpec } from "../../kernel/index.js";
import { parseJsonBody } from "../bedrock-runtime/json-body.js";
import { blob, isObj, list, obj, str } from "../bedrock-runtime/validate.js";
import { refuse, unrecognized, unsupported } from "./refuse.js";

/**
 * Pieces both OpenAI request shapes (Chat Completions and Responses) are made of: images as data
 * URLs, function tools, JSON-schema output formats. Failures name the OpenAI member.
 */
const IMAGE_FORMATS: readonly ImageFormat[] = ["png", "jpeg", "gif", "webp"];
/** Converse's limit per image (3.75 MB), counted in decoded bytes. */
export const MAX_IMAGE_BYTES = 3_932_160;
const DATA_URL = /^data:image\/([a-z]+);base64,/;
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * An image given as a data URL. A remote URL is refused, not fetched: fetching caller-named URLs
 * from the server would let any caller reach whatever the server can (SSRF).
 */
export function decodeImageUrl(url: unknown, param: string): ImageBlock {
  const text = str(url, param, { min: 1 });
  const m = DATA_URL.exec(text);
  if (!m) throw refuse(param, "Only images given as base64 data URLs (data:image/png;base64,...) are supported; remote image URLs are not fetched");
  const format = (m[1] === "jpg" ? "jpeg" : m[1]) as ImageFormat;
  if (!IMAGE_FORMATS.includes(format)) throw refuse(param, `The image type must be one of ${IMAGE_FORMATS.join(", ")}`);
  return { type: "image", format, bytes: blob(text.slice(m[0].length), param, { min: 1, max: MAX_IMAGE_BYTES }) };
}

/** A function tool's definition: `{name, description, parameters, strict}` (Chat nests it under `function`). */
export function decodeFunction(value: unknown, param: string, known: readonly string[]): ToolSpec {
  const o = obj(value, param);
  for (const key of Object.keys(o)) if (!known.includes(key)) throw unrecognized(param, key);
  const name = str(o["name"], `${param}.name`);
  if (!TOOL_NAME.test(name)) throw refuse(`${param}.name`, "A function name must be 1 to 64 letters, digits, underscores or dashes");
  const description = o["description"];
  const parameters = o["parameters"] ?? { type: "object", properties: {} };
  if (!isObj(parameters)) throw refuse(`${param}.parameters`, "The parameters must be a JSON Schema object");
  const strict = o["strict"];
  if (strict !== undefined && strict !== null && typeof strict !== "boolean") throw refuse(`${param}.strict`, "strict must be a boolean");
  return {
    name, inputSchema: parameters,
    ...(description === undefined || description === null ? {} : { description: str(description, `${param}.description`) }),
    ...(strict === true ? { strict: true } : {}),
  };
}

/** Two tools of one name make a model's call ambiguous. */
export function distinctTools(tools: readonly ToolSpec[], param: string): readonly ToolSpec[] {
  const names = new Set<string>();
  tools.forEach((t, i) => {
    if (names.has(t.name)) throw refuse(`${param}.${i}`, "Tool names must be unique");
    names.add(t.name);
  });
  return tools;
}

/** A JSON schema the model's answer must follow (Chat `json_schema`, Responses `text.format`). */
export function decodeSchemaFormat(o: Readonly<Record<string, unknown>>, param: string): { type: "json_schema"; schema: unknown; name: string; description?: string } {
  const name = str(o["name"], `${param}.name`, { min: 1, max: 64 });
  const schema = o["schema"] ?? { type: "object" };
  if (!isObj(schema)) throw refuse(`${param}.schema`, "The schema must be a JSON Schema object");
  const description = o["description"];
  return { type: "json_schema", schema, name, ...(description === undefined || description === null ? {} : { description: str(description, `${param}.description`) }) };
}

/** Tool-call arguments arrive as JSON text; the inference vocabulary holds the object. */
export function parseArguments(text: unknown, param: string): unknown {
  const source = str(text, param);
  if (source.trim() === "") return {};
  let parsed: unknown;
  // The body's own rules (depth, well-formed text) hold inside the arguments too.
  try { parsed = parseJsonBody(new TextEncoder().encode(source)); } catch { parsed = undefined; }
  if (!isObj(parsed)) throw refuse(param, "The function arguments must be a JSON object serialized as text");
  return parsed;
}

/** Text given as a string or as a list of text parts (system, developer, tool messages). */
export function textOf(value: unknown, param: string, partTypes: readonly string[] = ["text"]): string {
  if (typeof value === "string") return value;
  return list(value, param, { min: 1 }).map((part, i) => {
    const p = obj(part, `${param}.${i}`);
    if (!partTypes.includes(p["type"] as string)) throw unsupported(`${param}.${i}.type`, "This content part type");
    return str(p["text"], `${param}.${i}.text`);
  }).join("\n");
}
