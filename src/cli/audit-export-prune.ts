import { readdir, rm, rmdir } from "node:fs/promises";
import { join } from "node:path";

/** The name `exportTrail` gives a file; only such files are ever deleted from the export directory. */
export const EXPORT_FILE = /^\d{12}_CloudTrail_[a-z0-9-]+_\d{8}T\d{4}Z_.+-\d+-\d+\.json\.gz$/;

const DAY = 86_400_000;

/** Whether every event of the UTC day `yyyy-mm-dd` is older than `cutoff`. */
export function dayBeyond(day: string, cutoff: Date): boolean {
  const start = Date.parse(`${day}T00:00:00Z`);
  return Number.isFinite(start) && start + DAY <= cutoff.getTime();
}

/**
 * Deletes exported files of days wholly older than `cutoff`, and the day directories they leave
 * empty. A file holds one account's events of one day (exportTrail groups them so), so a day
 * beyond the retention is a file beyond it. Files of other names are left alone: the directory may
 * be shared with what a SIEM or another tool put there.
 */
export async function pruneExport(out: string, cutoff: Date): Promise<number> {
  let deleted = 0;
  const regions = await subdirs(join(out, "AWSLogs"), /^\d{12}$/, async (account) => subdirs(join(out, "AWSLogs", account, "CloudTrail"), /^[a-z0-9-]+$/));
  for (const region of regions) {
    for (const yyyy of await subdirs(region, /^\d{4}$/)) {
      for (const mm of await subdirs(yyyy, /^\d{2}$/)) {
        for (const dd of await subdirs(mm, /^\d{2}$/)) {
          const day = `${yyyy.slice(-4)}-${mm.slice(-2)}-${dd.slice(-2)}`;
          if (!dayBeyond(day, cutoff)) continue;
          for (const name of await readdir(dd)) {
            if (!EXPORT_FILE.test(name)) continue;
            await rm(join(dd, name));
            deleted++;
          }
          // Only empty directories go, from the day up; anything else stays.
          for (const dir of [dd, mm, yyyy]) if (!(await rmdir(dir).then(() => true, () => false))) break;
        }
      }
    }
  }
  return deleted;
}

/** Full paths of the subdirectories of `dir` whose names match; with `then`, what it gives for each instead. */
async function subdirs(dir: string, name: RegExp, then?: (name: string) => Promise<string[]>): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries.filter((d) => d.isDirectory() && name.test(d.name))) {
    if (then) out.push(...await then(e.name));
    else out.push(join(dir, e.name));
  }
  return out;
}
