import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { enforcedCacheMs } from "./enforced-peers.js";
import { workers } from "./peers.fixture.js";

/**
 * Enforced guardrail lists are kept per process; a change made by another process reaches this
 * one by a message. With `--workers N` on SQLite the only way was the IPC message, and the list
 * was kept with no expiry: a worker killed between committing a configuration and telling the
 * others (SIGKILL, the OOM killer) left them running inference without the guardrail the
 * account administrator enforced, until they were restarted. Whenever another process may write
 * the lists, they must expire on their own.
 */
describe("how long a process keeps an account's enforced guardrails", () => {
  it("bounded when other workers of this node may change them (--workers N, SQLite)", () => {
    const { peers } = workers(2);
    assert.equal(enforcedCacheMs({ sharedDatabase: false, peers: peers[0] }), 5_000);
  });

  it("bounded when other nodes may (PostgreSQL or Redis)", () => {
    assert.equal(enforcedCacheMs({ sharedDatabase: true, peers: undefined }), 5_000);
  });

  it("until a change through this process when it is the only one", () => {
    assert.equal(enforcedCacheMs({ sharedDatabase: false, peers: undefined }), undefined);
  });
});
