import assert from "node:assert/strict";
import { isFault } from "../../kernel/index.js";
import { OrganizationsFault } from "./faults.js";

/** Asserts a rejection with Organizations' error code (and Reason, when given). */
export async function rejectsWith(promise: Promise<unknown>, code: string, reason?: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isFault(error), `expected a Fault, got ${String(error)}`);
    assert.equal(error.detail.code, code, error.message);
    if (reason !== undefined) assert.equal(error instanceof OrganizationsFault ? error.reason : undefined, reason);
    return true;
  });
}
