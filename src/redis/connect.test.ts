import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { connectionOptions } from "./connect.js";

describe("Redis connection options from the configured URL", () => {
  it("a TCP URL is left to ioredis to parse, commands never queued (set by openRedis)", () => {
    const { url, options } = connectionOptions("redis://:pw@10.0.0.5:6379/2");
    assert.equal(url, "redis://:pw@10.0.0.5:6379/2");
    assert.equal(options.path, undefined);
  });
  for (const [given, path, db, password] of [
    ["unix:///run/redis/redis.sock", "/run/redis/redis.sock", undefined, undefined],
    ["redis+unix:///tmp/ns%201/r.sock?db=3", "/tmp/ns 1/r.sock", 3, undefined],
    ["redis+unix:///tmp/r.sock?password=s%40cret&db=1", "/tmp/r.sock", 1, "s@cret"],
    ["unix:///tmp/r.sock?db=x", "/tmp/r.sock", undefined, undefined],
  ] as const) {
    it(`${given} is the socket ${path}`, () => {
      const { url, options } = connectionOptions(given);
      assert.equal(url, undefined);
      assert.equal(options.path, path);
      assert.equal(options.db, db);
      assert.equal(options.password, password);
    });
  }
});
