import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ConfigError, createConfigValidator, formatProblem, loadConfig } from "./index.js";

/** `tokenizeEndpoint` on an OpenAI-compatible provider: the one server protocol known, nothing else. */
describe("config: an OpenAI-compatible provider's tokenizeEndpoint", () => {
  const dir = mkdtempSync(join(tmpdir(), "plinth-config-tokenize-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const validator = createConfigValidator();
  const load = (provider: Record<string, unknown>) => {
    const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify({ providers: [{ id: "v", type: "openai", baseUrl: "http://127.0.0.1:8000/v1", processingRegion: "eu", ...provider }] }));
    return loadConfig({ file: path, env: {} }, validator);
  };

  it("vllm is carried to the provider's settings; absent, it stays absent", () => {
    const [vllm] = load({ tokenizeEndpoint: "vllm" }).providers;
    assert.ok(vllm?.type === "openai" && vllm.tokenizeEndpoint === "vllm");
    const [plain] = load({}).providers;
    assert.ok(plain?.type === "openai" && !("tokenizeEndpoint" in plain));
  });

  it("anything else is refused, naming the field", () => {
    assert.throws(() => load({ tokenizeEndpoint: "ollama" }), (e: unknown) =>
      e instanceof ConfigError && e.problems.map(formatProblem).some((p) => p.startsWith("providers[0].tokenizeEndpoint:")));
  });
});
