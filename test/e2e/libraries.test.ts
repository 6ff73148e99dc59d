import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { startE2e, MODELS } from "./fixture.js";
import type { E2e } from "./fixture.js";

const run = promisify(execFile);

describe("popular libraries built on the AWS SDK work unchanged against plinth", () => {
  let e2e: E2e;
  before(async () => { e2e = await startE2e(); });
  after(async () => { await e2e?.stop(); });

  it("Anthropic's Bedrock SDK: messages.create and messages.stream, trusting the CA the ordinary way", async () => {
    const { stdout } = await run(process.execPath, ["dist/test/e2e/clients/anthropic-bedrock.js"], {
      env: {
        PATH: process.env["PATH"] ?? "",
        NODE_EXTRA_CA_CERTS: e2e.server.caPath,
        AWS_SHARED_CREDENTIALS_FILE: e2e.server.credentialsFile,
        AWS_CONFIG_FILE: "/dev/null",
        AWS_REGION: e2e.server.region,
        PLINTH_URL: e2e.server.url,
        MODEL: MODELS.claude,
      },
      timeout: 30_000,
    });
    const got = JSON.parse(stdout) as { created: { text: string; stop: string; usage: { input_tokens: number } }; streamed: { text: string; deltas: number; stop: string } };
    assert.equal(got.created.text, "Hello there.");
    assert.equal(got.created.stop, "end_turn");
    assert.ok(got.created.usage.input_tokens > 0);
    assert.equal(got.streamed.text, "Hello there.");
    assert.ok(got.streamed.deltas > 1, "the answer arrived in several deltas");
    // The SDK called InvokeModel and InvokeModelWithResponseStream with Anthropic's native body.
    const log = e2e.server.stdout();
    assert.match(log, /"operation":"InvokeModel"/);
    assert.match(log, /"operation":"InvokeModelWithResponseStream"/);
  });
});
