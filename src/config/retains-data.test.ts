import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ConfigError, formatProblem, loadConfig } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "plinth-retains-data-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

function load(providers: unknown[]) {
  const path = join(dir, `c${counter++}.json`);
  writeFileSync(path, JSON.stringify({ providers }));
  return loadConfig({ file: path, env: {} });
}

/** providers[].retainsData: whether a provider keeps what it is sent (service/data-retention weighs it). */
describe("providers[].retainsData", () => {
  it("defaults to false on every provider type", () => {
    const config = load([
      { id: "o", type: "openai", processingRegion: "eu" },
      { id: "a", type: "anthropic", apiKey: "k", processingRegion: "us" },
      { id: "b", type: "bedrock", region: "eu-west-2" },
      { id: "l", type: "llamacpp" },
    ]);
    assert.deepEqual(config.providers.map((p) => [p.id, p.retainsData]), [["o", false], ["a", false], ["b", false], ["l", false]]);
  });

  it("is taken as written", () => {
    const config = load([{ id: "o", type: "openai", processingRegion: "eu", retainsData: true }]);
    assert.equal(config.providers[0]!.retainsData, true);
  });

  it("must be a boolean, and the problem names the field", () => {
    assert.throws(() => load([{ id: "o", type: "openai", processingRegion: "eu", retainsData: "yes" }]), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems.map(formatProblem), ["providers[0].retainsData: must be a boolean"]);
      return true;
    });
  });
});
