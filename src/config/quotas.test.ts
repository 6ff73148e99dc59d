import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ConfigError, loadConfig } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "plinth-config-quotas-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function load(text: string) {
  const file = join(dir, "plinth.yaml");
  writeFileSync(file, text);
  return loadConfig({ file, env: {}, cwd: dir });
}

describe("config: quotas", () => {
  it("are absent unless configured (no limit, as before quotas existed)", () => {
    assert.equal(load("region: us-east-1\n").quotas, undefined);
  });
  it("take defaults and per-model overrides, each field optional", () => {
    const text = "quotas:\n  requestsPerMinute: 100\n  tokensPerMinute: 200000\n  models:\n    - { model: 'us.meta.llama3-1-8b-instruct-v1:0', requestsPerMinute: 5 }\n";
    assert.deepEqual(load(text).quotas, {
      requestsPerMinute: 100, tokensPerMinute: 200000, models: [{ model: "us.meta.llama3-1-8b-instruct-v1:0", requestsPerMinute: 5 }],
    });
    assert.deepEqual(load("quotas: {}\n").quotas, { models: [] });
  });
  for (const [text, path] of [
    ["quotas: { requestsPerMinute: 0 }", "quotas.requestsPerMinute"],
    ["quotas: { tokensPerMinute: 1.5 }", "quotas.tokensPerMinute"],
    ["quotas: { perSecond: 3 }", "quotas.perSecond"],
    ["quotas: { models: [{ requestsPerMinute: 3 }] }", "quotas.models[0]"],
    ["quotas: { models: [{ model: 'a b' }] }", "quotas.models[0].model"],
    ["quotas: { models: [{ model: m.x }, { model: m.x }] }", "quotas.models[1].model"],
  ] as const) {
    it(`refuses ${text}, naming ${path}`, () => {
      assert.throws(() => load(`${text}\n`), (error: unknown) => error instanceof ConfigError && error.message.includes(path));
    });
  }
});
