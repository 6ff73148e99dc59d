import { createHash, randomUUID } from "node:crypto";
import { Checkpointer, DirectoryAnchor, auditEvent, leafBytes, leafHash, loadOrCreateSigningKey, logOrigin, parseVerifierKey, pruneLog } from "../audit/index.js";
import type { PrunableLog } from "../audit/index.js";
import { cloudTrailOperations } from "../http/cloudtrail/index.js";
import type { AuditEvent } from "../audit/index.js";
import type { ExchangeRecord, Journal } from "../http/observe.js";
import { isFault } from "../kernel/index.js";
import { AuditProofs, AuditTrailReader } from "../service/audit-trail/index.js";
import type { CheckpointKeyInfo } from "../service/audit-trail/index.js";
import type { Capability, Foundation } from "./capability.js";

export interface AuditCapability extends Capability {
  /** The C2SP verifier key of this node's checkpoints: what `plinth audit verify` checks against. */
  readonly verifierKey: string;
  readonly node: string;
}

/**
 * The audit trail: every exchange becomes a CloudTrail-format event, appended (group commit,
 * durable) to this node's log before its answer completes; checkpoints of the log's Merkle tree
 * are signed on a timer and written to the anchor outside the database; CloudTrail's
 * LookupEvents and ListPublicKeys read it back.
 */
export interface AuditOptions {
  /** False only for `npm run bench`: no journal; a StopLogging event in the trail says so. */
  readonly recording?: boolean;
  /**
   * Told of each event once it is durable (the syslog stream). It must not block or throw; if
   * it throws anyway, the commit has already happened and stands.
   */
  readonly onCommitted?: (event: AuditEvent) => void;
  /**
   * This process's log, instead of audit.node: each worker of `plinth start --workers N` is a
   * node of its own (its own chain and checkpoints), since two appenders on one chain would fork it.
   */
  readonly node?: string;
}

export async function auditCapability({ config, logger, clock, store }: Foundation, defaultAccountId: string, options: AuditOptions = {}): Promise<AuditCapability> {
  const { dir, anchorDir, checkpointSeconds, retentionDays } = config.audit;
  const node = options.node ?? config.audit.node;
  const origin = logOrigin(config.region, node);
  // Before anything is appended or signed: a second writer of this node's log is refused here.
  await store.audit.claim(node);
  const key = await loadOrCreateSigningKey(dir, origin);
  const appender = store.audit.appender(node);
  const anchor = new DirectoryAnchor(anchorDir);
  const checkpointer = new Checkpointer(node, origin, store.audit.reader, store.audit.checkpoints, anchor, key.signer, clock);
  const opened = await checkpointer.open();
  if (!opened.consistent) {
    // Loud, not fatal: the operator must be able to start plinth to investigate, and the
    // evidence (the anchor's notes and the stored log) is kept as it is.
    logger.error({ node, size: opened.size }, "the audit log no longer matches its newest signed checkpoint: run `plinth audit verify`");
  }
  await checkpointer.checkpoint();
  // Public: the operator keeps it somewhere the machine cannot rewrite, for `plinth audit verify --key`.
  logger.info({ node, verifierKey: key.verifierKey, anchorDir }, "audit trail: checkpoints are signed with this key");

  const settings = { defaultAccountId, node };
  const committed = (event: AuditEvent): void => {
    try { options.onCommitted?.(event); } catch { /* a copy's failure is not the record's */ }
  };
  const recording = options.recording ?? true;
  if (!recording) {
    // The gap is itself on the record, as CloudTrail records StopLogging.
    const stop = auditEvent({
      requestId: randomUUID(), receivedAt: clock.now(), sourceIp: "127.0.0.1", listener: "(start-up)", region: config.region,
      operation: "StopLogging", service: "cloudtrail", notes: {}, status: 200,
    }, settings);
    const leaf = leafBytes(stop);
    await appender.append(stop, leaf, leafHash(leaf));
    committed(stop);
  }
  const journal: Journal = {
    async commit(record: ExchangeRecord): Promise<void> {
      const event = auditEvent(record, settings);
      const leaf = leafBytes(event);
      await appender.append(event, leaf, leafHash(leaf));
      committed(event);
    },
  };

  // Retention runs once at start and then on the checkpoint timer, about hourly: the pruning
  // point moves only a checkpoint at a time, and a day-scale retention needs no finer step.
  const log: PrunableLog = {
    size: (n) => store.audit.reader.size(n), leaves: (n, from, to) => store.audit.reader.leaves(n, from, to),
    frontier: (n) => store.audit.reader.frontier(n), prune: (f, at) => store.audit.prune(f, at),
  };
  const prune = async (): Promise<void> => {
    if (retentionDays === undefined) return;
    const now = clock.now();
    const pruned = await pruneLog(node, log, store.audit.checkpoints, anchor, key.verifierKey, new Date(now.getTime() - retentionDays * 86_400_000), now)
      .catch((error: unknown) => { logger.error({ node, error: isFault(error) ? error.message : error instanceof Error ? error.name : typeof error }, "could not prune the audit log"); });
    if (pruned) logger.info({ node, prunedBefore: pruned.prunedBefore, deleted: pruned.deleted, retentionDays }, "audit events older than the retention pruned");
  };
  const pruneEvery = Math.max(1, Math.round(3600 / checkpointSeconds));
  let ticks = 0;
  let pruning: Promise<void> = prune();
  const timer = setInterval(() => {
    checkpointer.checkpoint().catch((error: unknown) => logger.error({ error: error instanceof Error ? error.name : typeof error }, "could not sign an audit checkpoint"));
    if (++ticks % pruneEvery === 0) pruning = pruning.then(prune);
  }, checkpointSeconds * 1000);
  timer.unref();

  const startedAt = clock.now();
  const publicKey = parseVerifierKey(key.verifierKey).publicKey.export({ format: "der", type: "spki" });
  const keyInfo: CheckpointKeyInfo = {
    value: publicKey, validFrom: startedAt, verifierKey: key.verifierKey,
    fingerprint: createHash("sha256").update(publicKey).digest("hex"),
  };
  const reader = new AuditTrailReader(store.audit.reader, () => [keyInfo]);

  return {
    name: "audit",
    node,
    verifierKey: key.verifierKey,
    operations: cloudTrailOperations(reader, new AuditProofs(store.audit.reader, store.audit.checkpoints, node)),
    ...(recording ? { journal } : {}),
    async close(): Promise<void> {
      clearInterval(timer);
      await pruning;
      await appender.close();
      // How well group commit batched over the process's life: the bench reads it, operators may too.
      logger.info({ node, ...appender.stats() }, "audit trail closed");
      // The last events get a checkpoint of their own before the process ends.
      await checkpointer.checkpoint().catch(() => undefined);
    },
  };
}
