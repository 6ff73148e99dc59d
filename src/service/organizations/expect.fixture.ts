import assert from "node:assert/strict";
import { isFault } from "../../kernel/index.js";
import { OrganizationsFault } from "./faults.js";

/** Asserts a rejection with a domain reason (or, without one, a fault kind), and Organizations' qualifier when given. */
export async function rejectsWith(promise: Promise<unknown>, reason: string, qualifier?: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isFault(error), `expected a Fault, got ${String(error)}`);
    assert.equal(error.detail.reason ?? error.kind, reason, error.message);
    if (qualifier !== undefined) assert.equal(error instanceof OrganizationsFault ? error.qualifier : undefined, qualifier);
    return true;
  });
}
