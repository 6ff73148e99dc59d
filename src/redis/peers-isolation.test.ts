import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { describe, it } from "node:test";
import type { PeerMessage } from "../compose/peers.js";
import type { RedisLink } from "./connect.js";
import { redisPeers } from "./peers.js";
import { recordingLogger } from "./redis.fixture.js";

/**
 * A message from the channel is handed to every cache that subscribed, in turn, inside ioredis's
 * socket data callback. One handler that throws must neither stop the ones after it (their
 * caches would keep a revoked key or an old policy until they expire) nor escape into ioredis
 * (an exception there is uncaught, and ends the process).
 */
describe("Redis peers: one handler's failure", () => {
  it("reaches neither the other handlers nor the connection", async () => {
    const subscriber = Object.assign(new EventEmitter(), { subscribe: async () => 1 });
    const link = { prefix: "t:", subscriber, commands: { publish: async () => 1 } } as unknown as RedisLink;
    const logger = recordingLogger();
    const peers = redisPeers(link, logger);
    const heard: PeerMessage[] = [];
    peers.subscribe(() => { throw new Error("a bug in one cache"); });
    peers.subscribe((m) => heard.push(m));
    const message = JSON.stringify({ from: "another", message: { kind: "access-key", accessKeyId: "AKIAEXAMPLE" } });
    assert.doesNotThrow(() => subscriber.emit("message", "t:invalidate", message));
    assert.deepEqual(heard, [{ kind: "access-key", accessKeyId: "AKIAEXAMPLE" }]);
    assert.ok(logger.warnings.some((l) => /could not apply a change/.test(l)), logger.warnings.join("\n"));
  });
});
