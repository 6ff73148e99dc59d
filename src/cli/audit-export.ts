import { mkdir, readFile, readdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { AuditEntry, AuditReader } from "../audit/index.js";
import { dayBeyond, pruneExport } from "./audit-export-prune.js";

const gzipped = promisify(gzip);
/** Events per file at most: CloudTrail delivers files of a few minutes' events. */
const PER_FILE = 1000;

/**
 * Writes each node's log as CloudTrail writes a trail to S3: gzipped `{"Records": [...]}` files
 * under AWSLogs/<account>/CloudTrail/<region>/yyyy/mm/dd/, one account, day and node per file.
 * The records are the stored leaves, byte for byte. A file's name ends with its node and its
 * first and last index, so a rerun starts after the last event already exported (a small progress
 * file keeps that place once retention has deleted the files that showed it).
 *
 * With a retention `cutoff`, days wholly older than it are neither written nor kept: their files
 * are deleted after the export. The export is a copy for a SIEM; the signed log stays the
 * evidence, and `plinth audit verify` never reads these files.
 */
export async function exportTrail(reader: AuditReader, out: string, cutoff?: Date): Promise<{ files: number; events: number; pruned: number }> {
  let files = 0;
  let events = 0;
  const done = await exported(out);
  for (const node of await reader.nodes()) {
    const size = await reader.size(node);
    const start = (done.get(node) ?? -1) + 1;
    let group: AuditEntry[] = [];
    const flush = async (): Promise<void> => {
      if (group.length === 0) return;
      if (await writeGroup(out, node, group)) { files++; events += group.length; }
      group = [];
    };
    for (let from = start; from < size; from += PER_FILE) {
      for (const entry of await reader.range(node, from, Math.min(size, from + PER_FILE))) {
        const head = group[0]?.event;
        const e = entry.event;
        done.set(node, Math.max(done.get(node) ?? -1, entry.index));
        if (cutoff !== undefined && dayBeyond(e.eventTime.slice(0, 10), cutoff)) continue;
        if (head !== undefined && (head.recipientAccountId !== e.recipientAccountId || head.eventTime.slice(0, 10) !== e.eventTime.slice(0, 10) || group.length >= PER_FILE)) await flush();
        group.push(entry);
      }
    }
    await flush();
  }
  await mkdir(out, { recursive: true, mode: 0o700 });
  await writeFile(join(out, `${PROGRESS}.tmp`), JSON.stringify(Object.fromEntries(done)), { mode: 0o600 });
  await rename(join(out, `${PROGRESS}.tmp`), join(out, PROGRESS));
  const pruned = cutoff === undefined ? 0 : await pruneExport(out, cutoff);
  return { files, events, pruned };
}

/** Where the last exported index of each node is kept beside the files. */
const PROGRESS = ".plinth-export-progress.json";

async function writeGroup(out: string, node: string, group: readonly AuditEntry[]): Promise<boolean> {
  const first = group[0]!.event;
  const [yyyy, mm, dd] = first.eventTime.slice(0, 10).split("-") as [string, string, string];
  const stamp = first.eventTime.slice(0, 16).replace(/[-:]/g, "") + "Z";
  const account = first.recipientAccountId;
  const dir = join(out, "AWSLogs", account, "CloudTrail", first.awsRegion, yyyy, mm, dd);
  const file = join(dir, `${account}_CloudTrail_${first.awsRegion}_${stamp}_${node}-${group[0]!.index}-${group.at(-1)!.index}.json.gz`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const body = `{"Records":[${group.map((e) => Buffer.from(e.leaf).toString("utf8")).join(",")}]}`;
  try {
    await writeFile(file, await gzipped(body), { flag: "wx", mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "EEXIST") return false;
    throw error;
  }
}

/** The last index already exported per node, from the progress file and the names of the files under `out`. */
async function exported(out: string): Promise<Map<string, number>> {
  const last = new Map<string, number>();
  try {
    const saved = JSON.parse(await readFile(join(out, PROGRESS), "utf8")) as unknown;
    if (typeof saved === "object" && saved !== null) {
      for (const [node, index] of Object.entries(saved)) if (Number.isSafeInteger(index)) last.set(node, index as number);
    }
  } catch {
    // No progress file yet (or an unreadable one): the file names say where each node stopped.
  }
  let names: string[];
  try {
    names = await readdir(out, { recursive: true });
  } catch {
    return last;
  }
  for (const name of names) {
    const m = /_CloudTrail_[^_]+_\d{8}T\d{4}Z_(.+)-(\d+)-(\d+)\.json\.gz$/.exec(name);
    if (m) last.set(m[1]!, Math.max(last.get(m[1]!) ?? -1, Number(m[3])));
  }
  return last;
}
