import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import type { TestContext } from "node:test";

/**
 * A test that needs a program of the machine's (openssl, the AWS CLI, boto3): skipped with the
 * reason on a developer's machine without it, but a failure under CI, where .ci/run installs it,
 * so a green CI never hides a check that did not run. Returns whether to go on.
 */
export function needsTool(t: TestContext, available: boolean, what: string): boolean {
  if (available) return true;
  if (process.env["CI"]) assert.fail(`${what} is missing under CI: .ci/run installs it`);
  t.skip(`${what} is not installed`);
  return false;
}

/** Whether a command is on the PATH. */
export function onPath(command: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
