import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { redisSkip, TEST_REDIS_URL } from "../../test/support/redis.js";
import type { PeerMessage, Peers } from "../compose/peers.js";
import { Sensitive } from "../kernel/index.js";
import { openRedis } from "./connect.js";
import type { RedisLink } from "./connect.js";
import { joinedPeers, parseEnvelope, redisPeers } from "./peers.js";
import { recordingLogger } from "./redis.fixture.js";

const skip = await redisSkip();
const SELF = "me";
const from = (message: unknown, sender = "other") => JSON.stringify({ from: sender, message });

describe("Redis peers: what a message from the channel may be", () => {
  const cases: Array<[string, string, PeerMessage | undefined]> = [
    ["an access key", from({ kind: "access-key", accessKeyId: "AKIAEXAMPLE" }), { kind: "access-key", accessKeyId: "AKIAEXAMPLE" }],
    ["an API key alias", from({ kind: "service-credential", alias: "a1" }), { kind: "service-credential", alias: "a1" }],
    ["an account's policies", from({ kind: "policy", change: { scope: "account", accountId: "111111111111" } }), { kind: "policy", change: { scope: "account", accountId: "111111111111" } }],
    ["the organisation", from({ kind: "policy", change: { scope: "organization", extra: 1 } }), { kind: "policy", change: { scope: "organization" } }],
    ["a resource policy", from({ kind: "policy", change: { scope: "resource", resourceArn: "arn:aws:bedrock:eu-west-2:1:guardrail/g" } }), { kind: "policy", change: { scope: "resource", resourceArn: "arn:aws:bedrock:eu-west-2:1:guardrail/g" } }],
    ["enforced guardrails", from({ kind: "enforced-guardrails", accountId: "1" }), { kind: "enforced-guardrails", accountId: "1" }],
    ["a guardrail's rows", from({ kind: "guardrail", accountId: "1", guardrailId: "abc", extra: 1 }), { kind: "guardrail", accountId: "1", guardrailId: "abc" }],
    ["a guardrail without its id", from({ kind: "guardrail", accountId: "1" }), undefined],
    ["a guardrail id with control characters", from({ kind: "guardrail", accountId: "1", guardrailId: "a\u0000b" }), undefined],
    ["retention", from({ kind: "data-retention", accountId: "1" }), { kind: "data-retention", accountId: "1" }],
    ["logging", from({ kind: "invocation-logging", accountId: "1" }), { kind: "invocation-logging", accountId: "1" }],
    ["this process's own message", from({ kind: "access-key", accessKeyId: "AKIA" }, SELF), undefined],
    ["not JSON", "{", undefined],
    ["no sender", JSON.stringify({ message: { kind: "access-key", accessKeyId: "AKIA" } }), undefined],
    ["an unknown kind", from({ kind: "flush-all", accountId: "1" }), undefined],
    ["an id that is not a string", from({ kind: "access-key", accessKeyId: 5 }), undefined],
    ["an id with control characters", from({ kind: "access-key", accessKeyId: "A\nB" }), undefined],
    ["an id too long", from({ kind: "data-retention", accountId: "1".repeat(2049) }), undefined],
    ["an unknown policy scope", from({ kind: "policy", change: { scope: "everything" } }), undefined],
    ["an array", "[1]", undefined],
    ["a message over 8 KiB", from({ kind: "access-key", accessKeyId: "AKIA", padding: "x".repeat(8_200) }), undefined],
  ];
  for (const [name, text, expected] of cases) {
    it(`${name}: ${expected === undefined ? "ignored" : "taken"}`, () => assert.deepEqual(parseEnvelope(text, SELF), expected));
  }
});

describe("joinedPeers", () => {
  it("publishes on every way and hears from any; one way or none is itself", () => {
    const sent: string[] = [];
    const handlers: Array<(m: PeerMessage) => void> = [];
    const way = (name: string): Peers => ({ publish: () => { sent.push(name); }, subscribe: (h) => { handlers.push(h); } });
    const a = way("ipc");
    assert.equal(joinedPeers(a, undefined), a);
    assert.equal(joinedPeers(undefined, undefined), undefined);
    const both = joinedPeers(a, way("redis"))!;
    both.publish({ kind: "access-key", accessKeyId: "AKIA" });
    assert.deepEqual(sent, ["ipc", "redis"]);
    const heard: PeerMessage[] = [];
    both.subscribe((m) => heard.push(m));
    assert.equal(handlers.length, 2);
    handlers[1]!({ kind: "data-retention", accountId: "1" });
    assert.deepEqual(heard, [{ kind: "data-retention", accountId: "1" }]);
  });
});

describe("Redis peers through the real Redis", { skip }, () => {
  const link = (prefix: string): RedisLink => openRedis({ url: new Sensitive(TEST_REDIS_URL), keyPrefix: prefix }, recordingLogger());

  it("a message published by one node reaches the other, not the publisher itself, and not another deployment's prefix", async () => {
    const prefix = `plinth-test-${randomBytes(4).toString("hex")}:`;
    const [a, b, elsewhere] = [link(prefix), link(prefix), link(`${prefix}other:`)];
    try {
      const [pa, pb, pe] = [redisPeers(a, recordingLogger()), redisPeers(b, recordingLogger()), redisPeers(elsewhere, recordingLogger())];
      const heard = { a: [] as PeerMessage[], b: [] as PeerMessage[], elsewhere: [] as PeerMessage[] };
      pa.subscribe((m) => heard.a.push(m));
      const reachedB = new Promise<void>((resolve) => pb.subscribe((m) => { heard.b.push(m); resolve(); }));
      pe.subscribe((m) => heard.elsewhere.push(m));
      await Promise.all([pa.subscribed, pb.subscribed, pe.subscribed]);
      if (a.commands.status !== "ready") await new Promise((resolve) => a.commands.once("ready", resolve));
      pa.publish({ kind: "access-key", accessKeyId: "AKIAPEERTEST" });
      await reachedB;
      // A second message, from b, that a hears: by then a's own first one would have come back too.
      const reachedA = new Promise<void>((resolve) => pa.subscribe(() => resolve()));
      pb.publish({ kind: "data-retention", accountId: "111111111111" });
      await reachedA;
      assert.deepEqual(heard.b, [{ kind: "access-key", accessKeyId: "AKIAPEERTEST" }]);
      assert.deepEqual(heard.a, [{ kind: "data-retention", accountId: "111111111111" }], "a did not hear its own message");
      assert.deepEqual(heard.elsewhere, []);
    } finally {
      await Promise.all([a.close(), b.close(), elsewhere.close()]);
    }
  });
});
