import { after, before, describe, it } from "node:test";
import { availableParallelism } from "node:os";
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { startModelServer } from "../../src/cli/model-server.fixture.js";
import type { ModelServer } from "../../src/cli/model-server.fixture.js";
import { needsShared, needsTool, onPath } from "../support/tools.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";

const run = promisify(execFile);
const shared = resolve("..", "shared", "models");
const FILE = "stories260K.gguf";
const SHA = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d"; // ../shared/models/README.md

/**
 * The first hour, as a new user spends it: start on an empty data directory, read what plinth
 * prints, pull a model with `plinth models pull`, restart, and use the AWS CLI and boto3 with
 * exactly the environment plinth printed.
 */
describe("plinth start and models pull, as a new user meets them", () => {
  let dataDir: string;
  let files: ModelServer;
  let empty: RunningServer;
  let served: RunningServer;
  let printed: Record<string, string>;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "plinth-first-hour-"));
    files = await startModelServer({ dir: shared, linkedSha256: { [FILE]: SHA } });
    // As a new user starts it: no --workers, so as many workers as cores (2 or more on a machine that has them).
    empty = await startServer({ dataDir, workers: "default" });
    await empty.stop();
  });
  after(async () => {
    await served?.stop();
    await files?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("runs one worker per core by default, and says so", () => {
    const cores = availableParallelism();
    // One core: one process, and no workers line to read.
    if (cores === 1) return assert.doesNotMatch(empty.stderr(), /^workers:/m);
    assert.match(empty.stderr(), new RegExp(`^workers: ${cores} processes sharing the listeners \\(pids( \\d+,){${cores - 1}} \\d+; primary ${empty.pid}\\)$`, "m"));
  });

  it("with no model, says how to add one", () => {
    assert.match(empty.stderr(), /^models: none yet\. To add one, download a GGUF file into the data directory and restart plinth:$/m);
    assert.match(empty.stderr(), new RegExp(`^ {2}node bin/plinth\\.js models pull https://\\.\\.\\./NAME\\.gguf --sha256 HEX --data-dir ${dataDir}$`, "m"));
  });

  it("keeps people's lines on stderr and the JSON log on stdout, and says when it has stopped", () => {
    const log = empty.stdout().trim().split("\n");
    assert.ok(log.length >= 2);
    const messages = log.map((line) => (JSON.parse(line) as { msg: string }).msg);
    assert.ok(messages.includes("plinth started"), JSON.stringify(messages));
    assert.equal(messages.at(-1), "plinth stopped");
    const text = empty.stderr().trim().split("\n");
    assert.deepEqual(text.filter((line) => line.trimStart().startsWith("{")), []);
    assert.deepEqual(text.slice(-2), ["plinth: stopping (SIGTERM): finishing the requests in flight", "plinth stopped"]);
  });

  it("models pull puts the file where the next start finds it", async (t) => {
    if (!needsShared(t, existsSync(join(shared, FILE)), join(shared, FILE))) return;
    const { stdout } = await run(process.execPath, ["bin/plinth.js", "models", "pull", `${files.url}/resolve/${FILE}`, "--data-dir", dataDir], { env: { PATH: process.env["PATH"] ?? "" } });
    assert.match(stdout, new RegExp(`^saved ${join(dataDir, "models", FILE)} \\(1185376 bytes, sha256 ${SHA}, checked against the sha256 the server publishes\\)$`, "m"));
    served = await startServer({ dataDir, workers: "default" });
    assert.match(served.stderr(), /^models: 1$/m);
    // A local model: the default never loads it once per core.
    if (availableParallelism() > 1) assert.match(served.stderr(), new RegExp(`^workers: 1, not ${availableParallelism()}: 1 local model is served`, "m"));
    printed = exports(served.stderr());
    assert.deepEqual(Object.keys(printed).sort(), ["AWS_CA_BUNDLE", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_SHARED_CREDENTIALS_FILE", "NODE_EXTRA_CA_CERTS"]);
  });

  it("the AWS CLI lists the model with exactly the printed environment", async (t) => {
    // Without the model file the pull above skipped (a failure under CI); with it, it must have worked.
    if (!needsShared(t, existsSync(join(shared, FILE)), join(shared, FILE))) return;
    assert.ok(printed !== undefined, "the pull above failed: there is no printed environment to use");
    if (!needsTool(t, onPath("aws"), "the AWS CLI")) return;
    const answer = await run("aws", ["bedrock", "list-foundation-models", "--output", "json"], { env: cleanEnv(printed), timeout: 60_000 }).catch((e: { stderr?: string }) => e);
    if ("stderr" in answer && /Invalid choice/.test(answer.stderr ?? "") && !needsTool(t, false, "an AWS CLI that knows Bedrock (botocore 1.31 or later)")) return;
    assert.ok("stdout" in answer, (answer as { stderr?: string }).stderr);
    const ids = (JSON.parse(answer.stdout) as { modelSummaries: Array<{ modelId: string }> }).modelSummaries.map((m) => m.modelId);
    assert.ok(ids.some((id) => id.toLowerCase() === "local.stories260k"), ids.join(", "));
  });

  it("boto3 lists the model with exactly the printed environment", async (t) => {
    // Without the model file the pull above skipped (a failure under CI); with it, it must have worked.
    if (!needsShared(t, existsSync(join(shared, FILE)), join(shared, FILE))) return;
    assert.ok(printed !== undefined, "the pull above failed: there is no printed environment to use");
    const python = ["python3", "/usr/bin/python3"].find((p) => { try { execFileSync(p, ["-c", "import boto3"], { stdio: "ignore" }); return true; } catch { return false; } });
    if (!needsTool(t, python !== undefined, "boto3 (for python3)")) return;
    const script = "import boto3, json; print(json.dumps([m['modelId'] for m in boto3.client('bedrock').list_foundation_models()['modelSummaries']]))";
    const { stdout } = await run(python!, ["-c", script], { env: cleanEnv(printed), timeout: 60_000 });
    assert.ok((JSON.parse(stdout) as string[]).some((id) => id.toLowerCase() === "local.stories260k"), stdout);
  });
});

/** The `export NAME=value` lines, read as a shell reads them (a value may be single-quoted). */
function exports(text: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of text.matchAll(/^ {2}export (\w+)=((?:'[^']*'|\\'|[^\s'])+)/gm)) {
    found[m[1]!] = m[2]!.replace(/'([^']*)'|\\'/g, (whole, quoted: string | undefined) => (quoted ?? "'"));
  }
  return found;
}

/** This process's environment without AWS settings, extra CAs or an AWS config file, plus `extra`. */
function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const kept = Object.entries(process.env).filter(([k, v]) => v !== undefined && !k.startsWith("AWS_") && k !== "NODE_EXTRA_CA_CERTS");
  return { ...Object.fromEntries(kept) as Record<string, string>, AWS_CONFIG_FILE: "/dev/null", ...extra };
}

