import { it } from "node:test";
import assert from "node:assert/strict";
import type { Store } from "../../src/store/index.js";
import { contractSuite, rejectsWith } from "./iam-fixtures.js";

const at = (iso: string) => new Date(iso);
const bytes = (s: string) => new TextEncoder().encode(s);

/** Invocation logging: configurations per account and region; sealed records purged by age. */
export function invocationLoggingContract(name: string, open: () => Promise<Store>): void {
  contractSuite(`store contract: ${name}: invocation logging`, open, (f) => {
    it("a configuration is absent until put, replaced by a put, and gone after a delete", async () => {
      const a = await f.account();
      const s = f.store.invocationLogging;
      assert.equal(await s.getConfig(a, "eu-west-2"), undefined);
      await s.putConfig({ accountId: a, region: "eu-west-2", config: "{\"textDataDeliveryEnabled\":false}", updatedAt: at("2026-01-01T00:00:00.000Z") });
      await s.putConfig({ accountId: a, region: "eu-west-2", config: "{\"textDataDeliveryEnabled\":true}", updatedAt: at("2026-01-02T00:00:00.000Z") });
      assert.deepEqual(await s.getConfig(a, "eu-west-2"), { accountId: a, region: "eu-west-2", config: "{\"textDataDeliveryEnabled\":true}", updatedAt: at("2026-01-02T00:00:00.000Z") });
      assert.equal(await s.getConfig(a, "us-east-1"), undefined);
      await s.deleteConfig(a, "eu-west-2");
      assert.equal(await s.getConfig(a, "eu-west-2"), undefined);
      await s.deleteConfig(a, "eu-west-2");
    });

    it("an account that does not exist cannot configure logging", async () => {
      await rejectsWith(f.store.invocationLogging.putConfig({ accountId: "000000000000", region: "eu-west-2", config: "{}", updatedAt: at("2026-01-01T00:00:00.000Z") }), "not-found");
    });

    it("records keep their bytes, belong to one account, and a purge deletes exactly those before the cutoff", async () => {
      const a = await f.account();
      const b = await f.account();
      const s = f.store.invocationLogging;
      await s.append({ accountId: a, requestId: "r-old", createdAt: at("2026-01-01T00:00:00.000Z"), ciphertext: bytes("sealed-1") });
      await s.append({ accountId: a, requestId: "r-new", createdAt: at("2026-01-03T00:00:00.000Z"), ciphertext: bytes("sealed-2") });
      await s.append({ accountId: b, requestId: "r-b", createdAt: at("2026-01-01T12:00:00.000Z"), ciphertext: bytes("sealed-3") });
      const listed = await s.list(a);
      assert.deepEqual(listed.map((r) => [r.requestId, new TextDecoder().decode(r.ciphertext), r.createdAt.toISOString()]),
        [["r-old", "sealed-1", "2026-01-01T00:00:00.000Z"], ["r-new", "sealed-2", "2026-01-03T00:00:00.000Z"]]);
      // The purge is deployment-wide: other accounts' old records (a shared database) go too.
      assert.ok(await s.purgeBefore(at("2026-01-02T00:00:00.000Z")) >= 2);
      assert.deepEqual((await s.list(a)).map((r) => r.requestId), ["r-new"]);
      assert.deepEqual(await s.list(b), []);
    });

    it("one request is logged once", async () => {
      const a = await f.account();
      const s = f.store.invocationLogging;
      await s.append({ accountId: a, requestId: "r-dup", createdAt: at("2026-01-01T00:00:00.000Z"), ciphertext: bytes("x") });
      await rejectsWith(s.append({ accountId: a, requestId: "r-dup", createdAt: at("2026-01-01T00:00:00.000Z"), ciphertext: bytes("y") }), "conflict");
    });
  });
}
