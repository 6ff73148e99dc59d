import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { CONFIG_DEFAULTS, ConfigError, loadConfig } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "plinth-config-metrics-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function load(text: string) {
  const file = join(dir, "plinth.yaml");
  writeFileSync(file, text);
  return loadConfig({ file, env: {}, cwd: dir });
}

describe("config: metrics", () => {
  it("is off unless configured", () => {
    assert.equal(load("region: us-east-1\n").metrics, undefined);
  });
  it("an empty metrics section listens on loopback, on 9464, with the account cap's default", () => {
    assert.deepEqual(load("metrics: {}\n").metrics, { host: "127.0.0.1", port: 9464, maxAccountLabels: CONFIG_DEFAULTS.metricsMaxAccountLabels });
  });
  it("takes its host, port and account cap", () => {
    assert.deepEqual(load("metrics: { host: '::1', port: 0, maxAccountLabels: 3 }\n").metrics, { host: "::1", port: 0, maxAccountLabels: 3 });
  });
  for (const [text, path] of [
    ["metrics: { port: 70000 }", "metrics.port"],
    ["metrics: { maxAccountLabels: 0 }", "metrics.maxAccountLabels"],
    ["metrics: { path: /x }", "metrics.path"],
  ] as const) {
    it(`refuses ${text}, naming ${path}`, () => {
      assert.throws(() => load(`${text}\n`), (error: unknown) => error instanceof ConfigError && error.message.includes(path));
    });
  }
});
