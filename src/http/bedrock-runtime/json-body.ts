import { invalid } from "../../kernel/index.js";

/**
 * The JSON of a restJson1 request body. A parser's own message would echo the text around the
 * error, which is customer content, so the failure says only what was wrong.
 */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    throw invalid("body", "the request body must be a well-formed JSON document");
  }
}
