import { setFlagsFromString } from "node:v8";

/**
 * Keeps V8's young generation at its initial size while `plinth start` loads and composes, and
 * lets it grow as usual once the server listens (issue 13, docs/PERFORMANCE.md "Idle memory").
 *
 * Start-up loads ~650 modules and builds the capabilities: ~40 MiB of what it allocates lives
 * through at least one scavenge, and V8 doubles the semi-spaces each time more has survived
 * than they hold, from 1 to 16 MiB (32 MiB resident, both halves touched). They are empty once
 * start-up is over, but V8 shrinks them only in a memory-reducing GC, which Node never asks
 * for, so an idle worker kept them. Growth factor 1 means "do not grow"; V8 reads the flag each
 * time it would grow, so restoring its default (2) afterwards lets the first second of load grow
 * the young generation to where it is today: serving is unchanged, an idle server is smaller.
 *
 * An operator who sets the factor (NODE_OPTIONS or node's own arguments) keeps their value.
 */
const HOLD = "--semi-space-growth-factor=1";
const V8_DEFAULT = "--semi-space-growth-factor=2";
const OPERATOR_SETTING = /--semi[-_]space[-_]growth[-_]factor/;

let held = false;

/** From here until releaseYoungGeneration, the young generation does not grow. */
export function holdYoungGeneration(execArgv: readonly string[], nodeOptions: string | undefined): void {
  if (held || execArgv.some((arg) => OPERATOR_SETTING.test(arg)) || OPERATOR_SETTING.test(nodeOptions ?? "")) return;
  setFlagsFromString(HOLD);
  held = true;
}

/** Start-up is over: V8 grows the young generation again as the load asks. No-op unless held. */
export function releaseYoungGeneration(): void {
  if (!held) return;
  setFlagsFromString(V8_DEFAULT);
  held = false;
}
