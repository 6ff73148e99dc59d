import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { request as httpRequest } from "node:http";
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient, STSServiceException } from "@aws-sdk/client-sts";
import type { Credentials } from "@aws-sdk/client-sts";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { Fault } from "../../kernel/index.js";
import type { Clock, Principal } from "../../kernel/index.js";
import { CredentialResolver } from "../../service/identity/index.js";
import { TemporaryCredentialResolver } from "../../service/sts/index.js";
import { StsWorld } from "../../service/sts/test-world.fixture.js";
import { Edge } from "../edge.js";
import { Pipeline } from "../pipeline.js";
import { Authentication, SigV4Scheme } from "../authenticate.js";
import { Router } from "../router.js";
import { TEST_LIMITS } from "../listeners.fixture.js";
import { listen } from "../server.js";
import type { Listener } from "../server.js";
import { stsOperations } from "./routes.js";

/**
 * The STS operations behind the real pipeline, driven over loopback by @aws-sdk/client-sts, with
 * temporary credentials verified by SigV4 through TemporaryCredentialResolver; authorisation is
 * not exercised here (every decision allows).
 */
/** node:crypto behind the smithy checksum interface the signer takes (HMAC when given a key). */
type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: Data): string | Uint8Array =>
  typeof d === "string" ? d : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d);
class Sha256 {
  #hash;
  readonly #secret: string | Uint8Array | undefined;
  constructor(secret?: Data) { this.#secret = secret === undefined ? undefined : bytes(secret); this.#hash = this.#fresh(); }
  #fresh() { return this.#secret === undefined ? createHash("sha256") : createHmac("sha256", this.#secret); }
  update(data: Data): void { this.#hash.update(bytes(data)); }
  async digest(): Promise<Uint8Array> { return new Uint8Array(this.#hash.digest()); }
  reset(): void { this.#hash = this.#fresh(); }
}

const trust = (aws: string) => JSON.parse(JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: aws }, Action: "sts:AssumeRole" }] })) as object;

describe("STS over the pipeline with @aws-sdk/client-sts", () => {
  let world: StsWorld;
  let listener: Listener;
  let longTerm: { accessKeyId: string; secretAccessKey: string };
  let userArn: string;
  let roleArn: string;

  before(async () => {
    world = await StsWorld.open();
    world.clock.at = Date.now();
    const user = await world.user("victor");
    userArn = user.arn;
    longTerm = await world.accessKey(user);
    roleArn = await world.role("runner", trust(user.arn));
    const resolver = new TemporaryCredentialResolver(new CredentialResolver(world.store.identity, world.box, world.clock), world.tokens);
    const pipeline = new Pipeline({
      router: new Router(stsOperations(world.deps())),
      edge: new Edge({ region: "eu-west-2", trustedProxies: [], secure: false }, world.clock),
      authentication: new Authentication([new SigV4Scheme(resolver, world.clock, "eu-west-2", 300)]),
      authorizer: { decide: async () => ({ allowed: true, statements: [] }) },
      observers: [],
      maxBodyBytes: 1 << 20,
    });
    listener = await listen(pipeline, { host: "127.0.0.1", port: 0, limits: TEST_LIMITS });
  });
  after(async () => {
    await listener?.close();
    await world?.close();
  });

  const sts = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, systemClockOffset = 0) =>
    new STSClient({ endpoint: listener.url, region: "eu-west-2", credentials, maxAttempts: 1, systemClockOffset });
  const temporary = (c: Credentials | undefined) => ({ accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! });
  const failsWith = (name: string) => (e: unknown) => e instanceof STSServiceException && e.name === name;

  it("a user's long-term key: GetCallerIdentity answers the user", async () => {
    const out = await sts(longTerm).send(new GetCallerIdentityCommand({}));
    assert.deepEqual([out.Account, out.Arn], [userArn.split(":")[4], userArn]);
  });

  it("GetSessionToken's credentials sign requests as the user, and may not get another session token", async () => {
    const { Credentials: c } = await sts(longTerm).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    assert.match(c!.AccessKeyId!, /^ASIA/);
    const session = sts(temporary(c));
    assert.equal((await session.send(new GetCallerIdentityCommand({}))).Arn, userArn);
    await assert.rejects(session.send(new GetSessionTokenCommand({})), failsWith("AccessDenied"));
  });

  it("AssumeRole's credentials sign requests as the role session", async () => {
    const out = await sts(longTerm).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "ci-7" }));
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${roleArn.split(":")[4]}:assumed-role/runner/ci-7`);
    const me = await sts(temporary(out.Credentials)).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, out.AssumedRoleUser?.Arn);
    assert.equal(me.UserId, out.AssumedRoleUser?.AssumedRoleId);
  });

  it("a token that was altered, belongs to another key, or is missing is an unrecognised token", async () => {
    const { Credentials: c } = await sts(longTerm).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const { Credentials: other } = await sts(longTerm).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const creds = temporary(c);
    const bytes = Buffer.from(creds.sessionToken, "base64");
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 1;
    for (const bad of [
      { ...creds, sessionToken: bytes.toString("base64") },
      { ...creds, sessionToken: other!.SessionToken! },
      { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey },
      { ...longTerm, sessionToken: creds.sessionToken },
    ]) {
      await assert.rejects(sts(bad).send(new GetCallerIdentityCommand({})), failsWith("InvalidClientTokenId"));
    }
  });

  it("an expired token is ExpiredToken", async () => {
    const { Credentials: c } = await sts(longTerm).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const start = world.clock.at;
    world.clock.at = start + 901_000;
    try {
      // The client's clock moves with the server's, so only the token is out of date.
      await assert.rejects(sts(temporary(c), 901_000).send(new GetCallerIdentityCommand({})), failsWith("ExpiredToken"));
    } finally {
      world.clock.at = start;
    }
  });

  it("a presigned request carries the token in X-Amz-Security-Token", async () => {
    const { Credentials: c } = await sts(longTerm).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const url = new URL(listener.url);
    const signer = new SignatureV4({ service: "sts", region: "eu-west-2", credentials: temporary(c), sha256: Sha256 });
    const presigned = await signer.presign(new HttpRequest({
      method: "POST", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: "/",
      query: { Action: "GetCallerIdentity", Version: "2011-06-15" }, headers: { host: url.host },
    }), { expiresIn: 60 });
    assert.ok(presigned.query?.["X-Amz-Security-Token"]);
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: url.hostname, port: url.port, method: "POST", path: `/?${query}`, headers: { host: url.host } }, (res) => {
        let body = "";
        res.on("data", (d: Buffer) => { body += d.toString(); });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end();
    });
    assert.equal(answer.status, 200, answer.body);
    assert.match(answer.body, new RegExp(`<Arn>${userArn}</Arn>`));
  });
});
