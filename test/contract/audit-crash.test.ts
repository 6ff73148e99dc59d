import { it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openStore } from "../../src/store/index.js";

const CHILD = fileURLToPath(new URL("./audit-crash-child.js", import.meta.url));

/**
 * kill -9 of a process appending to the SQLite audit log loses no acknowledged event: every
 * index the child printed is in the database with the event it printed. (A kill leaves the OS
 * page cache intact; surviving power loss is what synchronous=FULL adds, see audit-batch.test.)
 */
it("kill -9 of an appending process leaves every acknowledged event in the SQLite log", async () => {
  const dir = await fs.mkdtemp(join(tmpdir(), "plinth-audit-crash-"));
  try {
    const child = spawn(process.execPath, [CHILD, dir], { stdio: ["ignore", "pipe", "inherit"] });
    // However the test ends, the child does not outlive it.
    const reap = (): void => { if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL"); };
    process.once("exit", reap);
    const acked = new Map<number, string>();
    let buffered = "";
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    const drained = new Promise<void>((resolve) => child.stdout.on("close", () => resolve()));
    await new Promise<void>((resolve, reject) => {
      child.on("error", reject);
      const timer = setTimeout(() => { reap(); reject(new Error(`only ${acked.size} acknowledgements in 30 s`)); }, 30_000);
      child.stdout.on("data", (chunk: Buffer) => {
        buffered += chunk.toString("utf8");
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        for (const line of lines) {
          const [index, id] = line.split(" ");
          acked.set(Number(index), id!);
        }
        // Kill mid-stream, with appends certainly in flight.
        if (acked.size >= 3000 && child.exitCode === null && child.signalCode === null) {
          clearTimeout(timer);
          child.kill("SIGKILL");
          resolve();
        }
      });
      void exited.then(() => { clearTimeout(timer); resolve(); });
    });
    assert.equal(await exited, "SIGKILL", "the child was killed, not finished");
    // Lines already in the pipe when the kill landed were acknowledged too.
    await drained;
    for (const line of buffered.split("\n").filter(Boolean)) acked.set(Number(line.split(" ")[0]), line.split(" ")[1]!);
    const store = await openStore({ dataDir: dir });
    try {
      const size = await store.audit.reader.size("crash");
      const entries = await store.audit.reader.range("crash", 0, size);
      assert.deepEqual(entries.map((e) => e.index), Array.from({ length: size }, (_, i) => i), "the log has no gaps");
      const missing = [...acked].filter(([index, id]) => entries[index]?.event.eventID !== id);
      assert.deepEqual(missing, [], `${missing.length} of ${acked.size} acknowledged events are missing or different`);
      assert.ok(acked.size >= 3000 && size >= acked.size);
    } finally {
      await store.close();
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
