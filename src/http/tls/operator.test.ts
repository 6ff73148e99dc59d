import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { isFault } from "../../kernel/index.js";
import { ensureTlsMaterial, loadOperatorTls, TLS_FILES } from "./index.js";

describe("loadOperatorTls", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "plinth-tls-operator-"));
  const tls = join(dataDir, "tls");
  const cert = join(tls, TLS_FILES.server);
  const key = join(tls, TLS_FILES.serverKey);
  const ca = join(tls, TLS_FILES.ca);
  before(() => ensureTlsMaterial({ dataDir, serverNames: [] }));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  const refusedWith = (field: string, message: string) => (error: unknown) =>
    isFault(error) && error.kind === "validation" && error.detail.field === field && error.message === `${field}: ${message}`;

  it("reads the operator's certificate, key and CA", async () => {
    const material = await loadOperatorTls({ certFile: cert, keyFile: key, caFile: ca });
    assert.equal(material.generated, false);
    assert.match(material.cert, /^-----BEGIN CERTIFICATE-----/);
    assert.match(material.key, /^-----BEGIN PRIVATE KEY-----/);
    assert.equal(material.caPath, ca);
    assert.match(material.ca ?? "", /^-----BEGIN CERTIFICATE-----/);
  });

  it("the CA is optional", async () => {
    const material = await loadOperatorTls({ certFile: cert, keyFile: key });
    assert.equal(material.ca, undefined);
    assert.equal(material.caPath, undefined);
  });

  it("an unreadable file is refused naming its field", async () => {
    const absent = join(tls, "absent.pem");
    await assert.rejects(loadOperatorTls({ certFile: absent, keyFile: key }), refusedWith("server.tls.certFile", `cannot read file ${absent} (ENOENT)`));
    await assert.rejects(loadOperatorTls({ certFile: cert, keyFile: absent }), refusedWith("server.tls.keyFile", `cannot read file ${absent} (ENOENT)`));
    await assert.rejects(loadOperatorTls({ certFile: cert, keyFile: key, caFile: absent }), refusedWith("server.tls.caFile", `cannot read file ${absent} (ENOENT)`));
  });

  it("files that are not PEM, or a key of another certificate, are refused", async () => {
    const junk = join(tls, "junk.pem");
    writeFileSync(junk, "-----BEGIN PRIVATE KEY-----\nsecret-looking-bytes\n-----END PRIVATE KEY-----\n");
    await assert.rejects(loadOperatorTls({ certFile: junk, keyFile: key }), refusedWith("server.tls.certFile", "is not a PEM certificate"));
    await assert.rejects(loadOperatorTls({ certFile: cert, keyFile: junk }), (error: unknown) =>
      refusedWith("server.tls.keyFile", "is not a PEM private key")(error) && !(error as Error).message.includes("secret-looking"));
    await assert.rejects(loadOperatorTls({ certFile: cert, keyFile: join(tls, TLS_FILES.caKey) }),
      refusedWith("server.tls.keyFile", "does not match the certificate in server.tls.certFile"));
    await assert.rejects(loadOperatorTls({ certFile: cert, keyFile: key, caFile: key }), refusedWith("server.tls.caFile", "is not a PEM certificate"));
  });
});
