import { it } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { AuditEvent } from "../../src/audit/event.js";
import type { AuditRowAppender, Store } from "../../src/store/index.js";
import { auditEvent, leafOf } from "./audit-fixtures.js";
import { contractSuite, randomName, rejectsWith } from "./iam-fixtures.js";

function append(appender: AuditRowAppender, event: AuditEvent): Promise<{ node: string; index: number }> {
  const { leaf, leafHash } = leafOf(event);
  return appender.append(event, leaf, leafHash);
}

const hash = (fill: number): Uint8Array => new Uint8Array(32).fill(fill);

/** Retention: a node's oldest events deleted as one prefix, their frontier recorded in the same transaction. */
export function auditPruneContract(name: string, open: () => Promise<Store>): void {
  contractSuite(`store contract: ${name}: audit pruning`, open, (f) => {
    it("deletes events [0, N) with their resources, keeps the frontier, and the log's size and next index stay", async () => {
      const node = randomName("node");
      const neighbour = randomName("node");
      const appender = f.store.audit.appender(node);
      const arn = `arn:aws:bedrock:eu-west-2:111122223333:guardrail/${randomUUID().slice(0, 8)}`;
      const events = Array.from({ length: 6 }, (_, i) => auditEvent(i === 1 ? { resources: [{ ARN: arn, accountId: "111122223333", type: "AWS::Bedrock::Guardrail" }] } : {}));
      for (const e of events) await append(appender, e);
      await append(f.store.audit.appender(neighbour), auditEvent());
      assert.equal(await f.store.audit.reader.frontier(node), undefined);

      // Three leaves: a frontier of two nodes (a subtree of 2, then one leaf).
      const frontier = { node, size: 3, nodes: [hash(1), hash(2)] };
      assert.equal(await f.store.audit.prune(frontier, new Date("2030-02-01T00:00:00Z")), 3);
      assert.deepEqual(await f.store.audit.reader.frontier(node), frontier);
      assert.equal(await f.store.audit.reader.size(node), 6, "the size is unchanged");
      assert.deepEqual((await f.store.audit.reader.range(node, 0, 6)).map((e) => e.index), [3, 4, 5]);
      assert.deepEqual(await f.store.audit.reader.leafHashes(node, 3, 6), events.slice(3).map((e) => leafOf(e).leafHash));
      await rejectsWith(f.store.audit.reader.leafHashes(node, 0, 6), "validation");
      assert.deepEqual(await f.store.audit.reader.leaves(node, 3, 6), events.slice(3).map((e) => leafOf(e).leaf));
      await rejectsWith(f.store.audit.reader.leaves(node, 0, 6), "validation");
      assert.deepEqual((await f.store.audit.reader.lookup({ attribute: { key: "EventId", value: events[0]!.eventID }, limit: 5 })).entries, []);
      assert.deepEqual((await f.store.audit.reader.lookup({ attribute: { key: "ResourceName", value: arn }, limit: 5 })).entries, [], "its resources went with it");
      assert.deepEqual(await append(appender, auditEvent()), { node, index: 6 }, "indices are never reused");
      assert.equal(await f.store.audit.reader.size(neighbour), 1, "another node's log is untouched");
      assert.equal(await f.store.audit.reader.frontier(neighbour), undefined);

      // Never backwards, never the whole log, never a malformed frontier; a refusal changes nothing.
      await rejectsWith(f.store.audit.prune({ node, size: 2, nodes: [hash(3)] }, new Date()), "conflict");
      await rejectsWith(f.store.audit.prune({ node, size: 3, nodes: [hash(1), hash(2)] }, new Date()), "conflict");
      await rejectsWith(f.store.audit.prune({ node, size: 7, nodes: [hash(1), hash(2), hash(3)] }, new Date()), "validation");
      await rejectsWith(f.store.audit.prune({ node, size: 5, nodes: [new Uint8Array(31), hash(2)] }, new Date()), "validation");
      assert.deepEqual((await f.store.audit.reader.range(node, 0, 7)).map((e) => e.index), [3, 4, 5, 6]);

      // A later pruning moves the frontier on; the largest is the one in force.
      assert.equal(await f.store.audit.prune({ node, size: 5, nodes: [hash(4), hash(5)] }, new Date("2030-02-02T00:00:00Z")), 2);
      assert.deepEqual(await f.store.audit.reader.frontier(node), { node, size: 5, nodes: [hash(4), hash(5)] });
      assert.deepEqual((await f.store.audit.reader.range(node, 0, 7)).map((e) => e.index), [5, 6]);
    });

    it("checkpoints by size, and the newest signed before a time and below a size (what pruning may use)", async () => {
      const node = randomName("node");
      const cp = (size: number, minute: number) => ({ node, size, time: new Date(Date.UTC(2030, 0, 1, 0, minute)), note: `plinth/${node}\n${size}\nAAAA\n\n— sig\n` });
      for (const c of [cp(0, 0), cp(4, 10), cp(9, 20), cp(15, 30)]) await f.store.audit.checkpoints.add(c);
      assert.deepEqual(await f.store.audit.checkpoints.get(node, 9), cp(9, 20));
      assert.equal(await f.store.audit.checkpoints.get(node, 8), undefined);
      assert.equal(await f.store.audit.checkpoints.get(randomName("node"), 9), undefined);
      assert.deepEqual(await f.store.audit.checkpoints.newestBefore(node, new Date(Date.UTC(2030, 0, 1, 0, 25)), 100), cp(9, 20));
      assert.deepEqual(await f.store.audit.checkpoints.newestBefore(node, new Date(Date.UTC(2030, 0, 1, 0, 20)), 100), cp(4, 10), "strictly before");
      assert.deepEqual(await f.store.audit.checkpoints.newestBefore(node, new Date(Date.UTC(2031, 0, 1)), 15), cp(9, 20), "strictly below the size");
      assert.equal(await f.store.audit.checkpoints.newestBefore(node, new Date(Date.UTC(2029, 0, 1)), 100), undefined);
    });
  });
}
