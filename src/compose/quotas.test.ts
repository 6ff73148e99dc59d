import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../config/index.js";
import type { Foundation } from "./capability.js";
import { quotasCapability } from "./quotas.js";

const dir = mkdtempSync(join(tmpdir(), "plinth-quotas-compose-"));
const file = join(dir, "plinth.json");
writeFileSync(file, JSON.stringify({ quotas: { requestsPerMinute: 10 } }));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Only what quotasCapability reads of the foundation: the configuration and a logger that keeps its warnings. */
function foundation(databaseUrl: string | undefined, redis: boolean): { foundation: Foundation; warnings: string[] } {
  const warnings: string[] = [];
  const config = loadConfig({ env: {}, file, overrides: { dataDir: dir, ...(databaseUrl ? { databaseUrl } : {}) } });
  const logger = { warn: (...args: unknown[]) => { warnings.push(String(args.at(-1))); } };
  // Redis is not reached at composition: the store only defines its script.
  const link = redis ? { redis: { commands: { defineCommand() {} }, prefix: "p:" } } : {};
  return { foundation: { config, logger, ...link } as unknown as Foundation, warnings };
}

describe("service quotas' composition", () => {
  const cases = [
    { name: "one node on SQLite: no warning", databaseUrl: undefined, redis: false, warned: false },
    { name: "a shared PostgreSQL without Redis: warned that each node counts alone", databaseUrl: "postgres://localhost/plinth", redis: false, warned: true },
    { name: "a shared PostgreSQL with Redis: no warning", databaseUrl: "postgres://localhost/plinth", redis: true, warned: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { foundation: f, warnings } = foundation(c.databaseUrl, c.redis);
      assert.ok(quotasCapability(f) !== undefined);
      assert.equal(warnings.some((w) => /counted per node/.test(w)), c.warned, warnings.join("; "));
    });
  }
});
