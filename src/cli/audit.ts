import { access } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DirectoryAnchor, SIGNING_KEY_FILE, isLogOfNode, parseCheckpoint, loadOrCreateSigningKey, logOrigin, parseVerifierKey, verifyLog } from "../audit/index.js";
import type { AuditEntry } from "../audit/index.js";
import type { ResolvedConfig } from "../config/index.js";
import { STORE_FLAGS, openOfflineStore } from "./offline-store.js";
import type { Store } from "../store/index.js";

const USAGE = `usage: plinth audit <command> [options]

Reads the audit trail offline, from the database and the checkpoint anchor (plinth need not run).

commands:
  verify    replay every node's log against its signed checkpoints in the anchor directory;
            reports the first bad index of each log; exit status 1 when any log fails. A log
            pruned for audit.retentionDays is replayed from the frontier of its pruned events;
            pruning that the configured retention does not allow is a failure
            --key VKEY        a node's checkpoint verifier key (repeatable; as printed at start-up).
                              Without it, the key beside this data directory is used, which
                              proves less: whoever can rewrite this machine can rewrite that too.
  tail      print the newest events as JSON lines
            -n N              how many (default 20)
  prove     an inclusion proof of one event against the newest anchored checkpoint of its
            node (RFC 6962), and a consistency proof from an earlier checkpoint size, as JSON
            --event-id ID     the event (or --node N --index I)
            --from SIZE       also prove the tree of SIZE leaves is a prefix of the newest
  export    write every node's events in CloudTrail's file layout, for a SIEM:
            <out>/AWSLogs/<account>/CloudTrail/<region>/yyyy/mm/dd/<account>_CloudTrail_<region>_<time>_<node>-<index>.json.gz
            --out DIR         where (required); files already there are kept, so a rerun adds only new ones;
                              with audit.retentionDays, days older than it are not written and their
                              files are deleted

options for every command:
  --data-dir D      data directory (default ./data)
  --config C        the config file plinth runs with (for audit.anchorDir, audit.node, the region)
  --database-url U  postgres://... when the nodes share PostgreSQL
`;

const CHUNK = 10_000;

export async function auditCommand(argv: readonly string[], env: Record<string, string | undefined>, out: (line: string) => void): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help") {
    out(USAGE);
    return command === undefined ? 2 : 0;
  }
  const { values } = parseArgs({
    args: [...rest],
    options: {
      ...STORE_FLAGS,
      key: { type: "string", multiple: true }, n: { type: "string", short: "n" }, out: { type: "string" },
      "event-id": { type: "string" }, node: { type: "string" }, index: { type: "string" }, from: { type: "string" },
    },
    strict: true,
  });
  const { config, store } = await openOfflineStore(values, env);
  try {
    switch (command) {
      case "verify": return await verify(config, store, values.key ?? [], out);
      case "tail": return await tail(store, Number(values.n ?? "20"), out);
      case "prove": {
        const { prove } = await import("./audit-prove.js");
        return await prove(store, new DirectoryAnchor(config.audit.anchorDir), {
          ...(values["event-id"] === undefined ? {} : { eventId: values["event-id"] }),
          ...(values.node === undefined ? {} : { node: values.node }),
          ...(values.index === undefined ? {} : { index: Number(values.index) }),
          ...(values.from === undefined ? {} : { from: Number(values.from) }),
        }, out);
      }
      case "export": {
        if (values.out === undefined) { out("plinth audit export: --out DIR is required"); return 2; }
        const { exportTrail } = await import("./audit-export.js");
        const days = config.audit.retentionDays;
        const written = await exportTrail(store.audit.reader, values.out, days === undefined ? undefined : new Date(Date.now() - days * 86_400_000));
        out(`wrote ${written.files} file(s) holding ${written.events} event(s) under ${values.out}` + (days === undefined ? "" : `; deleted ${written.pruned} file(s) older than audit.retentionDays (${days})`));
        return 0;
      }
      default:
        out(`plinth audit: unknown command '${command}'\n\n${USAGE}`);
        return 2;
    }
  } finally {
    await store.close();
  }
}

