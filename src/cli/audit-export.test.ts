import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { leafBytes } from "../audit/index.js";
import type { AuditEntry, AuditEvent, AuditReader } from "../audit/index.js";
import { exportTrail } from "./audit-export.js";

const event = (i: number, day: string): AuditEvent => ({
  eventVersion: "1.09", userIdentity: { type: "Unknown" }, eventTime: `${day}T10:00:${String(i % 60).padStart(2, "0")}Z`, eventSource: "bedrock.amazonaws.com",
  eventName: "Converse", awsRegion: "eu-west-2", sourceIPAddress: "192.0.2.1", requestParameters: null, responseElements: null,
  additionalEventData: {}, requestID: `r${i}`, eventID: `e${i}`, readOnly: true, eventType: "AwsApiCall", managementEvent: false,
  eventCategory: "Data", recipientAccountId: "111122223333",
});

function reader(days: string[]): { reader: AuditReader; prune: (before: number) => void } {
  let entries: AuditEntry[] = days.map((day, i) => ({ node: "node-1", index: i, event: event(i, day), leaf: leafBytes(event(i, day)) }));
  const size = entries.length;
  return {
    reader: {
      nodes: async () => ["node-1"], size: async () => size, lookup: async () => ({ entries: [] }),
      range: async (_n, from, to) => entries.filter((e) => e.index >= from && e.index < to),
    },
    prune: (before) => { entries = entries.filter((e) => e.index >= before); },
  };
}

const files = async (out: string): Promise<string[]> => (await readdir(out, { recursive: true })).filter((f) => f.endsWith(".gz")).map((f) => f.split("/").slice(-4, -1).join("-") + ":" + f.split("_").at(-1)).sort();

describe("plinth audit export under a retention", () => {
  const dirs: string[] = [];
  after(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });

  it("writes no day older than the retention, deletes the files of days that passed it, and never re-exports them", async () => {
    const out = await mkdtemp(join(tmpdir(), "plinth-export-"));
    dirs.push(out);
    const log = reader(["2026-11-01", "2026-11-01", "2026-11-20", "2026-12-01", "2026-12-04"]);
    // Everything is exported while it is young.
    const first = await exportTrail(log.reader, out, new Date("2026-10-01T00:00:00Z"));
    assert.deepEqual([first.files, first.events, first.pruned], [4, 5, 0]);
    assert.deepEqual(await files(out), ["2026-11-01:node-1-0-1.json.gz", "2026-11-20:node-1-2-2.json.gz", "2026-12-01:node-1-3-3.json.gz", "2026-12-04:node-1-4-4.json.gz"]);
    // Someone else's file in a day directory is not plinth's to delete.
    const foreign = join(out, "AWSLogs", "111122223333", "CloudTrail", "eu-west-2", "2026", "11", "01", "notes.txt");
    await writeFile(foreign, "kept");
    // Twenty days later, with a retention of twenty days: November 1st and 20th go (a day goes once all of it is older).
    const later = await exportTrail(log.reader, out, new Date("2026-11-21T00:00:00Z"));
    assert.deepEqual([later.files, later.events, later.pruned], [0, 0, 2]);
    assert.deepEqual(await files(out), ["2026-12-01:node-1-3-3.json.gz", "2026-12-04:node-1-4-4.json.gz"]);
    assert.deepEqual(await readdir(join(out, "AWSLogs", "111122223333", "CloudTrail", "eu-west-2", "2026", "11", "01")), ["notes.txt"]);
    // All files gone and the log pruned: the progress file still says where the export stood.
    log.prune(4);
    const last = await exportTrail(log.reader, out, new Date("2026-12-30T00:00:00Z"));
    assert.deepEqual([last.files, last.events, last.pruned], [0, 0, 2]);
    assert.deepEqual(await files(out), []);
  });

  it("a first export under a retention skips the days beyond it", async () => {
    const out = await mkdtemp(join(tmpdir(), "plinth-export-"));
    dirs.push(out);
    await mkdir(out, { recursive: true });
    const log = reader(["2026-11-01", "2026-12-04", "2026-12-05"]);
    const written = await exportTrail(log.reader, out, new Date("2026-12-04T12:00:00Z"));
    assert.deepEqual([written.files, written.events], [2, 2]);
    assert.deepEqual(await files(out), ["2026-12-04:node-1-1-1.json.gz", "2026-12-05:node-1-2-2.json.gz"]);
  });
});
