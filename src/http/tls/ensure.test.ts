import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { webcrypto, X509Certificate } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fixedClock } from "../../kernel/index.js";
import { ensureTlsMaterial, TLS_FILES } from "./index.js";
import { issueServerCert, type CertificateAndKey } from "./issue.js";
import { serverSanEntries } from "./names.js";
import { BasicConstraintsExtension, KeyUsageFlags, KeyUsagesExtension, PemConverter, X509CertificateGenerator } from "./x509.js";

const root = mkdtempSync(join(tmpdir(), "plinth-tls-"));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const freshDataDir = () => join(root, `d${counter++}`);
const mode = (path: string) => statSync(path).mode & 0o777;
const DAY = 86_400_000;

/** The certificates in a PEM chain, in order. */
function chain(pem: string): X509Certificate[] {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((c) => new X509Certificate(c));
}

/** A CA as plinth made them before name constraints: ten years, no NameConstraints. */
async function legacyCa(now: Date): Promise<CertificateAndKey> {
  const algorithm = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ["sign", "verify"]);
  const cert = await X509CertificateGenerator.createSelfSigned({
    serialNumber: "4a01", name: "CN=plinth local CA", keys, signingAlgorithm: algorithm,
    notBefore: new Date(now.getTime() - 3_600_000), notAfter: new Date(now.getTime() + 3650 * DAY),
    extensions: [new BasicConstraintsExtension(true, 0, true), new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true)],
  }, webcrypto as never);
  const keyPem = PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY");
  return { certPem: cert.toString("pem"), keyPem };
}

