import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { PolicyChange } from "../service/policy-changes.js";
import { RelayedPolicyChanges, relayedForget } from "./peers.js";
import { workers } from "./peers.fixture.js";

describe("changes relayed between workers", () => {
  it("a policy change reaches the listeners of every worker, once, and is not sent on again", () => {
    const { peers, sent } = workers(3);
    const seen: Array<[number, PolicyChange]> = [];
    const notifiers = peers.map((p, i) => {
      const n = new RelayedPolicyChanges(p);
      n.subscribe((c) => seen.push([i, c]));
      return n;
    });
    const change: PolicyChange = { scope: "account", accountId: "111122223333" };
    notifiers[1]!.notify(change);
    assert.deepEqual(seen.sort(([a], [b]) => a - b), [[0, change], [1, change], [2, change]]);
    assert.equal(sent.length, 1);
  });

  it("without peers it is the in-process notifier", () => {
    const n = new RelayedPolicyChanges(undefined);
    const seen: PolicyChange[] = [];
    n.subscribe((c) => seen.push(c));
    n.notify({ scope: "organization" });
    assert.deepEqual(seen, [{ scope: "organization" }]);
  });

  const kinds = ["access-key", "service-credential"] as const;
  for (const kind of kinds) {
    it(`a forgotten ${kind} is forgotten by every worker, and only as that kind`, () => {
      const { peers, sent } = workers(2);
      const forgotten: string[] = [];
      const other: string[] = [];
      const forgets = peers.map((p, i) => relayedForget(p, kind, (id) => forgotten.push(`${i}:${id}`)));
      peers.forEach((p, i) => relayedForget(p, kind === "access-key" ? "service-credential" : "access-key", (id) => other.push(`${i}:${id}`)));
      forgets[0]!("ID1");
      assert.deepEqual(forgotten.sort(), ["0:ID1", "1:ID1"]);
      assert.deepEqual(other, []);
      assert.equal(sent.length, 1);
    });
  }
});
