import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { GetAccountDataRetentionCommand, ListFoundationModelsCommand, PutAccountDataRetentionCommand } from "@aws-sdk/client-bedrock";
import * as IAM from "@aws-sdk/client-iam";
import { dropSchema, postgresSkip, TEST_DATABASE_URL } from "../support/postgres.js";
import { redisSkip, TEST_REDIS_URL } from "../support/redis.js";
import { startServer } from "./harness.js";
import { secondNodeDataDir } from "./second-node.fixture.js";
import type { RunningServer } from "./harness.js";
import { allow, bedrockAs, iamAs, policy } from "./iam-admin.js";

/**
 * The invalidation messages between nodes are at most once: one lost (Redis down, a node
 * reconnecting) must delay a change by the cache's own time, never leave it unseen. Here every
 * message is lost: the nodes publish and subscribe under different Redis key prefixes, so
 * neither hears the other. A key deactivated through A is still refused by B within its 5 s
 * lookup cache, and a data-retention mode put through A is what B reads within 5 s.
 */
const skip = (await postgresSkip()) || (await redisSkip());
const CACHE_MS = 5_000;

describe("two nodes whose invalidation messages are all lost", { skip }, () => {
  const schema = `plinth_hnodes_${randomBytes(4).toString("hex")}`;
  const prefix = `plinth-hnodes-${randomBytes(4).toString("hex")}`;
  const config = (node: string) => ({
    region: "eu-west-2", server: { databaseUrl: `${TEST_DATABASE_URL}?schema=${schema}` }, audit: { node },
    redis: { url: TEST_REDIS_URL, keyPrefix: `${prefix}-${node}:` },
  });
  let a: RunningServer;
  let b: RunningServer;
  let dirB: string;

  before(async () => {
    a = await startServer({ config: config("node-a") });
    dirB = await secondNodeDataDir(a, "plinth-e2e-lost-");
    b = await startServer({ config: config("node-b"), dataDir: dirB });
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
    await rm(dirB, { recursive: true, force: true });
    await dropSchema(schema);
  });

  /** Milliseconds until `check` holds, polling; fails past `limitMs`. */
  async function until(check: () => Promise<boolean>, limitMs: number): Promise<number> {
    const start = Date.now();
    while (!(await check())) {
      assert.ok(Date.now() - start < limitMs, `still not seen after ${limitMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return Date.now() - start;
  }

  it("a key deactivated through A stops working on B within B's cache time", async () => {
    const iam = iamAs(a);
    await iam.send(new IAM.CreateUserCommand({ UserName: "lost" }));
    await iam.send(new IAM.PutUserPolicyCommand({ UserName: "lost", PolicyName: "p", PolicyDocument: policy(allow("bedrock:ListFoundationModels")) }));
    const { AccessKey } = await iam.send(new IAM.CreateAccessKeyCommand({ UserName: "lost" }));
    const onB = bedrockAs(b, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    try {
      await onB.send(new ListFoundationModelsCommand({})); // cached on B now
      await iam.send(new IAM.UpdateAccessKeyCommand({ UserName: "lost", AccessKeyId: AccessKey!.AccessKeyId!, Status: "Inactive" }));
      await until(() => onB.send(new ListFoundationModelsCommand({})).then(() => false, () => true), CACHE_MS + 2_000);
    } finally {
      onB.destroy();
      iam.destroy();
    }
  });

  it("a data-retention mode put through A is what B reads within B's cache time", async () => {
    const onA = bedrockAs(a, a.credentials);
    const onB = bedrockAs(b, a.credentials);
    try {
      assert.equal((await onB.send(new GetAccountDataRetentionCommand({}))).mode, "none");
      await onA.send(new PutAccountDataRetentionCommand({ mode: "provider_data_share" }));
      await until(async () => (await onB.send(new GetAccountDataRetentionCommand({}))).mode === "provider_data_share", CACHE_MS + 2_000);
    } finally {
      onA.destroy();
      onB.destroy();
    }
  });
});
