import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpsServer, get } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { connect, createServer, type Server } from "node:tls";
import { ensureTlsMaterial, type GeneratedTlsMaterial } from "./index.js";

describe("a TLS server using the generated material", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "plinth-tls-handshake-"));
  let material: GeneratedTlsMaterial;
  let server: Server;
  let port: number;

  before(async () => {
    material = await ensureTlsMaterial({ dataDir, serverNames: ["plinth.internal"] });
    server = createServer({ key: material.key, cert: material.cert }, (socket) => socket.end("ok"));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Connects to 127.0.0.1, verifying the certificate for `servername` (or the IP when undefined). */
  function handshake(servername: string | undefined, ca: string | undefined): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port, ...(servername === undefined ? {} : { servername }), ...(ca === undefined ? {} : { ca }) });
      let data = "";
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => { data += chunk; });
      socket.on("end", () => resolve(data));
      socket.on("error", (error: NodeJS.ErrnoException) => reject(error));
    });
  }

  it("is trusted for localhost by a client given ca.pem", async () => {
    assert.equal(await handshake("localhost", material.ca), "ok");
  });

  it("is trusted for 127.0.0.1 (IP SAN, no SNI)", async () => {
    assert.equal(await handshake(undefined, material.ca), "ok");
  });

  it("is trusted for a name from serverNames, sent as SNI", async () => {
    assert.equal(await handshake("plinth.internal", material.ca), "ok");
  });

  it("an https server with it answers an https client given ca.pem", async () => {
    const https = createHttpsServer({ key: material.key, cert: material.cert }, (_req, res) => res.end("hello"));
    https.listen(0, "127.0.0.1");
    await once(https, "listening");
    try {
      const { port: httpsPort } = https.address() as AddressInfo;
      const body = await new Promise<string>((resolve, reject) => {
        get({ host: "127.0.0.1", port: httpsPort, servername: "localhost", ca: material.ca, agent: false }, (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => { text += chunk; });
          res.on("end", () => resolve(text));
        }).on("error", reject);
      });
      assert.equal(body, "hello");
    } finally {
      https.close();
      https.closeAllConnections();
    }
  });

  it("is not trusted without the CA", async () => {
    await assert.rejects(handshake("localhost", undefined), { code: "SELF_SIGNED_CERT_IN_CHAIN" });
  });

  it("is not trusted for a name it does not carry", async () => {
    await assert.rejects(handshake("other.internal", material.ca), { code: "ERR_TLS_CERT_ALTNAME_INVALID" });
  });
});
