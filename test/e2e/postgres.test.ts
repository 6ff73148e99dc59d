import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { BedrockClient, ListFoundationModelsCommand } from "@aws-sdk/client-bedrock";
import { NodeHttp2Handler } from "@smithy/node-http-handler";
import { postgresSkip, TEST_DATABASE_URL } from "../support/postgres.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";

const BASE_URL = TEST_DATABASE_URL;
const skip = await postgresSkip();

describe("--database-url: state in PostgreSQL", { skip }, () => {
  const schema = `plinth_e2e_${randomBytes(4).toString("hex")}`;
  const databaseUrl = `${BASE_URL}?schema=${schema}`;
  let dataDir: string;
  before(async () => { dataDir = await mkdtemp(join(tmpdir(), "plinth-pg-")); });
  after(async () => {
    const client = new pg.Client({ connectionString: BASE_URL });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
    await rm(dataDir, { recursive: true, force: true });
  });

  const list = (server: RunningServer) => new BedrockClient({
    endpoint: server.url, region: server.region, credentials: server.credentials,
    requestHandler: new NodeHttp2Handler({ nodeHttp2ConnectOptions: { ca: server.ca } }),
  }).send(new ListFoundationModelsCommand({}));

  it("bootstraps into its own schema and keeps the administrator across a restart", async () => {
    const first = await startServer({ dataDir, args: ["--database-url", databaseUrl] });
    try {
      assert.ok((await list(first)).modelSummaries);
    } finally {
      await first.stop();
    }
    const client = new pg.Client({ connectionString: BASE_URL });
    await client.connect();
    const keys = await client.query(`select access_key_id, secret_ciphertext from "${schema}".access_keys`);
    await client.end();
    assert.equal(keys.rows.length, 1);
    assert.equal(keys.rows[0].access_key_id, first.credentials.accessKeyId);
    assert.ok(!Buffer.from(keys.rows[0].secret_ciphertext).includes(first.credentials.secretAccessKey), "the secret is stored encrypted");
    const second = await startServer({ dataDir, args: ["--database-url", databaseUrl] });
    try {
      assert.match(second.stderr(), /administrator: arn:aws:iam::\d{12}:user\/administrator/, "no second bootstrap");
      assert.equal(second.credentials.accessKeyId, first.credentials.accessKeyId);
      assert.ok((await list(second)).modelSummaries);
    } finally {
      await second.stop();
    }
  });
});
