import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTlsFloor } from "./tls-floor.js";
import type { JournalFile } from "./tls-floor.js";
import { CHAT_PATH, chatBody, startUpstream } from "./upstream.js";

/**
 * The TLS floor must do what the bench says it does, or the ratio against it means nothing: a
 * TLS handshake with its own CA, the request parsed as JSON (refused when it is not) and the
 * upstream's answer passed back parsed and re-encoded.
 */
function post(url: string, ca: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url + CHAT_PATH);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: "POST", ca, headers: { "content-type": "application/json" } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => { text += d; });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("bench TLS floor", () => {
  it("forwards parsed JSON over TLS and answers the upstream's completion; refuses a body that is not JSON", async (t) => {
    const upstream = await startUpstream();
    t.after(() => { upstream.server.closeAllConnections(); upstream.server.close(); });
    const floor = await startTlsFloor(upstream.url);
    t.after(() => { floor.server.closeAllConnections(); floor.server.close(); });
    const cases = [
      { body: chatBody(false), status: 200, check: (text: string) => assert.equal((JSON.parse(text) as { choices: { message: { content: string } }[] }).choices[0]!.message.content, "Hello there.") },
      { body: "{not json", status: 400, check: (text: string) => assert.match(text, /not JSON/) },
    ];
    for (const c of cases) {
      const answer = await post(floor.url, floor.ca, c.body);
      assert.equal(answer.status, c.status, answer.text);
      c.check(answer.text);
    }
  });

  it("the durable floor answers only once the call's record is in its journal, each record chained to the one before", async (t) => {
    const upstream = await startUpstream();
    t.after(() => { upstream.server.closeAllConnections(); upstream.server.close(); });
    const dir = await mkdtemp(join(tmpdir(), "tls-floor-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const journal = join(dir, "journal");
    const floor = await startTlsFloor(upstream.url, 0, journal);
    t.after(() => { floor.server.closeAllConnections(); floor.server.close(); });
    const lines = async (): Promise<string[]> => (await readFile(journal, "utf8")).split("\n").filter((l) => l !== "");
    for (let n = 1; n <= 3; n++) {
      const answer = await post(floor.url, floor.ca, chatBody(false));
      assert.equal(answer.status, 200, answer.text);
      assert.equal((await lines()).length, n, "the answer came before its record was written");
    }
    // Four at once share commits; each still finds its record written when it is answered.
    await Promise.all([1, 2, 3, 4].map(() => post(floor.url, floor.ca, chatBody(false))));
    const written = await lines();
    assert.equal(written.length, 7);
    let head = Buffer.alloc(32);
    for (const line of written) {
      const [hash, record] = [line.slice(0, 64), line.slice(65)];
      head = createHash("sha256").update(head).update(record).digest();
      assert.equal(hash, head.toString("hex"));
      assert.equal((JSON.parse(record) as { status: number }).status, 200);
    }
  });

  it("the durable floor holds the answer until its record's sync returns", async (t) => {
    const upstream = await startUpstream();
    t.after(() => { upstream.server.closeAllConnections(); upstream.server.close(); });
    let release: () => void = () => undefined;
    const synced = new Promise<void>((resolve) => { release = resolve; });
    const written: Buffer[] = [];
    const file = {
      write: async (b: Buffer) => { written.push(b); return { bytesWritten: b.length, buffer: b }; },
      datasync: () => synced,
    } as unknown as JournalFile;
    const floor = await startTlsFloor(upstream.url, 0, file);
    t.after(() => { floor.server.closeAllConnections(); floor.server.close(); });
    let answered = false;
    const answer = post(floor.url, floor.ca, chatBody(false)).then((a) => { answered = true; return a; });
    while (written.length === 0) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(answered, false, "the answer went out before its record was synced");
    release();
    assert.equal((await answer).status, 200);
  });
});

