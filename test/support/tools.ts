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

/**
 * A test that reads files from ../shared (small real models): skipped with the reason where the
 * folder is absent, a failure under CI, where it is always beside the checkout. Returns whether to go on.
 */
export function needsShared(t: TestContext, present: boolean, what: string): boolean {
  if (present) return true;
  if (process.env["CI"]) assert.fail(`${what} is absent under CI: ../shared must be beside the checkout`);
  t.skip(`${what} is absent (see its README)`);
  return false;
}
