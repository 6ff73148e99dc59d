import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseTraceParent } from "./trace-context.js";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const SPAN = "00f067aa0ba902b7";

describe("parseTraceParent", () => {
  it("reads a well-formed version 00 header, sampled or not", () => {
    assert.deepEqual(parseTraceParent(`00-${TRACE}-${SPAN}-01`), { traceId: TRACE, spanId: SPAN, sampled: true });
    assert.deepEqual(parseTraceParent(`00-${TRACE}-${SPAN}-00`), { traceId: TRACE, spanId: SPAN, sampled: false });
    // Other flag bits are not ours to interpret; only bit 0 is the sampled flag.
    assert.deepEqual(parseTraceParent(`00-${TRACE}-${SPAN}-03`), { traceId: TRACE, spanId: SPAN, sampled: true });
  });

  const refused: readonly [string, string | undefined][] = [
    ["absent", undefined],
    ["empty", ""],
    ["upper-case hex", `00-${TRACE.toUpperCase()}-${SPAN}-01`],
    ["another version", `01-${TRACE}-${SPAN}-01`],
    ["the forbidden version ff", `ff-${TRACE}-${SPAN}-01`],
    ["trailing data", `00-${TRACE}-${SPAN}-01-extra`],
    ["two headers joined", `00-${TRACE}-${SPAN}-01, 00-${TRACE}-${SPAN}-01`],
    ["surrounding space", ` 00-${TRACE}-${SPAN}-01`],
    ["an all-zero trace id", `00-${"0".repeat(32)}-${SPAN}-01`],
    ["an all-zero span id", `00-${TRACE}-${"0".repeat(16)}-01`],
    ["a short trace id", `00-${TRACE.slice(1)}-${SPAN}-01`],
    ["a non-hex character", `00-${TRACE.slice(0, 31)}g-${SPAN}-01`],
    ["a newline at the end", `00-${TRACE}-${SPAN}-01\n`],
    ["wrong separators", `00_${TRACE}_${SPAN}_01`],
  ];
  for (const [name, header] of refused) {
    it(`ignores ${name}`, () => assert.equal(parseTraceParent(header), undefined));
  }
});
