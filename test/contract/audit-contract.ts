import { it } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { AuditEvent } from "../../src/audit/event.js";
import type { AuditEntry, LookupAttributeKey } from "../../src/audit/log.js";
import type { AuditRowAppender, Store } from "../../src/store/index.js";
import { auditEvent, freshWindow, leafOf } from "./audit-fixtures.js";
import type { EventShape } from "./audit-fixtures.js";
import { contractSuite, randomName, rejectsWith } from "./iam-fixtures.js";

function append(appender: AuditRowAppender, event: AuditEvent): Promise<{ node: string; index: number }> {
  const { leaf, leafHash } = leafOf(event);
  return appender.append(event, leaf, leafHash);
}

const ids = (entries: readonly AuditEntry[]): string[] => entries.map((e) => e.event.eventID);

/** The audit log: per-node indices, group commit, failed batches, LookupEvents reads, checkpoints. */
export function auditContract(name: string, open: () => Promise<Store>): void {
  contractSuite(`store contract: ${name}: audit`, open, (f) => {
    it("appends take indices 0, 1, 2 ... in order, and read back byte for byte with their leaf hashes", async () => {
      const node = randomName("node");
      const appender = f.store.audit.appender(node);
      assert.equal(f.store.audit.appender(node), appender, "one appender per node");
      assert.equal(await f.store.audit.reader.size(node), 0);
      const events = [auditEvent(), auditEvent({ resources: [{ ARN: "arn:aws:bedrock:eu-west-2::foundation-model/m", accountId: "", type: "AWS::Bedrock::Model" }] }), auditEvent()];
      const placed = [];
      for (const e of events) placed.push(await append(appender, e));
      assert.deepEqual(placed, [0, 1, 2].map((index) => ({ node, index })));
      assert.equal(await f.store.audit.reader.size(node), 3);
      assert.ok((await f.store.audit.reader.nodes()).includes(node));
      const entries = await f.store.audit.reader.range(node, 0, 3);
      assert.deepEqual(entries.map((e) => ({ node: e.node, index: e.index, event: e.event, leaf: e.leaf })),
        events.map((event, index) => ({ node, index, event, leaf: leafOf(event).leaf })));
      assert.deepEqual(ids(await f.store.audit.reader.range(node, 1, 10)), ids(entries.slice(1)), "a range past the end answers what exists");
      assert.deepEqual(await f.store.audit.reader.leafHashes(node, 0, 3), events.map((e) => leafOf(e).leafHash));
      assert.deepEqual(await f.store.audit.reader.leafHashes(node, 1, 1), []);
      await rejectsWith(f.store.audit.reader.leafHashes(node, 0, 4), "validation");
      await rejectsWith(f.store.audit.reader.range(node, 2, 1), "validation");
    });

    it("nodes keep separate logs, each from index 0", async () => {
      const a = f.store.audit.appender(randomName("node"));
      const b = f.store.audit.appender(randomName("node"));
      const [x, y] = await Promise.all([append(a, auditEvent()), append(b, auditEvent())]);
      assert.equal(x.index, 0);
      assert.equal(y.index, 0);
      assert.notEqual(x.node, y.node);
    });

    it("many concurrent appends get distinct, contiguous indices in call order, committed in a few batches", async () => {
      const node = randomName("node");
      const appender = f.store.audit.appender(node);
      const events = Array.from({ length: 600 }, () => auditEvent());
      const first = await Promise.all(events.slice(0, 300).map((e) => append(appender, e)));
      // A second wave while nothing is in flight, then a third while the second is: both must batch.
      const second = events.slice(300, 450).map((e) => append(appender, e));
      await new Promise((r) => setImmediate(r));
      const third = events.slice(450).map((e) => append(appender, e));
      const placed = [...first, ...await Promise.all(second), ...await Promise.all(third)];
      assert.deepEqual(placed.map((p) => p.index), events.map((_, i) => i));
      const stats = appender.stats();
      assert.equal(stats.events, 600);
      assert.ok(stats.batches >= 2 && stats.batches <= 10, `600 appends in ${stats.batches} batches`);
      assert.deepEqual(ids(await f.store.audit.reader.range(node, 0, 600)), events.map((e) => e.eventID));
    });

    it("a failed batch rejects every waiter in it, stores none of them, and the next batch continues from the true size", async () => {
      const node = randomName("node");
      const appender = f.store.audit.appender(node);
      const committed = auditEvent();
      assert.equal((await append(appender, committed)).index, 0);
      // A reused event id fails the whole transaction: all five were queued together.
      const batch = [auditEvent(), auditEvent(), auditEvent({ eventID: committed.eventID }), auditEvent(), auditEvent()];
      const before = appender.stats().batches;
      const outcomes = await Promise.allSettled(batch.map((e) => append(appender, e)));
      for (const o of outcomes) {
        assert.equal(o.status, "rejected", "no waiter of a failed batch is acknowledged");
        await rejectsWith(Promise.reject((o as PromiseRejectedResult).reason), "conflict");
      }
      assert.equal(appender.stats().batches, before, "a failed batch is not counted");
      assert.equal(await f.store.audit.reader.size(node), 1);
      const next = auditEvent();
      assert.deepEqual(await append(appender, next), { node, index: 1 });
      assert.deepEqual(ids(await f.store.audit.reader.range(node, 0, 5)), [committed.eventID, next.eventID]);
    });

    it("an append the store cannot take is refused alone, before it joins a batch", async () => {
      const appender = f.store.audit.appender(randomName("node"));
      const good = auditEvent();
      const { leaf } = leafOf(good);
      const outcomes = await Promise.allSettled([
        append(appender, good),
        appender.append(auditEvent(), leaf, new Uint8Array(31)),
        appender.append(auditEvent({ time: "yesterday" }), leaf, new Uint8Array(32)),
        append(appender, auditEvent()),
      ]);
      assert.deepEqual(outcomes.map((o) => o.status), ["fulfilled", "rejected", "rejected", "fulfilled"]);
      await rejectsWith(Promise.reject((outcomes[1] as PromiseRejectedResult).reason), "validation");
      assert.deepEqual(outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value.index] : [])), [0, 1]);
    });

    it("lookup answers newest first across nodes, in pages that neither repeat nor skip, between a start and an end", async () => {
      const at = freshWindow();
      const source = `${randomName("svc")}.amazonaws.com`;
      const a = f.store.audit.appender(randomName("node"));
      const b = f.store.audit.appender(randomName("node"));
      // Times out of append order, and two events in one second on different nodes.
      const plan: [AuditRowAppender, number][] = [[a, 5], [b, 1], [a, 3], [b, 3], [a, 9], [b, 7], [a, 0]];
      const events: AuditEvent[] = [];
      for (const [appender, s] of plan) {
        const e = auditEvent({ time: at(s), source });
        events.push(e);
        await append(appender, e);
      }
      const all = await f.store.audit.reader.lookup({ attribute: { key: "EventSource", value: source }, limit: 50 });
      assert.equal(all.next, undefined);
      const times = all.entries.map((e) => Date.parse(e.event.eventTime));
      assert.deepEqual(times, [...times].sort((x, y) => y - x), "newest first");
      assert.deepEqual(new Set(ids(all.entries)), new Set(events.map((e) => e.eventID)));
      const paged: string[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await f.store.audit.reader.lookup({ attribute: { key: "EventSource", value: source }, limit: 2, ...(after ? { after } : {}) });
        assert.ok(page.entries.length <= 2);
        paged.push(...ids(page.entries));
        after = page.next;
        pages += 1;
      } while (after !== undefined && pages < 10);
      assert.deepEqual(paged, ids(all.entries), "pages concatenate to the whole answer");
      assert.equal(pages, 4);
      const windowed = await f.store.audit.reader.lookup({ start: new Date(at(1)), end: new Date(at(5)), limit: 50 });
      assert.deepEqual(ids(windowed.entries).sort(), events.filter((e) => { const t = Date.parse(e.eventTime); return t >= Date.parse(at(1)) && t <= Date.parse(at(5)); }).map((e) => e.eventID).sort());
      assert.equal(windowed.entries.length, 4, "start and end are inclusive");
    });

    it("lookup filters by each attribute", async () => {
      const at = freshWindow();
      const window = { start: new Date(at(0)), end: new Date(at(100)) };
      const u = randomUUID().slice(0, 8);
      const appender = f.store.audit.appender(randomName("node"));
      const shapes: Record<string, EventShape> = {
        name: { name: `Name${u}` },
        source: { source: `s${u}.amazonaws.com` },
        user: { userName: `user-${u}`, accessKeyId: `AKIA${u.toUpperCase()}00000000` },
        role: { assumedRoleArn: `arn:aws:sts::111122223333:assumed-role/reader/session-${u}`, readOnly: true },
        resource: { resources: [{ ARN: `arn:aws:bedrock:eu-west-2:111122223333:guardrail/${u}`, accountId: "111122223333", type: `AWS::Bedrock::G${u}` }] },
      };
      const made: Record<string, AuditEvent> = {};
      let s = 1;
      for (const [key, shape] of Object.entries(shapes)) {
        made[key] = auditEvent({ time: at(s++), ...shape });
        await append(appender, made[key]!);
      }
      const cases: [LookupAttributeKey, string, string[]][] = [
        ["EventId", made["name"]!.eventID, ["name"]],
        ["EventName", `Name${u}`, ["name"]],
        ["EventSource", `s${u}.amazonaws.com`, ["source"]],
        ["Username", `user-${u}`, ["user"]],
        ["Username", `session-${u}`, ["role"]],
        ["AccessKeyId", `AKIA${u.toUpperCase()}00000000`, ["user"]],
        ["ResourceType", `AWS::Bedrock::G${u}`, ["resource"]],
        ["ResourceName", `arn:aws:bedrock:eu-west-2:111122223333:guardrail/${u}`, ["resource"]],
        ["ReadOnly", "true", ["role"]],
        ["ReadOnly", "false", ["resource", "user", "source", "name"]],
        ["EventName", "NoSuchEvent", []],
      ];
      for (const [key, value, expected] of cases) {
        const { entries } = await f.store.audit.reader.lookup({ attribute: { key, value }, ...window, limit: 50 });
        assert.deepEqual(ids(entries), expected.map((k) => made[k]!.eventID), `${key}=${value}`);
      }
      // A caller's own account only: every event here was recorded for 111122223333.
      assert.equal((await f.store.audit.reader.lookup({ ...window, account: "111122223333", limit: 50 })).entries.length, 5);
      assert.deepEqual((await f.store.audit.reader.lookup({ ...window, account: "444455556666", limit: 50 })).entries, []);
      await rejectsWith(f.store.audit.reader.lookup({ attribute: { key: "ReadOnly", value: "yes" }, limit: 5 }), "validation");
      await rejectsWith(f.store.audit.reader.lookup({ limit: 5, after: "not-a-token" }), "validation");
      await rejectsWith(f.store.audit.reader.lookup({ limit: 0 }), "validation");
    });

    it("two writers on one node (a misconfiguration) never fork the log: every acknowledged index holds its event", async () => {
      const other = await open();
      try {
        const node = randomName("node");
        const writers = [f.store.audit.appender(node), other.audit.appender(node)];
        const acked = new Map<number, string>();
        for (let round = 0; round < 10; round++) {
          const events = Array.from({ length: 10 }, () => auditEvent());
          const outcomes = await Promise.allSettled(events.map((e, i) => append(writers[i % 2]!, e)));
          outcomes.forEach((o, i) => {
            if (o.status === "fulfilled") {
              assert.ok(!acked.has(o.value.index), `index ${o.value.index} acknowledged twice`);
              acked.set(o.value.index, events[i]!.eventID);
            } else {
              assert.ok(o.reason instanceof Error && "kind" in o.reason && ["conflict", "service-unavailable"].includes(String(o.reason.kind)), String(o.reason));
            }
          });
        }
        const entries = await f.store.audit.reader.range(node, 0, 1000);
        assert.deepEqual(entries.map((e) => e.index), entries.map((_, i) => i), "contiguous from 0");
        assert.equal(entries.length, acked.size, "nothing stored that was not acknowledged");
        for (const [index, id] of acked) assert.equal(entries[index]?.event.eventID, id);
      } finally {
        await other.close();
      }
    });

    it("closing the store lets queued appends commit, and refuses appends after it", async () => {
      const store = await open();
      const node = randomName("node");
      const appender = store.audit.appender(node);
      const queued = Array.from({ length: 50 }, () => append(appender, auditEvent()));
      await store.close();
      assert.deepEqual((await Promise.all(queued)).map((p) => p.index), Array.from({ length: 50 }, (_, i) => i));
      await rejectsWith(append(appender, auditEvent()), "service-unavailable");
      await rejectsWith(append(store.audit.appender(node), auditEvent()), "service-unavailable");
      assert.equal(await f.store.audit.reader.size(node), 50);
    });

    it("checkpoints: one per node and size, the latest is the largest, listed oldest first", async () => {
      const node = randomName("node");
      const other = randomName("node");
      assert.equal(await f.store.audit.checkpoints.latest(node), undefined);
      const cp = (size: number) => ({ node, size, time: new Date(Date.UTC(2030, 0, 1, 0, 0, size)), note: `plinth/${node}\n${size}\nAAAA\n\n— sig\n` });
      await f.store.audit.checkpoints.add(cp(10));
      await f.store.audit.checkpoints.add(cp(2));
      await f.store.audit.checkpoints.add({ ...cp(50), node: other });
      assert.deepEqual(await f.store.audit.checkpoints.latest(node), cp(10));
      assert.deepEqual(await f.store.audit.checkpoints.list(node), [cp(2), cp(10)]);
      await rejectsWith(f.store.audit.checkpoints.add({ ...cp(10), note: "another" }), "conflict");
      assert.deepEqual(await f.store.audit.checkpoints.list(node), [cp(2), cp(10)]);
    });
  });
}
