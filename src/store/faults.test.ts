import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { storeFault } from "./faults.js";

const driverError = (code: string) => Object.assign(new Error(`row (secret-value) violates something`), { code });

describe("store faults", () => {
  it("a unique violation is a conflict, a foreign-key violation not-found, or a conflict when a delete is refused", () => {
    assert.equal(storeFault(driverError("23505")).kind, "conflict");
    assert.equal(storeFault(driverError("SQLITE_CONSTRAINT_UNIQUE")).kind, "conflict");
    assert.equal(storeFault(driverError("23503"), { missing: "account 1 does not exist" }).message, "account 1 does not exist");
    const inUse = storeFault(driverError("SQLITE_CONSTRAINT_FOREIGNKEY"), { missing: "m", inUse: "user u still has keys" });
    assert.deepEqual([inUse.kind, inUse.message], ["conflict", "user u still has keys"]);
  });

  it("a deadlock or serialization failure asks for a retry; the driver's message never shows", () => {
    for (const code of ["40P01", "40001"]) {
      const f = storeFault(driverError(code));
      assert.equal(f.kind, "throttling");
      assert.ok(!f.message.includes("secret-value"));
    }
    assert.ok(!storeFault(driverError("XX000")).message.includes("secret-value"));
  });
});
