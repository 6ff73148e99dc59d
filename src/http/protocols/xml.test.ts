import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { XMLParser } from "fast-xml-parser";
import { element, escapeXml } from "./xml.js";

describe("awsQuery XML writer", () => {
  it("structures, <member> lists, dates, numbers, booleans; undefined and null members left out", () => {
    const xml = element("R", {
      Name: "a", Count: 3, Ok: false, When: new Date("2025-01-02T03:04:05.000Z"),
      Items: [{ K: "x" }, { K: "y" }], Names: ["p", "q"], Empty: [], Gone: undefined, Null: null,
    });
    assert.equal(xml, "<R><Name>a</Name><Count>3</Count><Ok>false</Ok><When>2025-01-02T03:04:05.000Z</When>"
      + "<Items><member><K>x</K></member><member><K>y</K></member></Items><Names><member>p</member><member>q</member></Names><Empty></Empty></R>");
  });

  it("escapes markup and keeps carriage returns", () => {
    assert.equal(escapeXml(`<a href="x">&'\r\n`), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&#13;\n");
  });

  it("characters XML cannot carry become U+FFFD, so the answer always parses", () => {
    const nasty = "a\u0000b\u0008c\u000bd\u001fe\ufffff\ud800g\udc00h\u{1F600}i\tj";
    const text = escapeXml(nasty);
    assert.equal(text, "a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf\ufffdg\ufffdh\u{1F600}i\tj");
    const parsed = new XMLParser({ processEntities: true }).parse(`<X>${text}</X>`) as { X: string };
    assert.equal(parsed.X, text);
  });
});
