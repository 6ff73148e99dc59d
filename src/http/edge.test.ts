import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { fixedClock } from "../kernel/index.js";
import { addressList, clientCertificateFacts, Edge, inList, rfc2253 } from "./edge.js";
import type { ConnectionFacts, ListenerExchange } from "./edge.js";
import type { Exchange } from "./exchange.js";
import { createClientCa } from "./listeners.fixture.js";

const exchange = (socketAddress: string, headers: Record<string, string> = {}, tls = true): Exchange => ({
  method: "GET", rawTarget: "/", rawPath: "/", rawQuery: "", rawHeaders: [], httpVersion: "2.0",
  header: (n) => headers[n], socketAddress, tls: tls ? { protocol: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384" } : undefined,
  signal: new AbortController().signal, clientGone: new AbortController().signal, readBody: async () => Buffer.alloc(0), send: () => undefined,
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
    ["junk beyond the client is never reached", trusting, "10.1.2.3", "not-an-ip, 198.51.100.1", "198.51.100.1"],
    // Proxies that write ports: the hop is the client, not something skipped to reach an address the client chose.
    ["an IPv4 hop with a port is the address", trusting, "10.1.2.3", "6.6.6.6, 198.51.100.1:4711", "198.51.100.1"],
    ["a bracketed IPv6 hop with a port is the address", trusting, "10.1.2.3", "6.6.6.6, [2001:db8::5]:443", "2001:db8::5"],
    ["a bracketed IPv6 hop without a port is the address", trusting, "10.1.2.3", "6.6.6.6, [2001:db8::5]", "2001:db8::5"],
    ["a trusted hop with a port is walked through", trusting, "10.1.2.3", "6.6.6.6, 198.51.100.1, 10.9.9.9:8080", "198.51.100.1"],
    ["an IPv4-mapped hop is the IPv4 address", trusting, "10.1.2.3", "::ffff:198.51.100.1", "198.51.100.1"],
    // A hop that is no address stops the walk: nothing written beyond it is believed.
    ["junk nearest the proxy leaves the proxy as the source", trusting, "10.1.2.3", "198.51.100.1, unknown", "10.1.2.3"],
    ["junk behind a trusted hop leaves that hop as the source", trusting, "10.1.2.3", "6.6.6.6, proxy.example, 10.9.9.9", "10.9.9.9"],
    ["a bracketed IPv4 address is not a form proxies write", trusting, "10.1.2.3", "6.6.6.6, [198.51.100.1]", "10.1.2.3"],
    ["an address with a zone is refused", trusting, "10.1.2.3", "6.6.6.6, fe80::1%eth0", "10.1.2.3"],
    ["an empty hop stops the walk", trusting, "10.1.2.3", "6.6.6.6, ", "10.1.2.3"],
    ["every hop trusted: the farthest is the client", trusting, "10.1.2.3", "10.7.7.7, 10.8.8.8", "10.7.7.7"],
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

describe("edge facts: listeners and private endpoints", () => {
  const edge = new Edge({ region: "eu-west-2", trustedProxies: ["10.0.0.0/8"], secure: true }, clock);
  const on = (connection: ConnectionFacts, peer = "192.0.2.10", headers: Record<string, string> = {}): ListenerExchange =>
    ({ ...exchange(peer, headers), connection });
  const vpce = "vpce-0a1b2c3d4e5f67890";

  it("an exchange from no listener is on the unnamed default one, public", () => {
    const facts = edge.facts(exchange("192.0.2.10"));
    assert.equal(facts.listener, "default");
    assert.equal("sourceVpce" in facts, false);
    assert.equal("vpcSourceIp" in facts, false);
  });

  it("a public listener names itself and carries no private-endpoint facts", () => {
    const facts = edge.facts(on({ listener: "public" }));
    assert.equal(facts.listener, "public");
    assert.equal(facts.sourceIp, "192.0.2.10");
    assert.equal("sourceVpce" in facts, false);
    assert.equal("vpcSourceIp" in facts, false);
    assert.equal("clientCertificate" in facts, false);
  });

  it("a private listener carries its endpoint id, and the address as the VPC source address", () => {
    const facts = edge.facts(on({ listener: "vpc", sourceVpce: vpce }));
    assert.equal(facts.listener, "vpc");
    assert.equal(facts.sourceVpce, vpce);
    assert.equal(facts.vpcSourceIp, "192.0.2.10");
    assert.equal(facts.sourceIp, facts.vpcSourceIp, "the logged address and the VPC address are one");
  });

  it("behind a trusted proxy on a private listener, the VPC source address is the forwarded client", () => {
    const facts = edge.facts(on({ listener: "vpc", sourceVpce: vpce }, "10.1.2.3", { "x-forwarded-for": "10.20.30.40" }));
    assert.equal(facts.vpcSourceIp, "10.20.30.40");
  });

  it("a private-endpoint header from a client changes nothing: only the listener decides", () => {
    const facts = edge.facts(on({ listener: "public" }, "192.0.2.10", { "x-amz-source-vpce": vpce, "x-amzn-vpce-id": vpce }));
    assert.equal("sourceVpce" in facts, false);
  });

  it("the verified client certificate travels with the request", () => {
    const clientCertificate = { subject: "CN=alice,O=Example", issuer: "CN=Test CA", fingerprint256: "AB:CD", serialNumber: "01" };
    assert.deepEqual(edge.facts(on({ listener: "mtls", clientCertificate })).clientCertificate, clientCertificate);
  });
});

describe("client certificate facts", () => {
  it("names are RFC 2253: most specific first, commas, escapes kept, multi-valued RDNs joined with +", () => {
    assert.equal(rfc2253("C=GB\nO=Example\\, Ltd\nOU=ML + CN=client one"), "OU=ML+CN=client one,O=Example\\, Ltd,C=GB");
    assert.equal(rfc2253("CN=plinth"), "CN=plinth");
  });

  it("come from the certificate itself: subject, issuer, SHA-256 fingerprint and serial as OpenSSL prints them", async () => {
    // Written in certificate (DER) order, country or organisation first, as OpenSSL's -subj takes it.
    const ca = await createClientCa("O=Example\\, Ltd, CN=Test Client CA");
    const pair = await ca.issue("O=Example, OU=ML, CN=alice");
    const cert = new X509Certificate(pair.certPem);
    const facts = clientCertificateFacts(cert);
    assert.equal(facts.subject, "CN=alice,OU=ML,O=Example");
    assert.equal(facts.issuer, "CN=Test Client CA,O=Example\\, Ltd");
    assert.match(facts.fingerprint256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.equal(facts.fingerprint256, cert.fingerprint256);
    assert.match(facts.serialNumber, /^[0-9A-F]+$/);
    assert.equal(facts.serialNumber, cert.serialNumber.toUpperCase());
  });

  it("a control character in a name cannot split it into a forged attribute", async () => {
    const ca = await createClientCa("CN=Test Client CA");
    const cert = new X509Certificate((await ca.issue("CN=mallory\\0AO=Trusted Org")).certPem);
    const facts = clientCertificateFacts(cert);
    assert.equal(facts.subject.includes("\n"), false);
    assert.equal(facts.subject.split(",").length, 1, facts.subject);
  });
});

describe("address lists", () => {
  const list = addressList(["127.0.0.2/32", "10.0.0.0/8", "fd00::/8", "192.0.2.7"]);
  const cases: Array<[string, boolean]> = [
    ["127.0.0.2", true], ["127.0.0.1", false], ["10.200.0.1", true], ["192.0.2.7", true], ["192.0.2.8", false],
    ["fd12::1", true], ["2001:db8::1", false],
    // A dual-stack socket reports an IPv4 peer in mapped form: it is matched as IPv4.
    ["::ffff:10.1.1.1", true], ["::ffff:127.0.0.1", false], ["", false], ["not-an-address", false],
  ];
  for (const [address, expected] of cases) {
    it(`${address || "(empty)"} is ${expected ? "in" : "not in"} the list`, () => assert.equal(inList(list, address), expected));
  }
});
