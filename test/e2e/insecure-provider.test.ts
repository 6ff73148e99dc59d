import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";

/**
 * A provider reached over plain http on another machine starts only with allowInsecureHttp,
 * and then every start says so in the log, naming the provider by id and not by URL.
 */
describe("a provider opted in to plain http on another machine", () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({
      config: {
        providers: [
          { id: "gpu-a", type: "openai", processingRegion: "eu", baseUrl: "http://gpu-box.invalid:8000/v1", allowInsecureHttp: true },
          { id: "local-vllm", type: "openai", processingRegion: "eu", baseUrl: "http://127.0.0.1:9/v1" },
        ],
      },
    });
  });
  after(async () => { await server?.stop(); });

  it("is warned about at start-up by id, without its URL", () => {
    const warnings = server.stdout().split("\n").filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { level: number; provider?: string; msg: string })
      .filter((entry) => entry.level === 40 && entry.provider !== undefined);
    assert.deepEqual(warnings.map((w) => w.provider), ["gpu-a"], "one warning, for the opted-in provider only");
    assert.match(warnings[0]!.msg, /plain http on another machine \(allowInsecureHttp\)/);
    assert.ok(!`${server.stdout()}${server.stderr()}`.includes("gpu-box"), "the log repeats the URL");
  });
});
