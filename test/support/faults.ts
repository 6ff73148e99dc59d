import assert from "node:assert/strict";
import { Fault } from "../../src/kernel/index.js";

/** Awaits `promise`, expecting it to reject with a kernel Fault of `kind`; answers the Fault. */
export async function rejectsWith(promise: Promise<unknown>, kind: Fault["kind"]): Promise<Fault> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Fault, `expected a Fault, got ${String(error)}`);
    assert.equal(error.kind, kind, `expected a ${kind} fault, got ${error.kind}: ${error.message}`);
    return error;
  }
  assert.fail(`expected a ${kind} fault`);
}

/** A settled call that must have failed with a kernel Fault of `kind` whose message matches; answers the Fault. */
export function faultOf(outcome: PromiseSettledResult<unknown>, kind: Fault["kind"], message: RegExp): Fault {
  assert.equal(outcome.status, "rejected", "the call must fail");
  const error = (outcome as PromiseRejectedResult).reason as unknown;
  assert.ok(error instanceof Fault, `expected a Fault, got ${String(error)}`);
  assert.equal(error.kind, kind, `expected ${kind}, got ${error.kind}: ${error.message}`);
  assert.match(error.message, message);
  return error;
}
