import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { SecretBox } from "../crypto/index.js";
import { loggingConfigToJson } from "../service/invocation-logging/index.js";
import type { DataRetentionRecord, DataRetentionStore, InvocationLoggingConfigRecord, InvocationLoggingStore } from "../store/index.js";
import { PeerAccountRetention, PeerInvocationLogging } from "./account-settings-peers.js";
import { workers } from "./peers.fixture.js";

const ACCOUNT = "111111111111";
const OTHER = "222222222222";
const REGION = "eu-west-2";
/** Time stands still: whatever a worker sees changed, it saw through the relay, not a cache expiry. */
const clock = { now: () => new Date(Date.parse("2026-12-06T00:00:00Z")) };
const TEXT_ON = { textDataDeliveryEnabled: true, imageDataDeliveryEnabled: false, embeddingDataDeliveryEnabled: false, videoDataDeliveryEnabled: false, audioDataDeliveryEnabled: false };

function retentionStore(): DataRetentionStore {
  const rows = new Map<string, DataRetentionRecord>();
  return { get: async (a, r) => rows.get(`${a}/${r}`), put: async (r) => { rows.set(`${r.accountId}/${r.region}`, r); } };
}

function loggingStore(): InvocationLoggingStore {
  const configs = new Map<string, InvocationLoggingConfigRecord>();
  return {
    getConfig: async (a, r) => configs.get(`${a}/${r}`),
    putConfig: async (c) => { configs.set(`${c.accountId}/${c.region}`, c); },
    deleteConfig: async (a, r) => { configs.delete(`${a}/${r}`); },
    append: async () => undefined, list: async () => [], purgeBefore: async () => 0,
  };
}

const box = { sealedUnder: () => undefined, seal: async (p: Uint8Array) => p, open: async (c: Uint8Array) => c } satisfies SecretBox;
const policy = { forbidden: false, forbiddenAccounts: [], retentionDays: 30 };

describe("account settings relayed between workers", () => {
  it("a data-retention mode put through one worker is what every worker reads next, for that account only", async () => {
    const store = retentionStore();
    const { peers, sent } = workers(3);
    const nodes = peers.map((p) => new PeerAccountRetention(p, store, REGION, clock));
    // Every worker has read (and cached) both accounts' modes.
    for (const n of nodes) { await n.stated(ACCOUNT); await n.stated(OTHER); }
    await nodes[0]!.put(ACCOUNT, "provider_data_share");
    for (const n of nodes) assert.equal((await n.stated(ACCOUNT)).mode, "provider_data_share");
    assert.deepEqual(sent, [{ kind: "data-retention", accountId: ACCOUNT }]);
  });

  it("without the relay a worker keeps what it cached (the reason for it)", async () => {
    const store = retentionStore();
    const [a, b] = [new PeerAccountRetention(undefined, store, REGION, clock), new PeerAccountRetention(undefined, store, REGION, clock)];
    await b.stated(ACCOUNT);
    await a.put(ACCOUNT, "provider_data_share");
    assert.equal((await b.stated(ACCOUNT)).mode, "none");
  });

  it("invocation logging put and deleted through one worker is on, then off, on every worker at once", async () => {
    const store = loggingStore();
    const { peers, sent } = workers(2);
    const nodes = peers.map((p) => new PeerInvocationLogging(p, store, box, REGION, policy, clock));
    for (const n of nodes) assert.equal(await n.config(ACCOUNT), undefined);
    await nodes[1]!.put(ACCOUNT, TEXT_ON);
    for (const n of nodes) assert.deepEqual(await n.config(ACCOUNT), TEXT_ON);
    await nodes[0]!.delete(ACCOUNT);
    for (const n of nodes) assert.equal(await n.config(ACCOUNT), undefined);
    assert.deepEqual(sent.map((m) => m.kind), ["invocation-logging", "invocation-logging"]);
  });

  it("a retention change is not taken for a logging one, nor the reverse", async () => {
    const { peers } = workers(2);
    const retention = retentionStore();
    const logging = loggingStore();
    const [r0, r1] = peers.map((p) => new PeerAccountRetention(p, retention, REGION, clock));
    const [l0, l1] = peers.map((p) => new PeerInvocationLogging(p, logging, box, REGION, policy, clock));
    // Worker 1 has cached the account's retention mode (none) and logging configuration (text on).
    await l0!.put(ACCOUNT, TEXT_ON);
    await r1!.stated(ACCOUNT);
    assert.deepEqual(await l1!.config(ACCOUNT), TEXT_ON);
    // Both rows change behind the services' backs; then each service relays its own kind.
    await retention.put({ accountId: ACCOUNT, region: REGION, mode: "provider_data_share", updatedAt: clock.now() });
    await logging.deleteConfig(ACCOUNT, REGION);
    await l0!.delete(ACCOUNT);
    assert.equal((await r1!.stated(ACCOUNT)).mode, "none", "a logging change dropped the cached retention mode");
    // The reverse: worker 1 has cached logging off; the row says on; a retention change is relayed.
    assert.equal(await l1!.config(ACCOUNT), undefined);
    await logging.putConfig({ accountId: ACCOUNT, region: REGION, config: loggingConfigToJson(TEXT_ON), updatedAt: clock.now() });
    await r0!.put(ACCOUNT, "none");
    assert.equal(await l1!.config(ACCOUNT), undefined, "a retention change dropped the cached logging configuration");
  });
});
