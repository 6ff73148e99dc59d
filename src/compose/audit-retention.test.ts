import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import BetterSqlite3 from "better-sqlite3";
import { pino } from "pino";
import { auditCommand } from "../cli/audit.js";
import { loadConfig } from "../config/index.js";
import type { ResolvedConfig } from "../config/index.js";
import type { SecretBox } from "../crypto/index.js";
import type { ExchangeRecord } from "../http/observe.js";
import { fixedClock } from "../kernel/index.js";
import { openStore } from "../store/index.js";
import { auditCapability } from "./audit.js";

/**
 * Retention as plinth runs it: events recorded days ago, under checkpoints signed then, are
 * pruned when the audit capability starts (the checkpoint timer prunes the same way), and
 * `plinth audit verify` then replays the rest from the frontier, still catching tampering.
 */
const DAY = 86_400_000;
const ACCOUNT = "111122223333";

describe("audit retention through the audit capability and `plinth audit verify`", () => {
  const dirs: string[] = [];
  after(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });

  async function run(dir: string, config: ResolvedConfig, at: Date, events: number): Promise<void> {
    const store = await openStore({ dataDir: dir });
    const audit = await auditCapability({ config, logger: pino({ level: "silent" }), clock: fixedClock(at), store, box: {} as SecretBox, rootBox: {} as SecretBox }, ACCOUNT);
    for (let i = 0; i < events; i++) {
      await audit.journal!.commit({ requestId: randomUUID(), receivedAt: at, sourceIp: "192.0.2.1", listener: "main", region: "eu-west-2", operation: "ListFoundationModels", service: "bedrock", notes: {}, status: 200 } as unknown as ExchangeRecord);
    }
    await audit.close!();
    await store.close();
  }

  async function verify(dir: string, retentionDays: number): Promise<{ code: number; text: string }> {
    const file = join(dir, `config-${retentionDays}.json`);
    await writeFile(file, JSON.stringify({ region: "eu-west-2", audit: { retentionDays } }));
    const lines: string[] = [];
    const code = await auditCommand(["verify", "--data-dir", dir, "--config", file], {}, (l) => lines.push(l));
    return { code, text: lines.join("\n") };
  }

  it("prunes what the retention allows at start, and verify replays the rest from the frontier", async () => {
    const dir = await mkdtemp(join(tmpdir(), "plinth-retention-"));
    dirs.push(dir);
    const base = loadConfig({ env: {}, overrides: { dataDir: dir } });
    const config: ResolvedConfig = { ...base, region: "eu-west-2", audit: { ...base.audit, retentionDays: 2 } };
    const now = new Date();
    await run(dir, config, new Date(now.getTime() - 5 * DAY), 5);  // checkpoint of 5 events, five days ago
    await run(dir, config, new Date(now.getTime() - 1 * DAY), 3);  // checkpoint of 8, yesterday: within the retention
    await run(dir, config, now, 1);                                 // prunes the first 5 at start
    const db = new BetterSqlite3(join(dir, "plinth.db"));
    try {
      const left = db.prepare("select idx from audit_events order by idx").pluck().all();
      assert.deepEqual(left, [5, 6, 7, 8]);
      assert.deepEqual(db.prepare("select node, size from audit_frontiers").all(), [{ node: "node-1", size: 5 }]);
    } finally {
      db.close();
    }

    const good = await verify(dir, 2);
    assert.equal(good.code, 0, good.text);
    assert.match(good.text, /node-1: ok: 9 events, 9 under the newest checkpoint .*the first 5 pruned/);
    // Someone who believes the retention is a week sees events deleted that they should not be.
    const strict = await verify(dir, 7);
    assert.equal(strict.code, 1, strict.text);
    assert.match(strict.text, /were pruned though checkpoint \d+ signed them/);

    // A remaining event rewritten (leaf and all): caught; a forged frontier: caught.
    const tamper = (sql: string, ...args: unknown[]) => { const d = new BetterSqlite3(join(dir, "plinth.db")); try { d.prepare(sql).run(...args); } finally { d.close(); } };
    const leaf = (() => { const d = new BetterSqlite3(join(dir, "plinth.db")); try { return d.prepare("select leaf from audit_events where idx = 6").pluck().get() as Buffer; } finally { d.close(); } })();
    tamper("update audit_events set leaf = ? where idx = 6", Buffer.from(leaf.toString("utf8").replace("192.0.2.1", "192.0.2.9")));
    const rewritten = await verify(dir, 2);
    assert.equal(rewritten.code, 1);
    assert.match(rewritten.text, /node-1: FAILED at index [56]:/);
    tamper("update audit_events set leaf = ? where idx = 6", leaf);
    assert.equal((await verify(dir, 2)).code, 0, "put back, it verifies again");
    tamper("update audit_frontiers set nodes = ? where size = 5", Buffer.alloc(64, 1));
    const forged = await verify(dir, 2);
    assert.equal(forged.code, 1);
    assert.match(forged.text, /node-1: FAILED at index 5: the frontier of the 5 pruned entries does not hash/);
  });
});
