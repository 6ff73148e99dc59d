/**
 * Durable audit appends on SQLite: events/s through the store's group-commit appender, and the
 * mean batch it formed, against the floor measured in the same run: raw better-sqlite3 prepared
 * inserts of the same rows into the same schema, one synchronous=FULL transaction per batch of
 * the same size (what any implementation must pay: the row writes and one fsync per batch), and
 * one transaction per event (what the appender would cost without group commit). Leaves and
 * hashes are made before the clock starts: canonical JSON and SHA-256 are the Merkle code's cost.
 * Called by `npm run bench`; `node dist/bench/audit-append.js` runs it alone.
 */
import { createHash, randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import type { AuditEvent } from "../src/audit/event.js";
import { openStore, SQLITE_FILE } from "../src/store/index.js";
import { eventRow, pendingRow, resourceRows } from "../src/store/audit-rows.js";
import type { PendingRow } from "../src/store/audit-rows.js";
import { summarize } from "./stats.js";
import type { Summary } from "./stats.js";

export interface AuditAppendBenchmark {
  /** Through `store.audit.appender(node)`, with `inFlight` appends outstanding at all times. */
  readonly eventsPerSecond: number;
  readonly meanBatch: number;
  /**
   * Wall time per batch. The batch is written by the store's writer thread, so this is how long
   * an append waits, not how long the event loop is held.
   */
  readonly meanBatchMs: number;
  readonly inFlight: number;
  /** The same at 16 appends in flight (what a server at 16 connections gives it): smaller batches, each a commit. */
  readonly at16: { readonly eventsPerSecond: number; readonly meanBatch: number };
  /** Raw better-sqlite3, same rows, batches of `meanBatch`, synchronous=FULL. */
  readonly floorEventsPerSecond: number;
  /** Raw better-sqlite3, one synchronous=FULL transaction per event. */
  readonly unbatchedEventsPerSecond: number;
  readonly ratioToFloor: number;
  /**
   * One append at a time through the appender (what a lone Converse call waits for): its latency
   * can be no lower than one durable commit, which `unbatchedEventsPerSecond` prices on raw SQLite.
   */
  readonly alone: Summary;
  readonly events: number;
  readonly rounds: number;
}

const round = (x: number, digits = 0): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** A realistic Bedrock data event: a user, a model resource, decision facts; about 1 KB of leaf. */
function sampleEvent(i: number): AuditEvent {
  return {
    eventVersion: "1.09",
    userIdentity: { type: "IAMUser", principalId: "AIDAEXAMPLEEXAMPLE01", arn: "arn:aws:iam::111122223333:user/bench", accountId: "111122223333", accessKeyId: "AKIAEXAMPLEEXAMPLE01", userName: "bench", credentialType: "sigv4" },
    eventTime: new Date(Date.UTC(2030, 0, 1) + i * 10).toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource: "bedrock.amazonaws.com", eventName: "Converse", awsRegion: "eu-west-2", sourceIPAddress: "192.0.2.10", userAgent: "aws-sdk-js/3.1164.0 ua/2.1 os/linux lang/js md/nodejs#20.19.0 api/bedrock-runtime#3.1164.0",
    requestParameters: { modelId: "meta.llama3-1-8b-instruct-v1:0", inferenceConfig: { maxTokens: 512, temperature: 0.5 } },
    responseElements: null,
    additionalEventData: { decision: "Allow", matchedStatements: ["InvokeLlama"], inputTokens: 812, outputTokens: 240, retentionMode: "none", residency: "eu-west-2" },
    requestID: randomUUID(), eventID: randomUUID(), readOnly: false,
    resources: [{ ARN: "arn:aws:bedrock:eu-west-2::foundation-model/meta.llama3-1-8b-instruct-v1:0", accountId: "111122223333", type: "AWS::Bedrock::Model" }],
    eventType: "AwsApiCall", managementEvent: false, eventCategory: "Data", recipientAccountId: "111122223333",
    tlsDetails: { tlsVersion: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256", clientProvidedHostHeader: "bedrock-runtime.eu-west-2.plinth.internal" },
  };
}

interface Prepared { readonly event: AuditEvent; readonly leaf: Uint8Array; readonly leafHash: Uint8Array }

function prepare(count: number): Prepared[] {
  return Array.from({ length: count }, (_, i) => {
    const event = sampleEvent(i);
    const leaf = new TextEncoder().encode(JSON.stringify(event));
    return { event, leaf, leafHash: new Uint8Array(createHash("sha256").update(Buffer.from([0])).update(leaf).digest()) };
  });
}

async function throughAppender(dir: string, events: readonly Prepared[], inFlight: number): Promise<{ perSecond: number; meanBatch: number }> {
  const store = await openStore({ dataDir: dir });
  try {
    const appender = store.audit.appender("bench");
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < events.length) {
        const e = events[next++]!;
        await appender.append(e.event, e.leaf, e.leafHash);
      }
    };
    const started = process.hrtime.bigint();
    await Promise.all(Array.from({ length: inFlight }, worker));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const { batches, events: written } = appender.stats();
    if (written !== events.length) throw new Error(`the appender wrote ${written} of ${events.length} events`);
    return { perSecond: events.length / seconds, meanBatch: written / batches };
  } finally {
    await store.close();
  }
}

