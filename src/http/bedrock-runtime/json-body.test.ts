import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../../kernel/index.js";
import { MAX_JSON_DEPTH, parseJsonBody } from "./json-body.js";

const bytes = (s: string) => new TextEncoder().encode(s);
const refused = (body: Uint8Array, message: RegExp) => () =>
  assert.throws(() => parseJsonBody(body), (e: unknown) => e instanceof Fault && e.kind === "validation" && e.detail.field === "body" && message.test(e.message));

describe("request body JSON", () => {
  it("an empty body means what the caller says (restJson1: no members)", () => {
    assert.deepEqual(parseJsonBody(new Uint8Array(), {}), {});
  });
  it("an empty native body is not JSON", refused(new Uint8Array(), /well-formed JSON/));
  it("malformed JSON is refused without quoting the text", () => {
    assert.throws(() => parseJsonBody(bytes('{"prompt":"SECRET-TEXT" oops')), (e: unknown) => e instanceof Fault && !e.message.includes("SECRET"));
  });
  it("invalid UTF-8 is refused", refused(new Uint8Array([0x7b, 0xff, 0x7d]), /well-formed JSON/));
  it(`nesting up to ${MAX_JSON_DEPTH} levels is accepted`, () => {
    const doc = "[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH);
    assert.ok(parseJsonBody(bytes(doc)));
  });
  it(`nesting deeper than ${MAX_JSON_DEPTH} levels is refused`, refused(bytes("[".repeat(MAX_JSON_DEPTH + 1) + "]".repeat(MAX_JSON_DEPTH + 1)), /nest deeper/));
  it("a 100,000-deep document is refused, not a stack overflow", refused(bytes('{"a":' + "[".repeat(100_000) + "]".repeat(100_000) + "}"), /nest deeper/));
});
