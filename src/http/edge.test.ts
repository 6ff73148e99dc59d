import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fixedClock } from "../kernel/index.js";
import { Edge } from "./edge.js";
import type { Exchange } from "./exchange.js";

const exchange = (socketAddress: string, headers: Record<string, string> = {}, tls = true): Exchange => ({
  method: "GET", rawTarget: "/", rawPath: "/", rawQuery: "", rawHeaders: [], httpVersion: "2.0",
  header: (n) => headers[n], socketAddress, tls: tls ? { protocol: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384" } : undefined,
  signal: new AbortController().signal, readBody: async () => Buffer.alloc(0), send: () => undefined,
  stream: () => ({ write: async () => undefined, end: () => undefined }),
});

const clock = fixedClock(new Date("2026-11-24T12:00:00Z"));

describe("edge facts", () => {
  const trusting = new Edge({ region: "eu-west-2", trustedProxies: ["10.0.0.0/8", "fd00::/8", "192.0.2.7"], secure: true }, clock);
  const plain = new Edge({ region: "eu-west-2", trustedProxies: [], secure: true }, clock);
  const cases: Array<[string, Edge, string, string | undefined, string]> = [
    ["no proxies configured: X-Forwarded-For is ignored", plain, "203.0.113.9", "198.51.100.1", "203.0.113.9"],
    ["an untrusted peer cannot claim an address", trusting, "203.0.113.9", "198.51.100.1", "203.0.113.9"],
    ["a trusted proxy's forwarded client is believed", trusting, "10.1.2.3", "198.51.100.1", "198.51.100.1"],
    ["a chain is walked back through trusted proxies only", trusting, "10.1.2.3", "6.6.6.6, 198.51.100.1, 10.9.9.9", "198.51.100.1"],
    ["a single trusted address (not a range) counts", trusting, "192.0.2.7", "198.51.100.1", "198.51.100.1"],
    ["IPv6 proxies work too", trusting, "fd12::1", "2001:db8::5", "2001:db8::5"],
    ["junk in the header is skipped", trusting, "10.1.2.3", "not-an-ip, 198.51.100.1", "198.51.100.1"],
    ["a trusted proxy without the header is the client", trusting, "10.1.2.3", undefined, "10.1.2.3"],
  ];
  for (const [name, edge, peer, xff, expected] of cases) {
    it(name, () => {
      const facts = edge.facts(exchange(peer, xff === undefined ? {} : { "x-forwarded-for": xff }));
      assert.equal(facts.sourceIp, expected);
    });
  }

  it("secure transport comes from the socket and the listener, never a header", () => {
    assert.equal(plain.facts(exchange("127.0.0.1", { "x-forwarded-proto": "https" }, false)).secureTransport, false);
    assert.equal(plain.facts(exchange("127.0.0.1")).secureTransport, true);
    const insecureListener = new Edge({ region: "eu-west-2", trustedProxies: [], secure: false }, clock);
    assert.equal(insecureListener.facts(exchange("127.0.0.1")).secureTransport, false);
  });

  it("each request gets its own id and the deployment's region", () => {
    const a = plain.facts(exchange("127.0.0.1"));
    const b = plain.facts(exchange("127.0.0.1"));
    assert.notEqual(a.requestId, b.requestId);
    assert.equal(a.region, "eu-west-2");
  });
});
