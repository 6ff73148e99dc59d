import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ensureTlsMaterial } from "./ensure.js";
import { issueInThread } from "./issue-thread.js";
import { serverSanEntries } from "./names.js";

const root = mkdtempSync(join(tmpdir(), "plinth-tls-thread-"));
after(() => rmSync(root, { recursive: true, force: true }));

// This file imports nothing that loads @peculiar/x509 (it is CommonJS: loaded, it is in require's cache).
const x509Loaded = (): boolean => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes("@peculiar/x509"));

describe("issueInThread", () => {
  it("a first start makes its CA and server certificate without loading @peculiar/x509 into the server", async () => {
    const tls = await ensureTlsMaterial({ dataDir: join(root, "first"), serverNames: [] });
    assert.deepEqual(tls.created, { ca: true, server: true });
    const [server, ca] = [new X509Certificate(tls.cert), new X509Certificate(tls.ca)];
    assert.ok(server.verify(ca.publicKey));
    assert.equal(x509Loaded(), false);
  });

  it("a certificate the thread cannot make is a rejection, not a thread left running", async () => {
    const request = { kind: "server", ca: { certPem: "not a certificate", keyPem: "not a key" }, names: serverSanEntries([]), now: new Date() } as const;
    await assert.rejects(issueInThread(request));
  });
});