describe("ensureTlsMaterial", () => {
  it("on first start creates <dataDir>/tls (0700) with a CA and a server certificate, keys 0600", async () => {
    const dataDir = freshDataDir();
    const material = await ensureTlsMaterial({ dataDir, serverNames: [] });
    const dir = join(dataDir, "tls");
    assert.equal(mode(dir), 0o700);
    assert.equal(mode(join(dir, TLS_FILES.caKey)), 0o600);
    assert.equal(mode(join(dir, TLS_FILES.serverKey)), 0o600);
    assert.equal(material.caPath, join(dir, "ca.pem"));
    assert.equal(material.ca, readFileSync(join(dir, "ca.pem"), "utf8"));
    assert.equal(material.key, readFileSync(join(dir, "server-key.pem"), "utf8"));
    assert.match(material.key, /^-----BEGIN PRIVATE KEY-----/);
    assert.equal(material.generated, true);
    assert.deepEqual(material.created, { ca: true, server: true });
  });

  it("the CA and server certificates carry the required profile", async () => {
    const now = new Date("2026-11-24T12:00:00Z");
    const material = await ensureTlsMaterial({ dataDir: freshDataDir(), serverNames: ["plinth.internal", "10.1.2.3", "FD00::0:1"], clock: fixedClock(now) });
    const [server, ca, extra] = chain(material.cert);
    assert.ok(server && ca && extra === undefined, "the chain is server then CA");
    assert.equal(ca.toString(), new X509Certificate(material.ca).toString());

    assert.equal(ca.subject, "CN=plinth local CA");
    assert.equal(ca.ca, true);
    assert.ok(ca.checkIssued(ca) && ca.verify(ca.publicKey), "the CA is self-signed");
    assert.equal(ca.publicKey.asymmetricKeyDetails?.namedCurve, "prime256v1");
    assert.equal(Date.parse(ca.validTo) - now.getTime(), 365 * DAY, "the CA lives a year");
    assert.equal(material.caExpires.getTime(), Date.parse(ca.validTo));

    assert.equal(server.subject, "CN=plinth");
    assert.equal(server.ca, false);
    assert.ok(server.checkIssued(ca) && server.verify(ca.publicKey), "the server certificate is signed by the CA");
    assert.equal(server.publicKey.asymmetricKeyDetails?.namedCurve, "prime256v1");
    assert.deepEqual(server.keyUsage, ["1.3.6.1.5.5.7.3.1"], "extKeyUsage is serverAuth only");
    assert.equal(Date.parse(server.validTo) - now.getTime(), 90 * DAY, "the server certificate lives 90 days");
    assert.ok(Date.parse(server.validFrom) < now.getTime(), "valid from slightly before now, for slow client clocks");
    assert.equal(server.subjectAltName,
      "DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:plinth.internal, IP Address:10.1.2.3, IP Address:FD00:0:0:0:0:0:0:1");
    assert.notEqual(server.serialNumber, ca.serialNumber);
    assert.ok(server.serialNumber.length >= 32, "serials are 128 random bits");
  });

  it("reuses the material on later starts", async () => {
    const dataDir = freshDataDir();
    const first = await ensureTlsMaterial({ dataDir, serverNames: ["plinth.internal"] });
    const second = await ensureTlsMaterial({ dataDir, serverNames: ["PLINTH.internal"] });
    assert.deepEqual(second.created, { ca: false, server: false });
    assert.equal(second.cert, first.cert);
    assert.equal(second.key, first.key);
  });

  it("reuses a certificate with IPv6, wildcard and IPv4 names however they were spelled", async () => {
    const dataDir = freshDataDir();
    await ensureTlsMaterial({ dataDir, serverNames: ["fe80::1", "*.svc.example", "10.0.0.1"] });
    const again = await ensureTlsMaterial({ dataDir, serverNames: ["FE80:0:0:0:0:0:0:1", "*.SVC.example", "10.0.0.1"] });
    assert.deepEqual(again.created, { ca: false, server: false });
  });

  it("a later start that reuses its material loads no X.509 library", async () => {
    const dataDir = freshDataDir();
    await ensureTlsMaterial({ dataDir, serverNames: [] });
    // A fresh process: this one has loaded the library to make certificates already.
    const script = `
      import { createRequire } from "node:module";
      const { ensureTlsMaterial } = await import(${JSON.stringify(new URL("./index.js", import.meta.url).href)});
      const made = await ensureTlsMaterial({ dataDir: ${JSON.stringify(dataDir)}, serverNames: [] });
      const loaded = Object.keys(createRequire(import.meta.url).cache).some((p) => p.includes("@peculiar"));
      console.log(JSON.stringify({ created: made.created, loaded }));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    assert.deepEqual(JSON.parse(out), { created: { ca: false, server: false }, loaded: false });
  });

  it("a new or removed name replaces the CA, whose constraints must match the names, and the server certificate", async () => {
    const dataDir = freshDataDir();
    const first = await ensureTlsMaterial({ dataDir, serverNames: [] });
    const second = await ensureTlsMaterial({ dataDir, serverNames: ["gateway.example"] });
    assert.deepEqual(second.created, { ca: true, server: true });
    assert.equal(second.replacedCa, "names-changed");
    assert.notEqual(second.ca, first.ca);
    assert.notEqual(second.key, first.key);
    assert.match(chain(second.cert)[0]?.subjectAltName ?? "", /DNS:gateway\.example/);
    assert.ok(chain(second.cert)[0]?.verify(new X509Certificate(second.ca).publicKey));
    const third = await ensureTlsMaterial({ dataDir, serverNames: [] });
    assert.deepEqual(third.created, { ca: true, server: true }, "removing a name replaces both too");
    assert.equal(third.replacedCa, "names-changed");
  });

  it("replaces a CA made without name constraints (by an older plinth), with its server certificate", async () => {
    const dataDir = freshDataDir();
    const now = new Date();
    const legacy = await legacyCa(now);
    const legacyServer = await issueServerCert(legacy, serverSanEntries([]), now);
    mkdirSync(join(dataDir, "tls"), { recursive: true, mode: 0o700 });
    writeFileSync(join(dataDir, "tls", TLS_FILES.ca), legacy.certPem);
    writeFileSync(join(dataDir, "tls", TLS_FILES.caKey), legacy.keyPem, { mode: 0o600 });
    writeFileSync(join(dataDir, "tls", TLS_FILES.server), legacyServer.certPem);
    writeFileSync(join(dataDir, "tls", TLS_FILES.serverKey), legacyServer.keyPem, { mode: 0o600 });

    const material = await ensureTlsMaterial({ dataDir, serverNames: [] });
    assert.deepEqual(material.created, { ca: true, server: true });
    assert.equal(material.replacedCa, "unconstrained");
    assert.notEqual(material.ca, legacy.certPem);
    assert.notEqual(material.key, legacyServer.keyPem);
    assert.ok(chain(material.cert)[0]?.verify(new X509Certificate(material.ca).publicKey));
    const again = await ensureTlsMaterial({ dataDir, serverNames: [] });
    assert.deepEqual(again.created, { ca: false, server: false });
    assert.equal(again.replacedCa, undefined);
  });

  it("reissues the server certificate (not the CA) when fewer than 60 days remain", async () => {
    const dataDir = freshDataDir();
    const start = new Date("2026-01-01T00:00:00Z");
    const first = await ensureTlsMaterial({ dataDir, serverNames: [], clock: fixedClock(start) });
    const later = await ensureTlsMaterial({ dataDir, serverNames: [], clock: fixedClock(new Date(start.getTime() + 25 * DAY)) });
    assert.deepEqual(later.created, { ca: false, server: false }, "65 days left: kept");
    const near = await ensureTlsMaterial({ dataDir, serverNames: [], clock: fixedClock(new Date(start.getTime() + 35 * DAY)) });
    assert.deepEqual(near.created, { ca: false, server: true }, "55 days left: reissued");
    assert.equal(near.ca, first.ca);
    assert.equal(Date.parse(chain(near.cert)[0]!.validTo) - (start.getTime() + 35 * DAY), 90 * DAY);
  });

  it("near the CA's end, the server certificate ends with the CA and is kept; then both are replaced", async () => {
    const dataDir = freshDataDir();
    const start = new Date("2026-01-01T00:00:00Z");
    const at = (days: number) => fixedClock(new Date(start.getTime() + days * DAY));
    const first = await ensureTlsMaterial({ dataDir, serverNames: [], clock: at(0) });
    const late = await ensureTlsMaterial({ dataDir, serverNames: [], clock: at(300) });
    assert.deepEqual(late.created, { ca: false, server: true });
    assert.equal(chain(late.cert)[0]!.validTo, new X509Certificate(late.ca).validTo, "cut short by the CA");
    const later = await ensureTlsMaterial({ dataDir, serverNames: [], clock: at(310) });
    assert.deepEqual(later.created, { ca: false, server: false }, "55 days left, but as many as the CA allows: kept");
    const end = await ensureTlsMaterial({ dataDir, serverNames: [], clock: at(340) });
    assert.deepEqual(end.created, { ca: true, server: true }, "25 days left on the CA: replaced");
    assert.equal(end.replacedCa, "expiring");
    assert.notEqual(end.ca, first.ca);
  });

  it("replaces a server key that does not match its certificate, and a damaged CA", async () => {
    const dataDir = freshDataDir();
    const first = await ensureTlsMaterial({ dataDir, serverNames: [] });
    writeFileSync(join(dataDir, "tls", TLS_FILES.serverKey), readFileSync(join(dataDir, "tls", TLS_FILES.caKey)));
    const second = await ensureTlsMaterial({ dataDir, serverNames: [] });
    assert.deepEqual(second.created, { ca: false, server: true });
    writeFileSync(join(dataDir, "tls", TLS_FILES.ca), "not a certificate");
    const third = await ensureTlsMaterial({ dataDir, serverNames: [] });
    assert.deepEqual(third.created, { ca: true, server: true });
    assert.equal(third.replacedCa, "unreadable");
    assert.notEqual(third.ca, first.ca);
    assert.ok(chain(third.cert)[0]?.verify(new X509Certificate(third.ca).publicKey));
  });

  it("tightens a loosened directory", async () => {
    const dataDir = freshDataDir();
    await ensureTlsMaterial({ dataDir, serverNames: [] });
    chmodSync(join(dataDir, "tls"), 0o755);
    await ensureTlsMaterial({ dataDir, serverNames: [] });
    assert.equal(mode(join(dataDir, "tls")), 0o700);
  });

  it("refuses a server name that is neither a DNS name nor an IP", async () => {
    await assert.rejects(ensureTlsMaterial({ dataDir: freshDataDir(), serverNames: ["ok.example", "bad name"] }), {
      name: "Fault",
      message: /serverNames\[1\]/,
    });
  });
});
