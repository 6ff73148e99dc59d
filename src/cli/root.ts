import { parseArgs } from "node:util";
import { EnvelopeSecretBox } from "../crypto/index.js";
import { isLogOfNode } from "../audit/index.js";
import { openRootKeys } from "../root-of-trust/index.js";
import { KmsEnvelopeKeys } from "../service/kms/index.js";
import { kmsMaterialKind, rootSealedRecordKinds, rotateRootKey } from "../service/root-rotation/index.js";
import { STORE_FLAGS, openOfflineStore } from "./offline-store.js";
import { recordOperatorAction } from "./operator-audit.js";


const USAGE = `usage: plinth root <command> [options]

commands:
  rotate      makes a new root key version (a new key file; with Vault/OpenBao Transit, the Transit
              key is rotated and a new data key made; with AWS KMS, a new data key), reseals every
              KMS key's material and every value still sealed directly under the root key under it,
              then retires the older versions. A running server need not stop: it sees the new
              version at its next root seal. An interrupted run leaves everything readable; run it
              again to finish. Prints a JSON report; exits 1 when something is left under an older
              version (nothing is retired then: run again), or when the database's write-ahead log,
              which still holds the values as they were under the older versions, could not be
              emptied ("oldFormsForgotten": false; a busy server held it: run again). Each run,
              finished or failed, is an audit event (RotateRootKey, an AwsServiceEvent naming the host's user) in the node's
              operator log <audit.node>.ops, checkpointed at once.

options:
  --other-nodes-stopped
                    the database is shared with other nodes (found by their audit logs) and every one of
                    them is stopped: refused without it, since each node holds the root key's versions in
                    its own data directory; afterwards copy this directory's root key files to theirs
  --data-dir D      data directory (default ./data)
  --config C        the config file plinth runs with (for the root of trust)
  --database-url U  postgres://... when the nodes share PostgreSQL
`;

export async function rootCommand(argv: readonly string[], env: Record<string, string | undefined>, out: (line: string) => void): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help") {
    out(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== "rotate") {
    out(`plinth root: unknown command '${command}'\n\n${USAGE}`);
    return 2;
  }
  const { values } = parseArgs({ args: [...rest], options: { ...STORE_FLAGS, "other-nodes-stopped": { type: "boolean" } }, strict: true });
  const { config, store } = await openOfflineStore(values, env);
  // Each node holds the root key's versions in its own data directory, which this command cannot
  // reach: rotating under nodes that go on running would leave them unable to open what it reseals.
  // A node shows by its events, or by the checkpoint it signs at start before serving anything.
  const seen = new Set([...await store.audit.reader.nodes(), ...await store.audit.checkpoints.nodes()]);
  const others = [...seen].filter((n) => !isLogOfNode(config.audit.node, n)).sort();
  if (others.length > 0 && values["other-nodes-stopped"] !== true) {
    await store.close();
    out(`plinth root rotate: this database is shared with other nodes (${others.join(", ")}), each with the root key's versions in its own data directory.\n`
      + "A rotation here would leave them unable to open what it reseals. To rotate: stop every other node; run this command again with\n"
      + "--other-nodes-stopped; copy this data directory's root key files (root.key.v* or root.key.wrapped.v*) into each other node's data\n"
      + "directory in place of theirs; then start them.");
    return 2;
  }
  // holdRetired: the rotation's last pass opens what a worker wrote under a version just retired.
  const root = await openRootKeys(config.server.dataDir, config.server.rootKey, { holdRetired: true }).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  // The audit record says which kind of root was rotated, never where it lives (addresses, paths, key names).
  const requestParameters = { rootKeyType: config.server.rootKey.type };
  try {
    const rootBox = new EnvelopeSecretBox(root);
    const keys = new KmsEnvelopeKeys({ store: store.kms, rootBox, clock: { now: () => new Date() }, region: config.region, materialCache: { maxAgeMs: 0, maxEntries: 0 } });
    const box = new EnvelopeSecretBox(root, { keys });
    let report;
    try {
      report = await rotateRootKey({
        root, rootBox, kinds: [kmsMaterialKind(store.kms, rootBox), ...rootSealedRecordKinds(store, box)],
        forgetOverwritten: (what) => store.forgetOverwritten(what),
      });
    } catch (error) {
      // A failed run is on the record too (by the error's name), and then fails as before.
      await recordOperatorAction(config, store, {
        eventName: "RotateRootKey", command: "root rotate", readOnly: false, requestParameters,
        errorCode: error instanceof Error ? error.name : "Error",
      }).catch(() => undefined);
      throw error;
    }
    await recordOperatorAction(config, store, {
      eventName: "RotateRootKey", command: "root rotate", readOnly: false, requestParameters,
      responseElements: {
        fromVersions: report.from, toVersion: report.to, resumed: report.resumed, resealed: report.resealed,
        remaining: report.remaining, retiredVersions: report.retired, resealedAfterRetiring: report.resealedAfterRetiring,
        oldFormsForgotten: report.oldFormsForgotten,
      },
    });
    out(JSON.stringify(report));
    return report.remaining === 0 && report.oldFormsForgotten ? 0 : 1;
  } finally {
    root.destroy();
    await store.close();
  }
}
