import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { Agent, request } from "node:http";
import { createServer } from "node:https";
import type { Server } from "node:https";
import type { AddressInfo } from "node:net";
import { createCa, issueServerCert } from "../src/http/tls/issue.js";

/**
 * The TLS floor of issue 13: the least a gateway that reads what it forwards must do. HTTPS in
 * (an ECDSA P-256 certificate from a local CA, as plinth's), the request body parsed as JSON and
 * encoded again, sent to the upstream over a keep-alive node:http agent, the answer parsed and
 * encoded again. No authentication, no policy, no audit: plinth ÷ this is what plinth's own
 * pipeline costs beyond the unavoidable hop.
 *
 * With `journal` (a file path) it is the durable floor: before an answer is sent, a small record
 * of the call (time, method, path, status, sizes; hash-chained to the one before) is appended to
 * that file and fdatasync'd, by group commit (one write + sync in flight; records that arrive
 * meanwhile go together in the next). That is the least a gateway that keeps a durable record of
 * every call before answering must do, as plinth's audit trail does; at one connection it is the
 * honest floor for plinth's latency on the same disk.
 */
export async function startTlsFloor(upstream: string, port = 0, journal?: string | JournalFile): Promise<{ server: Server; url: string; ca: string }> {
  const now = new Date();
  const ca = await createCa(now, [{ type: "ip", address: "127.0.0.1", prefix: 32 }]);
  const leaf = await issueServerCert(ca, [{ type: "ip", value: "127.0.0.1" }], now);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(upstream);
  const durable = journal === undefined ? undefined : new DurableJournal(typeof journal === "string" ? await open(journal, "a") : journal);
  const server = createServer({ key: leaf.keyPem, cert: leaf.certPem, minVersion: "TLSv1.2" }, (req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (d: Buffer) => parts.push(d));
    req.on("end", () => {
      let body: string;
      try {
        body = JSON.stringify(JSON.parse(Buffer.concat(parts).toString("utf8")));
      } catch {
        res.writeHead(400, { "content-type": "application/json" }).end('{"message":"not JSON"}');
        return;
      }
      const headers: Record<string, string> = { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) };
      if (req.headers.authorization) headers["authorization"] = req.headers.authorization;
      const out = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, agent, headers }, (answer) => {
        const back: Buffer[] = [];
        answer.on("data", (d: Buffer) => back.push(d));
        answer.on("end", () => {
          let encoded: string;
          try {
            encoded = JSON.stringify(JSON.parse(Buffer.concat(back).toString("utf8")));
          } catch {
            res.writeHead(502).end();
            return;
          }
          const status = answer.statusCode ?? 502;
          const send = (): void => void res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(encoded) }).end(encoded);
          if (durable === undefined) return send();
          durable.append(JSON.stringify({ time: new Date().toISOString(), method: req.method, path: req.url, status, in: body.length, out: encoded.length }))
            .then(send, () => { res.writeHead(503).end(); });
        });
        answer.on("error", () => res.destroy());
      });
      out.on("error", () => { if (!res.headersSent) res.writeHead(502).end(); else res.destroy(); });
      out.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, ca: ca.certPem };
}

/** What the durable floor's journal writes to: a file opened for appending (a test's stand-in can hold the sync). */
export type JournalFile = Pick<FileHandle, "write" | "datasync">;

/** Group-committed, fdatasync'd appends of hash-chained lines (the durable floor's journal). */
class DurableJournal {
  readonly #file: JournalFile;
  #head = Buffer.alloc(32);
  #queue: { line: Buffer; done: () => void; failed: (e: unknown) => void }[] = [];
  #busy = false;

  constructor(file: JournalFile) {
    this.#file = file;
  }

  append(record: string): Promise<void> {
    this.#head = createHash("sha256").update(this.#head).update(record).digest();
    const line = Buffer.from(`${this.#head.toString("hex")} ${record}\n`);
    return new Promise((done, failed) => {
      this.#queue.push({ line, done, failed });
      if (!this.#busy) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#busy = true;
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0);
      try {
        await this.#file.write(Buffer.concat(batch.map((b) => b.line)));
        await this.#file.datasync();
        for (const b of batch) b.done();
      } catch (error) {
        for (const b of batch) b.failed(error);
      }
    }
    this.#busy = false;
  }
}
