import { needsTool } from "../../../test/support/tools.js";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes, webcrypto } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { connect, createServer } from "node:tls";
import { ensureTlsMaterial, TLS_FILES, type GeneratedTlsMaterial } from "./index.js";
import {
  BasicConstraintsExtension, ExtendedKeyUsage, ExtendedKeyUsageExtension, PemConverter, SubjectAlternativeNameExtension,
  X509Certificate, X509CertificateGenerator,
} from "./x509.js";

/**
 * What name constraints are for: someone holding the CA's key (a copied data directory) signs
 * a certificate for a name plinth does not serve. Clients that trust the CA must refuse it, in
 * their own TLS stack, while still accepting plinth's real certificate.
 */
const ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

interface Leaf { readonly certPem: string; readonly keyPem: string }

/** A certificate signed with the generated CA's key, as an attacker with that key would make it. */
async function rogueLeaf(caPem: string, caKeyPem: string, subject: string, names: { type: "dns" | "ip"; value: string }[]): Promise<Leaf> {
  const caKey = await webcrypto.subtle.importKey("pkcs8", PemConverter.decodeFirst(caKeyPem), ALGORITHM, false, ["sign"]);
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  const cert = await X509CertificateGenerator.create({
    serialNumber: `4${randomBytes(15).toString("hex")}`, subject, issuer: new X509Certificate(caPem).subject,
    notBefore: new Date(Date.now() - 3_600_000), notAfter: new Date(Date.now() + 86_400_000),
    publicKey: keys.publicKey, signingKey: caKey, signingAlgorithm: ALGORITHM,
    extensions: [
      new BasicConstraintsExtension(false, undefined, true),
      new ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth]),
      ...(names.length === 0 ? [] : [new SubjectAlternativeNameExtension(names)]),
    ],
  }, webcrypto as never);
  return { certPem: cert.toString("pem"), keyPem: PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY") };
}

/** Serves `leaf` (with the CA after it) and connects as a client trusting only the CA. */
async function handshake(leaf: Leaf, ca: string, servername: string): Promise<string> {
  const server = createServer({ key: leaf.keyPem, cert: `${leaf.certPem.trimEnd()}\n${ca}` }, (socket) => socket.end("ok"));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  try {
    return await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port: (server.address() as AddressInfo).port, servername, ca });
      let data = "";
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => { data += chunk; });
      socket.on("end", () => resolve(data));
      socket.on("error", reject);
    });
  } finally {
    server.close();
  }
}

function opensslVerify(ca: string, leaf: string, dir: string): { ok: boolean; output: string } {
  writeFileSync(join(dir, "verify-ca.pem"), ca);
  writeFileSync(join(dir, "verify-leaf.pem"), leaf);
  try {
    const output = execFileSync("openssl", ["verify", "-CAfile", join(dir, "verify-ca.pem"), join(dir, "verify-leaf.pem")], { encoding: "utf8", stdio: "pipe" });
    return { ok: true, output };
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw error;
    return { ok: false, output: `${stdout ?? ""}${stderr ?? ""}` };
  }
}

function hasOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("a certificate for another name, signed with the generated CA's key", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "plinth-tls-rogue-"));
  let material: GeneratedTlsMaterial;
  let caKey: string;
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  before(async () => {
    material = await ensureTlsMaterial({ dataDir, serverNames: ["plinth.internal", "10.1.2.3"] });
    caKey = readFileSync(join(dataDir, "tls", TLS_FILES.caKey), "utf8");
  });

  const VIOLATION = /permitted subtree violation/;

  it("is refused by node's TLS client (OpenSSL) for a DNS name outside the constraints", async () => {
    const rogue = await rogueLeaf(material.ca, caKey, "CN=plinth", [{ type: "dns", value: "bank.example" }]);
    await assert.rejects(handshake(rogue, material.ca, "bank.example"), { message: VIOLATION });
  });

  it("is refused when any of its names is outside, even if the name connected to is inside", async () => {
    const ip = await rogueLeaf(material.ca, caKey, "CN=plinth", [{ type: "dns", value: "localhost" }, { type: "ip", value: "10.9.9.9" }]);
    await assert.rejects(handshake(ip, material.ca, "localhost"), { message: VIOLATION });
    const dns = await rogueLeaf(material.ca, caKey, "CN=plinth", [{ type: "dns", value: "plinth.internal" }, { type: "dns", value: "*.example" }]);
    await assert.rejects(handshake(dns, material.ca, "plinth.internal"), { message: VIOLATION });
  });

  it("is refused with no subjectAltName and the name in its common name (which node would otherwise match)", async () => {
    const rogue = await rogueLeaf(material.ca, caKey, "CN=bank.example", []);
    await assert.rejects(handshake(rogue, material.ca, "bank.example"), { message: VIOLATION });
  });

  it("while plinth's own certificate, and one for a permitted name, are accepted", async () => {
    const own = { certPem: material.cert, keyPem: material.key };
    assert.equal(await handshake(own, material.ca, "plinth.internal"), "ok");
    const permitted = await rogueLeaf(material.ca, caKey, "CN=plinth", [{ type: "dns", value: "plinth.internal" }, { type: "ip", value: "127.0.0.1" }]);
    assert.equal(await handshake(permitted, material.ca, "plinth.internal"), "ok");
  });

  it("fails `openssl verify` against the CA, where plinth's own certificate passes", async (t) => {
    if (!needsTool(t, hasOpenssl(), "the openssl command")) return;
    const rogue = await rogueLeaf(material.ca, caKey, "CN=plinth", [{ type: "dns", value: "bank.example" }]);
    const refused = opensslVerify(material.ca, rogue.certPem, dataDir);
    assert.equal(refused.ok, false);
    assert.match(refused.output, VIOLATION);
    const own = opensslVerify(material.ca, material.cert, dataDir);
    assert.ok(own.ok, own.output);
  });
});
