import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import * as IAM from "@aws-sdk/client-iam";
import { GetSessionTokenCommand } from "@aws-sdk/client-sts";
import { keyFromCall, presignedCall } from "../../src/http/bedrock-token.fixture.js";
import { BEARER_USER, keyHolder, runtimeWith } from "./bearer-fixture.js";
import type { KeyHolder } from "./bearer-fixture.js";
import { startE2e, MODELS } from "./fixture.js";
import type { E2e } from "./fixture.js";
import { allow, failsWith, iamAs, policy, runtimeAs } from "./iam-admin.js";
import { findSecret } from "./scan.js";
import { accessLine } from "./stack.js";
import { stsClient, temporaryKeys } from "./sts-fixture.js";
import { h1 } from "./wire.js";

const HOUR = 3_600_000;
const hello = () => new ConverseCommand({ modelId: MODELS.llama, messages: [{ role: "user", content: [{ text: "hello" }] }] });

/** Policies are re-read within about a second of a change (PolicyAuthorizer's recheck): retry until then. */
async function eventually(check: () => Promise<unknown>): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await check();
      return;
    } catch (error) {
      if (i >= 30) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * What Bedrock API keys may not do, against the real server: a Deny on the user holds for them;
 * without bedrock:CallWithBearerToken no key works (bedrock:BearerTokenType tells the kinds
 * apart); a key deactivated is refused on the next request; expired, foreign-region and
 * tampered short-term keys are refused; IAM, STS and Organizations refuse bearer tokens; and
 * none of these refusals writes a key anywhere.
 */
describe("Amazon Bedrock API keys: what they may not do", () => {
  let e2e: E2e;
  let iam: IAM.IAMClient;
  let holder: KeyHolder;
  const issued: string[] = [];
  const both = async (): Promise<string[]> => {
    const keys = [holder.longTerm, await holder.shortTerm()];
    issued.push(...keys);
    return keys;
  };

  before(async () => {
    e2e = await startE2e();
    iam = iamAs(e2e.server);
    holder = await keyHolder(iam, e2e.server, "bearer-user");
  });
  after(async () => { iam?.destroy(); await e2e?.stop(); });

  it("a Deny on the user holds for bearer calls, with either key, as for SigV4", async () => {
    await iam.send(new IAM.PutUserPolicyCommand({ UserName: "bearer-user", PolicyName: "deny-inference", PolicyDocument: policy({ Effect: "Deny", Action: "bedrock:InvokeModel", Resource: "*" }) }));
    for (const key of await both()) {
      await eventually(() => failsWith(runtimeWith(e2e.server, key).send(hello()), "AccessDeniedException", /bearer-user is not authorized to perform: bedrock:InvokeModel .*explicit deny/));
    }
    await failsWith(runtimeAs(e2e.server, holder.keys).send(hello()), "AccessDeniedException");
    await iam.send(new IAM.DeleteUserPolicyCommand({ UserName: "bearer-user", PolicyName: "deny-inference" }));
    for (const key of await both()) await eventually(() => runtimeWith(e2e.server, key).send(hello()));
  });

  it("without bedrock:CallWithBearerToken no key works, though SigV4 does; bedrock:BearerTokenType picks the kind", async () => {
    const plain = await keyHolder(iam, e2e.server, "no-api-keys", BEARER_USER.filter((a) => a !== "bedrock:CallWithBearerToken"));
    for (const key of [plain.longTerm, await plain.shortTerm()]) {
      issued.push(key);
      await failsWith(runtimeWith(e2e.server, key).send(hello()), "AccessDeniedException", /no-api-keys is not authorized to perform: bedrock:CallWithBearerToken/);
    }
    assert.equal((await runtimeAs(e2e.server, plain.keys).send(hello())).output?.message?.role, "assistant");

    const shortOnly = await keyHolder(iam, e2e.server, "short-term-only");
    await iam.send(new IAM.PutUserPolicyCommand({
      UserName: "short-term-only", PolicyName: "no-long-term-keys",
      PolicyDocument: policy({ Effect: "Deny", Action: "bedrock:CallWithBearerToken", Resource: "*", Condition: { StringEquals: { "bedrock:BearerTokenType": "LONG_TERM" } } }),
    }));
    const short = await shortOnly.shortTerm();
    issued.push(shortOnly.longTerm, short);
    await eventually(() => failsWith(runtimeWith(e2e.server, shortOnly.longTerm).send(hello()), "AccessDeniedException", /bedrock:CallWithBearerToken .*explicit deny/));
    assert.equal((await runtimeWith(e2e.server, short).send(hello())).output?.message?.role, "assistant");
  });

  it("a key deactivated is refused on the very next request; reactivated, accepted; so is the access key behind a short-term key", async () => {
    const runtime = runtimeWith(e2e.server, holder.longTerm);
    assert.ok(await runtime.send(hello()));
    await iam.send(new IAM.UpdateServiceSpecificCredentialCommand({ UserName: "bearer-user", ServiceSpecificCredentialId: holder.credentialId, Status: "Inactive" }));
    await failsWith(runtime.send(hello()), "UnrecognizedClientException", /API key included in the request is invalid/);
    await iam.send(new IAM.UpdateServiceSpecificCredentialCommand({ UserName: "bearer-user", ServiceSpecificCredentialId: holder.credentialId, Status: "Active" }));
    assert.ok(await runtime.send(hello()));

    const short = await holder.shortTerm();
    issued.push(short);
    await iam.send(new IAM.UpdateAccessKeyCommand({ UserName: "bearer-user", AccessKeyId: holder.keys.accessKeyId, Status: "Inactive" }));
    await failsWith(runtimeWith(e2e.server, short).send(hello()), "UnrecognizedClientException");
    await iam.send(new IAM.UpdateAccessKeyCommand({ UserName: "bearer-user", AccessKeyId: holder.keys.accessKeyId, Status: "Active" }));
    assert.ok(await runtimeWith(e2e.server, short).send(hello()));
  });

  it("short-term keys: expired, for another region, tampered or not a key at all are refused; one from a session works as that session", async () => {
    const expired = await holder.shortTerm({ signingDate: new Date(Date.now() - 13 * HOUR) });
    const foreign = keyFromCall(await presignedCall(holder.keys, "us-east-1"));
    const tampered = keyFromCall((await presignedCall(holder.keys, e2e.server.region)).replace("Action=CallWithBearerToken", "Action=InvokeModel"));
    issued.push(expired, foreign, tampered);
    await failsWith(runtimeWith(e2e.server, expired).send(hello()), "ExpiredTokenException", /expired/);
    await failsWith(runtimeWith(e2e.server, foreign).send(hello()), "UnrecognizedClientException", /another region; this endpoint serves 'eu-west-2'/);
    await failsWith(runtimeWith(e2e.server, tampered).send(hello()), "UnrecognizedClientException");
    await failsWith(runtimeWith(e2e.server, "sk-not-a-bedrock-key").send(hello()), "UnrecognizedClientException");

    const session = temporaryKeys((await stsClient(e2e.server, holder.keys).send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials);
    const fromSession = keyFromCall(await presignedCall(session, e2e.server.region));
    issued.push(fromSession);
    const answer = await runtimeWith(e2e.server, fromSession).send(hello());
    const line = await accessLine(e2e.server, answer.$metadata.requestId!);
    assert.deepEqual([line["principal"], line["accessKeyId"]], [holder.arn, session.accessKeyId]);
  });

  it("IAM, STS and Organizations refuse bearer tokens, and nothing happens", async () => {
    const form = (action: string, extra = "") => `Action=${action}&Version=2010-05-08${extra}`;
    const attempts: { headers: Record<string, string>; body: string }[] = [
      { headers: { "content-type": "application/x-www-form-urlencoded" }, body: form("CreateUser", "&UserName=made-by-bearer") },
      { headers: { "content-type": "application/x-www-form-urlencoded" }, body: "Action=GetCallerIdentity&Version=2011-06-15" },
      { headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSOrganizationsV20161128.DescribeOrganization" }, body: "{}" },
    ];
    for (const { headers, body } of attempts) {
      for (const path of ["/", `/?X-Amz-Credential=${encodeURIComponent(`${holder.keys.accessKeyId}/20260101/${e2e.server.region}/iam/aws4_request`)}`]) {
        const answer = await h1(e2e.server, { method: "POST", path, headers: { ...headers, authorization: `Bearer ${holder.longTerm}` }, body });
        assert.equal(answer.status, 403, answer.body);
        assert.ok(!answer.body.includes(holder.longTerm.slice(4, 40)));
      }
    }
    await failsWith(iam.send(new IAM.GetUserCommand({ UserName: "made-by-bearer" })), "NoSuchEntityException");
  });

  it("no key appears in the server's stdout, stderr or data directory, refused or not", async () => {
    assert.ok(issued.length >= 10);
    for (const key of issued) {
      const hits = await findSecret(key, { texts: { stdout: e2e.server.stdout(), stderr: e2e.server.stderr() }, dir: e2e.server.dataDir });
      assert.deepEqual(hits, [], "a key was written out");
    }
  });
});
