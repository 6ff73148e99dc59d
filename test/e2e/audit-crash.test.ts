import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { CANARY_CATALOGUE, CANARY_MODELS as M } from "./canary-setup.js";
import { postgresSkip, TEST_DATABASE_URL } from "../support/postgres.js";
import { startStack } from "./stack.js";
import type { Stack } from "./stack.js";

/**
 * "An event is durable before its response completes": clients call plinth concurrently, plinth
 * is killed with SIGKILL mid-load, and every request a client received an answer to has its
 * event in the database; restarted, plinth finds its log consistent with its last checkpoint,
 * and `plinth audit verify` passes. (That no answer leaves before its event is committed is
 * proven step by step in src/http/pipeline-journal.test.ts and test/contract/audit-crash.test.ts:
 * the window a kill would have to hit here is too narrow to hit reliably.)
 */
function verify(dataDir: string, more: readonly string[] = []): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/plinth.js", "audit", "verify", "--data-dir", dataDir, ...more], { env: { PATH: process.env["PATH"] ?? "" }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => { out += d.toString(); });
    child.stderr.on("data", (d: Buffer) => { out += d.toString(); });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, out }));
  });
}

/** Drives 32 clients until `count` answers arrived, kills the server with SIGKILL the instant the last one does, and returns their request ids. */
async function loadAndKill(stack: Stack, count: number): Promise<string[]> {
  const client = stack.runtime({ http1: true });
  const answered: string[] = [];
  let received: string[] = [];
  let stop = false;
  const worker = async () => {
    while (!stop) {
      try {
        const out = await client.send(new ConverseCommand({ modelId: M.llama, messages: [{ role: "user", content: [{ text: "hi" }] }] }));
        if (stop) return;
        answered.push(out.$metadata.requestId!);
        if (answered.length === count) {
          // Killed the instant an answer arrives, when its event is the likeliest to be in flight.
          process.kill(stack.server.pid, "SIGKILL");
          received = [...answered];
          stop = true;
        }
      } catch {
        return; // the server is gone
      }
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  assert.equal(received.length, count);
  return received;
}

describe("the audit trail under kill -9 (SQLite)", () => {
  let stack: Stack;
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "plinth-audit-crash-"));
    stack = await startStack({ models: CANARY_CATALOGUE, dataDir, loopback: { text: "ok" } });
  });
  after(async () => { await stack?.stop().catch(() => undefined); await rm(dataDir, { recursive: true, force: true }); });

  it("loses no event whose answer a client received, and the log still verifies", async () => {
    const received = await loadAndKill(stack, 300);
    const db = new BetterSqlite3(join(dataDir, "plinth.db"), { readonly: true });
    const stored = new Set((db.prepare("select leaf from audit_events").all() as Array<{ leaf: Buffer }>).map((r) => JSON.parse(r.leaf.toString("utf8")).requestID as string));
    db.close();
    const missing = received.filter((id) => !stored.has(id));
    assert.deepEqual(missing, [], `${missing.length} of ${received.length} answered requests have no event`);

    await stack.stop().catch(() => undefined);
    stack = await startStack({ models: CANARY_CATALOGUE, dataDir, loopback: { text: "ok" } });
    await stack.stop();
    assert.doesNotMatch(stack.server.stdout(), /no longer matches its newest signed checkpoint/);
    const verdict = await verify(dataDir);
    assert.equal(verdict.code, 0, verdict.out);
    assert.match(verdict.out, /node-1: ok/);
  });
});

const PG = TEST_DATABASE_URL;
const noPg = await postgresSkip();

describe("two nodes on one PostgreSQL, one killed mid-load", { skip: noPg }, () => {
  const schema = `plinth_audit_${randomBytes(4).toString("hex")}`;
  const databaseUrl = `${PG}?schema=${schema}`;
  let dataDir: string;
  before(async () => { dataDir = await mkdtemp(join(tmpdir(), "plinth-audit-pg-")); });
  after(async () => {
    const client = new pg.Client({ connectionString: PG });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("keeps one log per node, loses no answered event of the killed node, and verifies both logs", async () => {
    const node = (name: string) => startStack({ models: CANARY_CATALOGUE, dataDir, loopback: { text: "ok" }, server: { databaseUrl }, audit: { node: name } });
    const a = await node("node-a");
    const b = await node("node-b");
    const keys = [a, b].map((s) => /"verifierKey":"([^"]+)"/.exec(s.server.stdout())![1]!);
    await b.runtime().send(new ConverseCommand({ modelId: M.llama, messages: [{ role: "user", content: [{ text: "hi" }] }] }));
    const received = await loadAndKill(a, 200);
    await a.stop().catch(() => undefined);
    await b.stop();

    const client = new pg.Client({ connectionString: PG });
    await client.connect();
    const rows = await client.query(`select node, leaf from "${schema}".audit_events`);
    await client.end();
    const stored = new Set(rows.rows.filter((r) => r.node === "node-a").map((r) => JSON.parse(Buffer.from(r.leaf).toString("utf8")).requestID as string));
    const missing = received.filter((id) => !stored.has(id));
    assert.deepEqual(missing, [], `${missing.length} of ${received.length} answered requests have no event`);
    assert.ok(rows.rows.some((r) => r.node === "node-b"), "node-b wrote its own log");

    const verdict = await verify(dataDir, ["--database-url", databaseUrl, ...keys.flatMap((k) => ["--key", k])]);
    assert.equal(verdict.code, 0, verdict.out);
    assert.match(verdict.out, /node-a: ok/);
    assert.match(verdict.out, /node-b: ok/);
  });
});
