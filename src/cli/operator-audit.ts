import { randomUUID } from "node:crypto";
import { hostname, userInfo } from "node:os";
import { link, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Checkpointer, DirectoryAnchor, leafBytes, leafHash, loadOrCreateSigningKey, logOrigin, operatorEvent, operatorNode } from "../audit/index.js";
import type { OperatorAction } from "../audit/index.js";
import type { ResolvedConfig } from "../config/index.js";
import type { Store } from "../store/index.js";

/** What the command says of itself; the rest (time, host, user, account, region) is found here. */
export type OperatorRecord = Omit<OperatorAction, "at" | "region" | "accountId" | "osUser" | "host">;

/**
 * Appends an operator's action to this node's operator log (`<node>.ops`) and signs a checkpoint
 * of that log to the anchor at once, with the data directory's audit key, so `plinth audit
 * verify` and LookupEvents see it like any call. The command holds a lock file while it writes:
 * two offline commands appending to one chain at once would fork its checkpoints.
 */
export async function recordOperatorAction(config: ResolvedConfig, store: Store, action: OperatorRecord): Promise<{ readonly node: string; readonly index: number }> {
  const node = operatorNode(config.audit.node);
  const origin = logOrigin(config.region, node);
  const key = await loadOrCreateSigningKey(config.audit.dir, origin);
  const release = await lock(join(config.audit.dir, "ops.lock"));
  try {
    // An account is made when a data directory first starts; a store no server ever opened has
    // none, and the record then names no account rather than an invented one.
    const accountId = (await store.identity.getManagementAccount())?.accountId ?? "";
    const event = operatorEvent({ ...action, at: new Date(), region: config.region, accountId, osUser: osUser(), host: hostname() });
    const leaf = leafBytes(event);
    // Opened before the append: it signs only when the log grew past what it opened.
    const checkpointer = new Checkpointer(node, origin, store.audit.reader, store.audit.checkpoints, new DirectoryAnchor(config.audit.anchorDir), key.signer, { now: () => new Date() });
    await checkpointer.open();
    const written = await store.audit.appender(node).append(event, leaf, leafHash(leaf));
    await checkpointer.checkpoint();
    return written;
  } finally {
    await release();
  }
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    // A uid with no passwd entry (containers): the number is still who it was.
    return `uid:${process.getuid?.() ?? "unknown"}`;
  }
}

/**
 * An exclusive lock file holding the holder's pid; one left by a process that is gone is taken
 * over. The pid is written to a file of this process's own and linked into place, so the lock
 * never exists without its pid (an empty one would look abandoned).
 */
async function lock(path: string): Promise<() => Promise<void>> {
  const mine = `${path}.${process.pid}.${randomUUID()}`;
  await writeFile(mine, String(process.pid), { mode: 0o600 });
  for (let attempt = 0; ; attempt++) {
    try {
      await link(mine, path);
      await rm(mine, { force: true });
      return () => rm(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
        await rm(mine, { force: true });
        throw e;
      }
      const held = await readFile(path, "utf8").catch(() => undefined);
      // Released between our link and this read: try again.
      if (held === undefined) continue;
      const holder = Number(held);
      if (!alive(holder)) {
        await rm(path, { force: true });
        continue;
      }
      if (attempt >= 100) {
        await rm(mine, { force: true });
        throw new Error(`another plinth command (pid ${holder}) is writing the operator audit log; try again when it has finished`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
