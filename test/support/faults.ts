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
