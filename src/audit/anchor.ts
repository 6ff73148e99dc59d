import { mkdir, open, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { Fault, invalid } from "../kernel/index.js";
import { parseCheckpoint } from "./checkpoint.js";
import type { StoredCheckpoint } from "./log.js";

/**
 * A copy of every checkpoint outside the database. Someone who can rewrite the database can also
 * rewrite the checkpoints stored beside it (and truncate both); they cannot quietly rewrite what
 * was already handed to an anchor. An anchor only ever adds.
 */
export interface CheckpointAnchor {
  write(checkpoint: StoredCheckpoint): Promise<void>;
  /** The node's checkpoints, oldest first. */
  list(node: string): Promise<StoredCheckpoint[]>;
  /** Whether the anchor holds exactly this note (without listing every checkpoint). */
  holds(checkpoint: StoredCheckpoint): Promise<boolean>;
}

const SIZE_DIGITS = 16;

function nodeDir(dir: string, node: string): string {
  // The node id becomes a directory name: nothing that could climb out of the anchor.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(node)) throw invalid("node", "must be letters, digits, '.', '_' or '-'");
  return join(dir, node);
}

/**
 * Files `<dir>/<node>/<size, zero-padded>-<time>.note`, created exclusively and fsynced (with
 * their directory), never overwritten; the names sort in log order. The directory can be a mount
 * another party controls (a WORM share, a synced bucket).
 */
export class DirectoryAnchor implements CheckpointAnchor {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  async write(checkpoint: StoredCheckpoint): Promise<void> {
    const { dir, name, path } = this.#place(checkpoint);
    await mkdir(dir, { recursive: true, mode: 0o755 });
    let handle;
    try {
      handle = await open(path, "wx", 0o644);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      // A retry after a crash may write the same note again; anything else is a rewrite attempt.
      if ((await readFile(path, "utf8")) === checkpoint.note) return;
      throw new Fault("conflict", `the anchor already holds a different checkpoint ${name} for ${checkpoint.node}`);
    }
    try {
      await handle.writeFile(checkpoint.note, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await syncDir(dir);
  }

  async holds(checkpoint: StoredCheckpoint): Promise<boolean> {
    const { path } = this.#place(checkpoint);
    try {
      return (await readFile(path, "utf8")) === checkpoint.note;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw e;
    }
  }

  #place(checkpoint: StoredCheckpoint): { dir: string; name: string; path: string } {
    const dir = nodeDir(this.#dir, checkpoint.node);
    const parsed = parseCheckpoint(checkpoint.note);
    if (parsed.size !== checkpoint.size) throw invalid("checkpoint.size", "does not match the note");
    const name = `${String(parsed.size).padStart(SIZE_DIGITS, "0")}-${parsed.time.toISOString().replace(/[:.]/g, "")}.note`;
    return { dir, name, path: join(dir, name) };
  }

  async list(node: string): Promise<StoredCheckpoint[]> {
    const dir = nodeDir(this.#dir, node);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw e;
    }
    const out: StoredCheckpoint[] = [];
    for (const name of names.filter((n) => n.endsWith(".note")).sort()) {
      const note = await readFile(join(dir, name), "utf8");
      // Size and time come from the note, not the file name, which anyone could rename.
      const parsed = parseCheckpoint(note);
      out.push({ node, size: parsed.size, time: parsed.time, note });
    }
    return out;
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
