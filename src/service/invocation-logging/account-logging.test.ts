import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SecretBox } from "../../crypto/index.js";
import { Fault } from "../../kernel/index.js";
import type { InvocationLogRecord, InvocationLoggingConfigRecord, InvocationLoggingStore } from "../../store/index.js";
import { AccountInvocationLogging } from "./account-logging.js";
import type { InvocationLoggingPolicy } from "./account-logging.js";
import type { ModelInvocationLog } from "./invocation-record.js";

const ACCOUNT = "111111111111";
const OTHER = "222222222222";
const TEXT_ON = { textDataDeliveryEnabled: true, imageDataDeliveryEnabled: false, embeddingDataDeliveryEnabled: false, videoDataDeliveryEnabled: false, audioDataDeliveryEnabled: false };

function memoryStore(): InvocationLoggingStore & { logs: InvocationLogRecord[] } {
  const configs = new Map<string, InvocationLoggingConfigRecord>();
  const logs: InvocationLogRecord[] = [];
  return {
    logs,
    getConfig: async (a, r) => configs.get(`${a}/${r}`),
    putConfig: async (c) => { configs.set(`${c.accountId}/${c.region}`, c); },
    deleteConfig: async (a, r) => { configs.delete(`${a}/${r}`); },
    append: async (r) => { logs.push(r); },
    list: async (a) => logs.filter((l) => l.accountId === a),
    purgeBefore: async (cutoff) => {
      const keep = logs.filter((l) => l.createdAt >= cutoff);
      const n = logs.length - keep.length;
      logs.splice(0, logs.length, ...keep);
      return n;
    },
  };
}

/** Reverses the bytes and checks the context: enough to see the service seals and opens with it. */
const box: SecretBox = {
  sealedUnder: () => undefined,
  seal: async (p, c) => new Uint8Array([...new TextEncoder().encode(JSON.stringify(c)), 0, ...p].reverse()),
  open: async (ct, c) => {
    const bytes = [...ct].reverse();
    const cut = bytes.indexOf(0);
    assert.equal(new TextDecoder().decode(new Uint8Array(bytes.slice(0, cut))), JSON.stringify(c));
    return new Uint8Array(bytes.slice(cut + 1));
  },
};

function logAt(requestId: string, timestamp: string): ModelInvocationLog {
  return {
    schemaType: "ModelInvocationLog", schemaVersion: "1.0", timestamp, accountId: ACCOUNT, identity: { arn: "arn:aws:iam::111111111111:root" },
    region: "eu-west-2", requestId, operation: "Converse", modelId: "m",
    input: { inputContentType: "application/json", inputBodyJson: { messages: [] } }, output: { outputContentType: "application/json", outputBodyJson: {} },
  };
}

describe("an account's model invocation logging", () => {
  it("is off until put, on after, off again after delete", async () => {
    const logging = new AccountInvocationLogging(memoryStore(), box, "eu-west-2", { forbidden: false, forbiddenAccounts: [], retentionDays: 30 }, { now: () => new Date(0) });
    assert.equal(await logging.config(ACCOUNT), undefined);
    await logging.put(ACCOUNT, TEXT_ON);
    assert.deepEqual(await logging.config(ACCOUNT), TEXT_ON);
    await logging.delete(ACCOUNT);
    assert.equal(await logging.config(ACCOUNT), undefined);
  });

  it("refuses a put on a deployment that forbids content logging, saying why, and stores nothing", async () => {
    const store = memoryStore();
    const logging = new AccountInvocationLogging(store, box, "eu-west-2", { forbidden: true, forbiddenAccounts: [], retentionDays: 30 }, { now: () => new Date(0) });
    await assert.rejects(logging.put(ACCOUNT, TEXT_ON), (e: unknown) => e instanceof Fault && e.kind === "validation" && /forbidden on this deployment/.test(e.message));
    assert.equal(await store.getConfig(ACCOUNT, "eu-west-2"), undefined);
  });

  it("seals each record bound to its account and request, and purges those past the retention", async () => {
    const store = memoryStore();
    let now = new Date("2026-12-05T00:00:00Z");
    const logging = new AccountInvocationLogging(store, box, "eu-west-2", { forbidden: false, forbiddenAccounts: [], retentionDays: 2 }, { now: () => now });
    await logging.record(logAt("old", "2026-12-01T00:00:00.000Z"));
    await logging.record(logAt("new", "2026-12-04T00:00:00.000Z"));
    assert.ok(!new TextDecoder().decode(store.logs[0]!.ciphertext).includes("messages"));
    assert.deepEqual((await logging.records(ACCOUNT)).map((r) => r.requestId), ["old", "new"]);
    assert.equal(await logging.purge(), 1);
    assert.deepEqual((await logging.records(ACCOUNT)).map((r) => r.requestId), ["new"]);
    now = new Date("2026-12-07T00:00:00Z");
    assert.equal(await logging.purge(), 1);
    assert.equal(store.logs.length, 0);
  });

  it("refuses a put for an account the deployment forbids, naming the setting, while other accounts may still opt in", async () => {
    const store = memoryStore();
    const logging = new AccountInvocationLogging(store, box, "eu-west-2", { forbidden: false, forbiddenAccounts: [ACCOUNT], retentionDays: 30 }, { now: () => new Date(0) });
    await assert.rejects(logging.put(ACCOUNT, TEXT_ON), (e: unknown) => e instanceof Fault && e.kind === "validation" && e.detail.field === "loggingConfig"
      && /forbidden for account 111111111111/.test(e.message) && /invocationLogging\.forbiddenAccounts/.test(e.message));
    assert.equal(await store.getConfig(ACCOUNT, "eu-west-2"), undefined);
    await logging.put(OTHER, TEXT_ON);
    assert.deepEqual(await logging.config(OTHER), TEXT_ON);
  });

  const laterForbidden: [string, InvocationLoggingPolicy][] = [
    ["the deployment forbids content logging", { forbidden: true, forbiddenAccounts: [], retentionDays: 30 }],
    ["the account is listed as forbidden", { forbidden: false, forbiddenAccounts: [ACCOUNT], retentionDays: 30 }],
  ];
  for (const [name, policy] of laterForbidden) {
    it(`reads as off for an account configured before ${name}: nothing is recorded under the old configuration`, async () => {
      const store = memoryStore();
      await new AccountInvocationLogging(store, box, "eu-west-2", { forbidden: false, forbiddenAccounts: [], retentionDays: 30 }, { now: () => new Date(0) }).put(ACCOUNT, TEXT_ON);
      const logging = new AccountInvocationLogging(store, box, "eu-west-2", policy, { now: () => new Date(0) });
      assert.equal(await logging.config(ACCOUNT), undefined);
      await logging.delete(ACCOUNT);
      assert.equal(await store.getConfig(ACCOUNT, "eu-west-2"), undefined, "Delete still removes it");
    });
  }
});
