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
 *    older versions retired (removed for good).
 *
 * At every point each value is sealed under a version that is on disk, so a crash anywhere
 * leaves everything readable. Other processes (the server's workers) learn the new version at
 * their next root seal, which lists the versions first (crypto/root-keyring.ts): a value they
 * seal under the old version during the sweep is found by the second pass. One that a process
 * began sealing before step 1 and writes only after step 3 would be lost; that needs a process
 * stalled for the whole sweep between reading a directory listing and writing one row.
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
  return { from, to, resumed, resealed, remaining, retired };
}