async function verify(config: ResolvedConfig, store: Store, keys: readonly string[], out: (line: string) => void): Promise<number> {
  const byOrigin = new Map(keys.map((k) => [parseVerifierKey(k).name, k]));
  const anchor = new DirectoryAnchor(config.audit.anchorDir);
  const nodes = [...new Set([...(await store.audit.reader.nodes()), config.audit.node])].sort();
  let failed = false;
  for (const node of nodes) {
    const anchored = (await anchor.list(node)).map((c) => c.note);
    // The log's name as its first checkpoint gives it (so the region need not be configured here).
    const origin = anchored[0] === undefined ? logOrigin(config.region, node) : parseCheckpoint(anchored[0]).origin;
    // The workers of this node (`plinth start --workers N`) and its operator log sign with the same key file under their own names.
    const local = isLogOfNode(config.audit.node, node);
    const verifierKey = byOrigin.get(origin) ?? (local ? await localVerifierKey(config, origin) : undefined);
    if (verifierKey === undefined) {
      out(`${node}: NOT VERIFIED: no verifier key for ${origin} (pass --key)`);
      failed = true;
      continue;
    }
    const size = await store.audit.reader.size(node);
    // After pruning, the log starts at the frontier, which a signed checkpoint must vouch for.
    const frontier = await store.audit.reader.frontier(node);
    const entries: AuditEntry[] = [];
    for (let from = frontier?.size ?? 0; from < size; from += CHUNK) entries.push(...await store.audit.reader.range(node, from, Math.min(size, from + CHUNK)));
    // A checkpoint the database holds that the anchor never received was not written by plinth.
    const stray = (await store.audit.checkpoints.list(node)).filter((c) => !anchored.includes(c.note));
    const retention = config.audit.retentionDays;
    const verdict = verifyLog({
      entries, checkpoints: anchored, verifierKey, origin,
      ...(frontier === undefined ? {} : { frontier }),
      ...(retention === undefined ? {} : { prunableBefore: new Date(Date.now() - retention * 86_400_000) }),
    });
    if (!verdict.ok) {
      out(`${node}: FAILED at index ${verdict.firstBadIndex}: ${verdict.reason}`);
      failed = true;
    } else if (stray.length > 0) {
      out(`${node}: FAILED: the database holds ${stray.length} checkpoint(s) the anchor does not (first at size ${stray[0]!.size})`);
      failed = true;
    } else if (anchored.length === 0 && size > 0) {
      out(`${node}: FAILED: ${size} events but no checkpoint in the anchor directory ${config.audit.anchorDir}`);
      failed = true;
    } else {
      const pruned = verdict.prunedBefore > 0 ? `, the first ${verdict.prunedBefore} pruned (verified from their frontier)` : "";
      out(`${node}: ok: ${verdict.size} events, ${verdict.checkpointed} under the newest checkpoint (${anchored.length} checkpoints)${pruned}`);
    }
  }
  return failed ? 1 : 0;
}

/** The verifier key of the signing key beside the data directory, without creating one. */
async function localVerifierKey(config: ResolvedConfig, origin: string): Promise<string | undefined> {
  try {
    await access(join(config.audit.dir, SIGNING_KEY_FILE));
  } catch {
    return undefined;
  }
  return (await loadOrCreateSigningKey(config.audit.dir, origin)).verifierKey;
}

async function tail(store: Store, n: number, out: (line: string) => void): Promise<number> {
  if (!Number.isInteger(n) || n < 1 || n > 10_000) {
    out("plinth audit tail: -n must be an integer from 1 to 10000");
    return 2;
  }
  const { entries } = await store.audit.reader.lookup({ limit: n });
  for (const e of entries.reverse()) out(Buffer.from(e.leaf).toString("utf8"));
  return 0;
}