/** Sequential appends, each awaited before the next: per-append latency in ms. */
async function alone(dir: string, events: readonly Prepared[]): Promise<Summary> {
  const store = await openStore({ dataDir: dir });
  try {
    const appender = store.audit.appender("bench");
    const samples: number[] = [];
    for (const e of events) {
      const started = process.hrtime.bigint();
      await appender.append(e.event, e.leaf, e.leafHash);
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return summarize(samples);
  } finally {
    await store.close();
  }
}

/** The same schema (made by the store's migrations), written with prepared statements and nothing else. */
async function floor(dir: string, events: readonly Prepared[], batch: number): Promise<number> {
  await (await openStore({ dataDir: dir })).close();
  const db = new BetterSqlite3(join(dir, SQLITE_FILE));
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    const insertEvent = db.prepare(`insert into audit_events (node, idx, event_id, event_time, event_name, event_source, username, access_key_id, read_only, account_id, leaf, leaf_hash)
      values (@node, @idx, @event_id, @event_time, @event_name, @event_source, @username, @access_key_id, @read_only, @account_id, @leaf, @leaf_hash)`);
    const insertResource = db.prepare("insert into audit_event_resources (node, idx, type, name) values (@node, @idx, @type, @name)");
    const rows: PendingRow[] = events.map((e) => pendingRow(e.event, e.leaf, e.leafHash));
    const write = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        insertEvent.run(eventRow("bench", i, rows[i]!));
        for (const r of resourceRows("bench", i, rows[i]!)) insertResource.run(r);
      }
    });
    const started = process.hrtime.bigint();
    for (let at = 0; at < rows.length; at += batch) write(at, Math.min(at + batch, rows.length));
    return rows.length / (Number(process.hrtime.bigint() - started) / 1e9);
  } finally {
    db.close();
  }
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Rounds alternate the appender and the floor, each on a fresh database, and each figure is the
 * median of its rounds: on a shared machine the load moves within seconds, and a ratio of two
 * figures taken minutes apart would measure the neighbours.
 */
export async function runAuditAppendBenchmark(options: { events?: number; inFlight?: number; rounds?: number } = {}): Promise<AuditAppendBenchmark> {
  const count = options.events ?? 40_000;
  const inFlight = options.inFlight ?? 256;
  const rounds = options.rounds ?? 3;
  const events = prepare(count);
  const root = await fs.mkdtemp(join(tmpdir(), "plinth-bench-audit-"));
  try {
    const dir = (name: string): string => join(root, name);
    await throughAppender(dir("warm"), events.slice(0, 5000), inFlight);
    const plinth: { perSecond: number; meanBatch: number }[] = [];
    const floors: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const p = await throughAppender(dir(`plinth-${r}`), events, inFlight);
      plinth.push(p);
      floors.push(await floor(dir(`floor-${r}`), events, Math.max(1, Math.round(p.meanBatch))));
    }
    const at16 = await throughAppender(dir("in-flight-16"), events.slice(0, 10_000), 16);
    const unbatched = await floor(dir("unbatched"), events.slice(0, 500), 1);
    const one = await alone(dir("alone"), events.slice(0, 500));
    const perSecond = median(plinth.map((p) => p.perSecond));
    const floorRate = median(floors);
    const meanBatch = median(plinth.map((p) => p.meanBatch));
    return {
      eventsPerSecond: round(perSecond), meanBatch: round(meanBatch, 1), meanBatchMs: round((meanBatch / perSecond) * 1000, 2), inFlight,
      at16: { eventsPerSecond: round(at16.perSecond), meanBatch: round(at16.meanBatch, 1) },
      floorEventsPerSecond: round(floorRate), unbatchedEventsPerSecond: round(unbatched),
      ratioToFloor: round(perSecond / floorRate, 3), alone: one, events: count, rounds,
    };
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(JSON.stringify(await runAuditAppendBenchmark(), null, 2) + "\n");
}
