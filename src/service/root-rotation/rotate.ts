import { rootVersionOf } from "../../crypto/index.js";
import type { RotationPorts } from "./ports.js";

export interface RotationReport {
  /** The versions held when the run began. */
  readonly from: readonly number[];
  /** The version everything is now sealed under. */
  readonly to: number;
  /** True when the run finished a rotation an earlier run began (several versions were present). */
  readonly resumed: boolean;
  /** Values resealed, by kind. */
  readonly resealed: Readonly<Record<string, number>>;
  /** Values still under an older version after the sweep (written meanwhile, or failed): nothing is retired then. */
  readonly remaining: number;
  readonly retired: readonly number[];
  /** Values found under a retired version by the last pass (written meanwhile) and resealed. */
  readonly resealedAfterRetiring: number;
  /**
   * After something was resealed: whether the database's copies of the older sealed forms (the
   * SQLite write-ahead log) were emptied. False leaves them for an older version, should it have
   * leaked, to open: the command then fails.
   */
  readonly oldFormsForgotten: boolean;
}

/**
 * Rotates the root key without stopping anything:
 *
 * 1. a new version is made, unless an earlier run left several (then that rotation is finished
 *    instead of another begun: running the command again after a crash completes it);
 * 2. every value sealed under an older version is opened and sealed under the new one, each
 *    replaced only if unchanged since it was read (a concurrent writer's value is kept, and
 *    looked at by the check below);
 * 3. a second pass counts what is still under an older version; only when nothing is are the
 *    older versions retired (removed for good);
 * 4. a last pass, with the retired versions still in this process's memory (the root keyring is
 *    opened with `holdRetired`), reseals anything found under them;
 * 5. the store forgets the values as they were before they were resealed (SQLite's write-ahead
 *    log keeps each page's earlier form until the frame is overwritten).
 *
 * At every point each value is sealed under a version that is on disk, so a crash anywhere
 * leaves everything readable. Other processes (the server's workers) learn the new version at
 * their next root seal, which lists the versions first (crypto/root-keyring.ts). A worker that
 * sealed under the old version before step 1 and writes after step 3 is covered from both
 * sides: after its write it lists the versions again (service/kms/material.ts); if it finds its
 * version retired it reseals from the material it still holds, and if not, its write preceded
 * the removal and so precedes step 4, which reseals it.
 */
export async function rotateRootKey(ports: RotationPorts): Promise<RotationReport> {
  const { root, kinds } = ports;
  await root.refresh();
  const from = [...root.versions];
  const resumed = from.length > 1;
  if (!resumed) await root.add();
  const to = root.current;
  const resealed: Record<string, number> = {};
  for (const kind of kinds) {
    let n = 0;
    for await (const value of kind.values()) {
      const version = rootVersionOf(value.sealed);
      if (version !== undefined && version < to && await value.reseal()) n++;
    }
    resealed[kind.kind] = n;
  }
  let remaining = 0;
  for (const kind of kinds) {
    for await (const value of kind.values()) {
      const version = rootVersionOf(value.sealed);
      if (version !== undefined && version < to) remaining++;
    }
  }
  const retired = remaining === 0 ? await root.retireOlder(to) : [];
  let resealedAfterRetiring = 0;
  if (retired.length > 0) {
    for (const kind of kinds) {
      for await (const value of kind.values()) {
        const version = rootVersionOf(value.sealed);
        if (version !== undefined && version < to && await value.reseal()) resealedAfterRetiring++;
      }
    }
  }
  const total = Object.values(resealed).reduce((a, b) => a + b, 0) + resealedAfterRetiring;
  let oldFormsForgotten = true;
  if (total > 0) {
    oldFormsForgotten = await ports.forgetOverwritten(`${total} value${total === 1 ? "" : "s"} resealed under root key version ${to}`).then(() => true, () => false);
  }
  return { from, to, resumed, resealed, remaining, retired, resealedAfterRetiring, oldFormsForgotten };
}
