import { needsTool } from "../support/tools.js";
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { get } from "node:https";
import { delimiter, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";

const run = promisify(execFile);

/**
 * The generated CA is name-constrained; the clients people use must still accept the chain,
 * configured the way `plinth start` prints and the README shows. Clients that are not
 * installed (the AWS CLI, boto3) are skipped with a message.
 */
describe("clients trust the generated, name-constrained CA as plinth says to", () => {
  let server: RunningServer;
  /** The `export NAME=value` lines plinth printed. */
  let printed: Record<string, string>;
  before(async () => {
    server = await startServer();
    printed = Object.fromEntries([...server.stderr().matchAll(/^ {2}export (\w+)=(\S+)/gm)].map((m) => [m[1]!, m[2]!]));
  });
  after(async () => { await server?.stop(); });

  /** This process's environment without AWS settings or extra CAs, plus `extra`. */
  function cleanEnv(extra: Record<string, string>): Record<string, string> {
    const kept = Object.entries(process.env).filter(([k, v]) => v !== undefined && !k.startsWith("AWS_") && k !== "NODE_EXTRA_CA_CERTS");
    return { ...Object.fromEntries(kept) as Record<string, string>, AWS_CONFIG_FILE: "/dev/null", ...extra };
  }

  /** An executable named `command` on PATH (checked without running it: the AWS CLI takes seconds to start). */
  function onPath(command: string): boolean {
    return (process.env["PATH"] ?? "").split(delimiter).some((dir) => {
      try {
        accessSync(join(dir, command), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  }

  it("prints the CA for the AWS CLI and for Node, and the names it is limited to", () => {
    assert.equal(printed["AWS_CA_BUNDLE"], server.caPath);
    assert.equal(printed["NODE_EXTRA_CA_CERTS"], server.caPath);
    assert.match(server.stderr(), /NODE_EXTRA_CA_CERTS=\S+ +# quick start: every Node program in this shell trusts the CA \(it vouches only for localhost, 127\.0\.0\.0\/8, ::1\/128\)/);
  });

  it("the AWS CLI, with exactly the printed exports, and with --ca-bundle instead", async (t) => {
    if (!needsTool(t, onPath("aws"), "the AWS CLI")) return;
    const call = (env: Record<string, string>, args: string[] = []) =>
      run("aws", ["sts", "get-caller-identity", "--output", "json", ...args], { env: cleanEnv(env), timeout: 60_000 });
    const { AWS_CA_BUNDLE: _bundle, ...withoutBundle } = printed;
    // Side by side: the CLI takes seconds to start. One attempt without the CA: it would retry.
    const [asPrinted, perCommand, refused] = await Promise.allSettled([
      call(printed),
      call(withoutBundle, ["--ca-bundle", server.caPath]),
      call({ ...withoutBundle, AWS_MAX_ATTEMPTS: "1", AWS_RETRY_MODE: "standard" }),
    ]);
    assert.equal(asPrinted.status, "fulfilled", String((asPrinted as PromiseRejectedResult).reason));
    assert.match((JSON.parse(asPrinted.value.stdout) as { Arn: string }).Arn, /:user\/administrator$/);
    assert.equal(perCommand.status, "fulfilled", String((perCommand as PromiseRejectedResult).reason));
    assert.match(perCommand.value.stdout, /user\/administrator/);
    assert.equal(refused.status, "rejected");
    assert.match((refused.reason as { stderr?: string }).stderr ?? "", /CERTIFICATE_VERIFY_FAILED/);
  });

  it("boto3 with verify= (the CLI's Python and OpenSSL)", async (t) => {
    // The image's python3 (pip's boto3), or Debian's with python3-boto3 (.ci/run's fallback).
    const python = ["python3", "/usr/bin/python3"].find((p) => { try { execFileSync(p, ["-c", "import boto3"], { stdio: "ignore" }); return true; } catch { return false; } });
    if (!needsTool(t, python !== undefined, "boto3 (for python3)")) return;
    const script = [
      "import sys",
      "try:\n  import boto3\nexcept ImportError:\n  print('no boto3'); sys.exit(0)",
      "sts = boto3.client('sts', endpoint_url=sys.argv[1], verify=sys.argv[2], region_name=sys.argv[3])",
      "print(sts.get_caller_identity()['Arn'])",
    ].join("\n");
    const { stdout } = await run(python!, ["-c", script, server.url, server.caPath, server.region], {
      env: cleanEnv({ AWS_SHARED_CREDENTIALS_FILE: server.credentialsFile }), timeout: 60_000,
    });
    assert.match(stdout, /:user\/administrator\n$/);
  });

  it("node's fetch with the printed NODE_EXTRA_CA_CERTS, and not without it", async () => {
    const script = "const r = await fetch(process.argv[1] + '/health'); console.log(r.status, await r.text());";
    const fetchHealth = (env: Record<string, string>) =>
      run(process.execPath, ["--input-type=module", "-e", script, server.url], { env: cleanEnv(env), timeout: 30_000 });
    const { stdout } = await fetchHealth({ NODE_EXTRA_CA_CERTS: printed["NODE_EXTRA_CA_CERTS"]! });
    assert.equal(stdout.trim(), '200 {"status":"ok"}');
    await assert.rejects(fetchHealth({}), (error: { stderr?: string }) => /SELF_SIGNED_CERT_IN_CHAIN|self-signed certificate/.test(error.stderr ?? ""));
  });

  it("node's https with the CA given to one request only", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      get(`${server.url}/health`, { ca: server.ca, agent: false }, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on("error", reject);
    });
    assert.equal(status, 200);
  });
});
