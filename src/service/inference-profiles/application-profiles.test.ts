import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault, fixedClock } from "../../kernel/index.js";
import type { InferenceProfileRecord, InferenceProfileStore } from "../../store/index.js";
import { ApplicationProfiles, MAX_PROFILES_PER_ACCOUNT } from "./application-profiles.js";

/** The port's behaviour in memory; the stores themselves are covered by the store contract suite. */
function memoryStore(): InferenceProfileStore & { size(): number } {
  const rows = new Map<string, InferenceProfileRecord>();
  return {
    size: () => rows.size,
    async create(record) { rows.set(record.profileId, record); },
    async get(accountId, profileId) { const r = rows.get(profileId); return r?.accountId === accountId ? r : undefined; },
    async getByToken() { return undefined; },
    async list(accountId, { after, limit }) {
      return [...rows.values()].filter((r) => r.accountId === accountId && (after === undefined || r.profileId > after))
        .sort((a, b) => a.profileId.localeCompare(b.profileId)).slice(0, limit);
    },
    async delete(_accountId, profileId) { return rows.delete(profileId); },
    async updateTags() { return false; },
  };
}

describe("application inference profiles: the per-account quota", () => {
  it(`an account holds at most ${MAX_PROFILES_PER_ACCOUNT}; the next create is ServiceQuotaExceeded and another account is unaffected`, async () => {
    const store = memoryStore();
    const profiles = new ApplicationProfiles(store, "us-east-1", fixedClock(new Date("2026-12-04T00:00:00Z")));
    const make = (accountId: string, i: number) => profiles.create({
      accountId, profileId: `${accountId[0]}${String(i).padStart(11, "0")}`, name: `n${i}`, sourceArn: "arn:aws:bedrock:us-east-1::foundation-model/m", tags: [],
    });
    for (let i = 0; i < MAX_PROFILES_PER_ACCOUNT; i++) await make("111111111111", i);
    await assert.rejects(make("111111111111", MAX_PROFILES_PER_ACCOUNT), (e: unknown) => e instanceof Fault && e.kind === "service-quota-exceeded");
    assert.equal(store.size(), MAX_PROFILES_PER_ACCOUNT);
    await make("222222222222", 0);
  });
});
