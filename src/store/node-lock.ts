import { randomUUID } from "node:crypto";
import { link, readFile, rm, writeFile } from "node:fs/promises";

/**
 * An exclusive lock file naming its holder (`pid token`), for one writer of a node's audit log
 * in an embedded database. A lock whose holder is gone is taken over: its pid no longer runs,
 * is this very process (a container restarted with the same pid), or (where /proc says) runs
 * something that is not Node.js. Resolves with the release, or with the holder's pid.
 */
export async function takeLock(path: string): Promise<{ readonly release: () => Promise<void> } | { readonly heldBy: number }> {
  const token = `${process.pid} ${randomUUID()}`;
  const mine = `${path}.${process.pid}.${randomUUID()}`;
  // Written first and linked into place: the lock never exists without its holder.
  await writeFile(mine, token, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        await link(mine, path);
        return {
          release: async () => {
            if ((await readFile(path, "utf8").catch(() => undefined)) === token) await rm(path, { force: true });
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const held = await readFile(path, "utf8").catch(() => undefined);
      if (held === undefined) continue; // released meanwhile
      const holder = Number(held.split(" ")[0]);
      if (await running(holder)) return { heldBy: holder };
      await rm(path, { force: true });
    }
    throw new Error(`could not take the lock ${path}`);
  } finally {
    await rm(mine, { force: true });
  }
}

async function running(pid: number): Promise<boolean> {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  // A pid reused by something else since (a reboot, a container): not a holder.
  const command = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => undefined);
  return command === undefined || /node|plinth/.test(command);
}
