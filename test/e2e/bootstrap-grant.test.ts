import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as IAM from "@aws-sdk/client-iam";
import { failsWith, iamAs } from "./iam-admin.js";
import type { Keys } from "./iam-admin.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";

/**
 * The bootstrap grant (security review, hole 3). Before the fix every start attached
 * AdministratorAccess to whichever user was *named* `administrator`, and re-attached it after an
 * operator had detached it. Now it is granted once, at bootstrap, to the user id bootstrap
 * created, and later starts leave IAM alone.
 */
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";

describe("the bootstrap grant is made once, to the user bootstrap created", () => {
  let dataDir: string;
  let server: RunningServer | undefined;
  before(async () => { dataDir = await mkdtemp(join(tmpdir(), "plinth-bootstrap-")); });
  after(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const keysFor = async (iam: IAM.IAMClient, name: string): Promise<Keys> => {
    const { AccessKey } = await iam.send(new IAM.CreateAccessKeyCommand({ UserName: name }));
    return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
  };
  const attachedTo = async (iam: IAM.IAMClient, name: string) =>
    ((await iam.send(new IAM.ListAttachedUserPoliciesCommand({ UserName: name }))).AttachedPolicies ?? []).map((p) => p.PolicyArn);

  it("a detached grant stays detached, and a new user named `administrator` gains nothing, across restarts", async () => {
    server = await startServer({ dataDir });
    const bootstrap = iamAs(server);
    // A second administrator, so the bootstrap user can be retired.
    await bootstrap.send(new IAM.CreateUserCommand({ UserName: "ops" }));
    await bootstrap.send(new IAM.AttachUserPolicyCommand({ UserName: "ops", PolicyArn: ADMIN }));
    const ops = iamAs(server, await keysFor(bootstrap, "ops"));
    bootstrap.destroy();

    // Detach the bootstrap user's grant, then retire it and let someone create a new `administrator`.
    await ops.send(new IAM.DetachUserPolicyCommand({ UserName: "administrator", PolicyArn: ADMIN }));
    for (const key of (await ops.send(new IAM.ListAccessKeysCommand({ UserName: "administrator" }))).AccessKeyMetadata ?? []) {
      await ops.send(new IAM.DeleteAccessKeyCommand({ UserName: "administrator", AccessKeyId: key.AccessKeyId }));
    }
    await ops.send(new IAM.DeleteUserCommand({ UserName: "administrator" }));
    await ops.send(new IAM.CreateUserCommand({ UserName: "administrator" }));
    const impostor = await keysFor(ops, "administrator");
    const opsKeys = ops.config.credentials;
    ops.destroy();
    await server.stop();

    server = await startServer({ dataDir });
    const opsAgain = iamAs(server, await opsKeys());
    assert.deepEqual(await attachedTo(opsAgain, "administrator"), [], "nothing was attached to the new `administrator` at the restart");
    const asImpostor = iamAs(server, impostor);
    await failsWith(asImpostor.send(new IAM.ListUsersCommand({})), "AccessDenied");
    asImpostor.destroy();
    opsAgain.destroy();
  });
});
