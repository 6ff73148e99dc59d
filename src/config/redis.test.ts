import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ConfigError, loadConfig } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "plinth-config-redis-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function load(text: string, env: Record<string, string> = {}) {
  const file = join(dir, "plinth.yaml");
  writeFileSync(file, text);
  return loadConfig({ file, env, cwd: dir });
}

describe("config: redis", () => {
  it("is absent unless configured (nothing shared but the database)", () => {
    assert.equal(load("region: us-east-1\n").redis, undefined);
  });
  for (const url of ["redis://127.0.0.1:6379", "rediss://cache.example:6380/2", "unix:///run/redis/redis.sock", "redis+unix:///run/redis.sock"]) {
    it(`takes ${url}, with the default key prefix`, () => {
      const redis = load(`redis: { url: '${url}' }\n`).redis;
      assert.equal(redis?.url.reveal(), url);
      assert.equal(redis?.keyPrefix, "plinth:");
    });
  }
  it("takes the URL by reference (it may carry a password) and a key prefix", () => {
    const redis = load("redis: { url: 'env:REDIS_URL', keyPrefix: 'eu1:' }\n", { REDIS_URL: "redis://:pw@10.0.0.5:6379" }).redis;
    assert.equal(redis?.url.reveal(), "redis://:pw@10.0.0.5:6379");
    assert.equal(redis?.keyPrefix, "eu1:");
  });
  for (const [text, path, hidden] of [
    ["redis: { url: 'http://127.0.0.1:6379' }", "redis.url", "127.0.0.1"],
    ["redis: { url: 'redis://:hunter2@' }", "redis.url", "hunter2"],
    ["redis: { url: 'unix://' }", "redis.url", undefined],
    ["redis: {}", "redis", undefined],
    ["redis: { url: 'redis://h:1', keyPrefix: 'a b' }", "redis.keyPrefix", undefined],
    ["redis: { url: 'redis://h:1', db: 2 }", "redis.db", undefined],
  ] as const) {
    it(`refuses ${text}, naming ${path}${hidden ? " and not repeating the URL" : ""}`, () => {
      assert.throws(() => load(`${text}\n`), (error: unknown) => error instanceof ConfigError && error.message.includes(path) && (hidden === undefined || !error.message.includes(hidden)));
    });
  }
});
