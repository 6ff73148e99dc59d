import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { connect } from "node:tls";
import type { TLSSocket } from "node:tls";
import { FactsProbe, TEST_LIMITS } from "./listeners.fixture.js";
import { listen } from "./server.js";
import { ensureTlsMaterial } from "./tls/index.js";
import type { GeneratedTlsMaterial } from "./tls/index.js";

/**
 * Closing a listener closes every connection, not only those node tracks: before, a client
 * holding a TLS connection on which it had sent nothing, or only part of a request, kept the
 * server process running after SIGTERM (the fuzz test's shutdown hung on one).
 */
let dir: string;
let tls: GeneratedTlsMaterial;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "plinth-close-"));
  tls = await ensureTlsMaterial({ dataDir: dir, serverNames: [] });
});
after(() => rm(dir, { recursive: true, force: true }));

function open(port: number, ca: string): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, ca, servername: "localhost", ALPNProtocols: ["http/1.1"] }, () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Whether the server ended the connection within `ms`. */
const closedWithin = (socket: TLSSocket, ms: number): Promise<boolean> => new Promise((resolve) => {
  if (socket.closed) return resolve(true);
  const timer = setTimeout(() => resolve(false), ms);
  socket.once("close", () => { clearTimeout(timer); resolve(true); });
});

describe("closing a listener", () => {
  const cases: Array<[string, string]> = [
    ["a TLS connection on which nothing was sent", ""],
    ["a request whose head is incomplete", "POST /model/x/converse HTTP/1.1\r\nHost: x\r\n"],
    ["a request whose body is still arriving", "POST /model/x/converse HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc"],
  ];
  for (const [name, sent] of cases) {
    it(`ends ${name}, at once`, async () => {
      const listener = await listen(new FactsProbe(), { host: "127.0.0.1", port: 0, tls: { key: tls.key, cert: tls.cert }, limits: TEST_LIMITS });
      const socket = await open(listener.port, tls.ca);
      socket.on("error", () => undefined);
      socket.resume(); // an answer left unread would hold back the end of the stream
      if (sent) socket.write(sent);
      await new Promise((r) => setTimeout(r, 50));
      try {
        const ended = closedWithin(socket, 1500);
        await listener.close();
        assert.equal(await ended, true, "the connection was ended");
      } finally {
        socket.destroy();
      }
    });
  }
});
