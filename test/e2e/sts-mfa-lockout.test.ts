import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { GetSessionTokenCommand } from "@aws-sdk/client-sts";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";
import { MfaDevice, createUser, iamClient, stsClient } from "./sts-fixture.js";

/**
 * MFA codes cannot be guessed through the real server: after five wrong codes the device is
 * locked and even its right code is refused, with the same answer as a wrong one; the operator
 * sees each refusal in the log (device, caller, count, lock), and never a code.
 */
const MFA_FAILED = (e: unknown) => e instanceof Error && e.name === "AccessDenied" && /MultiFactorAuthentication failed/.test(e.message);

interface LogLine { readonly [key: string]: unknown }
const logLines = (text: string): LogLine[] =>
  text.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as LogLine);

async function settledLog(server: RunningServer, done: (lines: LogLine[]) => boolean): Promise<LogLine[]> {
  for (let waited = 0; ; waited += 20) {
    const lines = logLines(server.stdout());
    if (done(lines) || waited >= 5_000) return lines;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("MFA lockout end to end", () => {
  let server: RunningServer;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  it("GetSessionToken: five wrong codes lock the device, the right code is then refused, and the log names the device but no code", async () => {
    const iam = iamClient(server);
    const user = await createUser(iam, "guesser");
    const device = await MfaDevice.enable(iam, "guesser");
    const sts = stsClient(server, user.keys);
    const presented: string[] = [];
    for (let i = 0; i < 5; i++) {
      const code = await device.wrongCode();
      presented.push(code);
      await assert.rejects(sts.send(new GetSessionTokenCommand({ SerialNumber: device.serialNumber, TokenCode: code })), MFA_FAILED);
    }
    const right = await device.nextCode();
    presented.push(right);
    await assert.rejects(sts.send(new GetSessionTokenCommand({ SerialNumber: device.serialNumber, TokenCode: right })), MFA_FAILED, "the right code is refused while the device is locked");

    // The access log writes its line once the answer has gone: wait for the last one.
    const lines = await settledLog(server, (ls) => ls.filter((l) => l["msg"] === "request" && l["operation"] === "GetSessionToken").length >= 6);
    const refusals = lines.filter((l) => l["msg"] === "MFA code refused");
    assert.deepEqual(refusals.map((r) => [r["serialNumber"], r["principalArn"], r["use"], r["reason"], r["failures"]]), [
      ...[1, 2, 3, 4, 5].map((n) => [device.serialNumber, user.arn, "authenticate", "invalid-code", n]),
      [device.serialNumber, user.arn, "authenticate", "locked", 5],
    ]);
    assert.equal(refusals[3]!["lockedUntil"], undefined);
    const lockedUntil = Date.parse(String(refusals[4]!["lockedUntil"]));
    assert.ok(lockedUntil > Date.now() + 50_000 && lockedUntil <= Date.now() + 60_000, "locked for a minute");
    assert.equal(refusals[5]!["lockedUntil"], refusals[4]!["lockedUntil"]);
    for (const r of refusals) {
      const request = lines.find((l) => l["msg"] === "request" && l["requestId"] === r["requestId"]);
      assert.equal(request?.["error"], "AccessDenied", "each refusal names its request, as the access log records it");
    }
    // No code anywhere in what the server wrote, in any field, nor a field meant for one.
    const output = server.stdout() + server.stderr();
    for (const code of presented) assert.doesNotMatch(output, new RegExp(`(?<![0-9A-Za-z])${code}(?![0-9A-Za-z])`), `code ${code} in the log`);
    assert.doesNotMatch(output, /tokencode/i);
  });
});
