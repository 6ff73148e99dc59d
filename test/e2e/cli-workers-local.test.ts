import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path, { resolve } from "node:path";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";

const MODELS_DIR = resolve("..", "shared", "models");
const present = existsSync(path.join(MODELS_DIR, "stories260K.gguf"));
if (!present && process.env["CI"]) throw new Error(`the tiny GGUF models are missing under CI (expected at ${MODELS_DIR}; see ../shared/models/README.md)`);
const skip = present ? false : `the tiny GGUF models are not at ${MODELS_DIR}`;

/**
 * Local GGUF models with several workers: each worker loads its own copy on first use, so an
 * explicit `--workers 2` is honoured and the banner says what it costs in memory.
 */
describe("plinth start --workers 2 with a local model", { skip }, () => {
  let server: RunningServer;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "plinth-local-workers-"));
    await symlink(path.join(MODELS_DIR, "stories260K.gguf"), path.join(dir, "stories260K.gguf"));
    server = await startServer({ args: ["--workers", "2"], env: { PLINTH_MODEL_DIR: dir } });
  });
  after(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("runs the two workers asked for and warns of the memory each model costs per worker", () => {
    assert.match(server.stderr(), /workers: 2 processes sharing the listeners/);
    assert.match(server.stderr(), /^warning: 1 local model is served by 2 workers: each loads its own copy on first use \(memory up to 2 × each model's size\)/m);
  });
});
