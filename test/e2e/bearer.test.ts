import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { GetFoundationModelCommand, ListFoundationModelsCommand } from "@aws-sdk/client-bedrock";
import { ConverseCommand, ConverseStreamCommand, CountTokensCommand, InvokeModelCommand, InvokeModelWithResponseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import * as IAM from "@aws-sdk/client-iam";
import { parseLongTermKey } from "../../src/service/identity/index.js";
import { BEDROCK, controlWith, keyHolder, runtimeWith } from "./bearer-fixture.js";
import type { KeyHolder } from "./bearer-fixture.js";
import { startE2e, MODELS } from "./fixture.js";
import type { E2e } from "./fixture.js";
import { failsWith, iamAs } from "./iam-admin.js";
import { findSecret } from "./scan.js";
import { accessLine } from "./stack.js";

const run = promisify(execFile);
const hello = [{ role: "user" as const, content: [{ text: "hello" }] }];
const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

/**
 * Amazon Bedrock API keys against the real server: IAM's five ServiceSpecificCredential
 * operations through @aws-sdk/client-iam, then the official clients with nothing but a key
 * (long-term and short-term): the Bedrock runtime and control-plane clients with `token`, the
 * runtime client and Anthropic's Bedrock SDK configured only by AWS_BEARER_TOKEN_BEDROCK. The
 * principal is the key's user, and no key is ever written to the logs or the data directory.
 */
describe("Amazon Bedrock API keys with the official clients", () => {
  let e2e: E2e;
  let iam: IAM.IAMClient;
  let holder: KeyHolder;
  const issued: string[] = [];

  before(async () => {
    e2e = await startE2e();
    iam = iamAs(e2e.server);
    holder = await keyHolder(iam, e2e.server, "key-holder");
    issued.push(holder.longTerm);
  });
  after(async () => { iam?.destroy(); await e2e?.stop(); });

  it("IAM's five operations through @aws-sdk/client-iam: create, list, update, reset, delete", async () => {
    const { ServiceSpecificCredential: c } = await iam.send(new IAM.CreateServiceSpecificCredentialCommand({ UserName: "key-holder", ServiceName: BEDROCK }));
    const key = c!.ServiceCredentialSecret!;
    issued.push(key);
    assert.match(key, /^ABSK[A-Za-z0-9+/]{109,269}={0,2}$/, "the shape secret scanners look for");
    assert.equal(parseLongTermKey(key)?.alias, c!.ServiceCredentialAlias);
    assert.deepEqual([c!.UserName, c!.ServiceName, c!.Status, c!.ExpirationDate], ["key-holder", BEDROCK, "Active", undefined]);
    assert.match(c!.ServiceSpecificCredentialId!, /^ACCA[A-Z2-7]{16}$/);
    const listed = (await iam.send(new IAM.ListServiceSpecificCredentialsCommand({ UserName: "key-holder", ServiceName: BEDROCK }))).ServiceSpecificCredentials!;
    assert.deepEqual(listed.map((m) => m.ServiceSpecificCredentialId), [holder.credentialId, c!.ServiceSpecificCredentialId]);
    assert.equal(listed[0]!.ExpirationDate!.getTime() - listed[0]!.CreateDate!.getTime(), 86_400_000, "CredentialAgeDays: 1");
    assert.ok(listed.every((m) => !("ServiceCredentialSecret" in m)), "a list never carries the secret");
    const all = (await iam.send(new IAM.ListServiceSpecificCredentialsCommand({ AllUsers: true }))).ServiceSpecificCredentials!;
    assert.ok(all.some((m) => m.ServiceSpecificCredentialId === c!.ServiceSpecificCredentialId));
    await failsWith(iam.send(new IAM.CreateServiceSpecificCredentialCommand({ UserName: "key-holder", ServiceName: BEDROCK })), "LimitExceededException", /ServiceSpecificCredentialsPerUserPerService: 2/);
    await failsWith(iam.send(new IAM.CreateServiceSpecificCredentialCommand({ UserName: "key-holder", ServiceName: "codecommit.amazonaws.com" })), "ServiceNotSupportedException");
    await failsWith(iam.send(new IAM.CreateServiceSpecificCredentialCommand({ UserName: "key-holder", ServiceName: BEDROCK, CredentialAgeDays: 0 })), "ValidationError");

    const id = c!.ServiceSpecificCredentialId!;
    await iam.send(new IAM.UpdateServiceSpecificCredentialCommand({ UserName: "key-holder", ServiceSpecificCredentialId: id, Status: "Inactive" }));
    await failsWith(runtimeWith(e2e.server, key).send(new ConverseCommand({ modelId: MODELS.llama, messages: hello })), "UnrecognizedClientException");
    await iam.send(new IAM.UpdateServiceSpecificCredentialCommand({ UserName: "key-holder", ServiceSpecificCredentialId: id, Status: "Active" }));
    assert.equal((await runtimeWith(e2e.server, key).send(new ConverseCommand({ modelId: MODELS.llama, messages: hello }))).output?.message?.role, "assistant");
    const reset = (await iam.send(new IAM.ResetServiceSpecificCredentialCommand({ UserName: "key-holder", ServiceSpecificCredentialId: id }))).ServiceSpecificCredential!;
    issued.push(reset.ServiceCredentialSecret!);
    assert.equal(reset.ServiceCredentialAlias, c!.ServiceCredentialAlias);
    await failsWith(runtimeWith(e2e.server, key).send(new ConverseCommand({ modelId: MODELS.llama, messages: hello })), "UnrecognizedClientException");
    assert.ok(await runtimeWith(e2e.server, reset.ServiceCredentialSecret!).send(new ConverseCommand({ modelId: MODELS.llama, messages: hello })));
    await iam.send(new IAM.DeleteServiceSpecificCredentialCommand({ UserName: "key-holder", ServiceSpecificCredentialId: id }));
    await failsWith(runtimeWith(e2e.server, reset.ServiceCredentialSecret!).send(new ConverseCommand({ modelId: MODELS.llama, messages: hello })), "UnrecognizedClientException");
    await iam.send(new IAM.CreateUserCommand({ UserName: "only-a-key" }));
    const { ServiceSpecificCredential: only } = await iam.send(new IAM.CreateServiceSpecificCredentialCommand({ UserName: "only-a-key", ServiceName: BEDROCK }));
    issued.push(only!.ServiceCredentialSecret!);
    await failsWith(iam.send(new IAM.DeleteUserCommand({ UserName: "only-a-key" })), "DeleteConflictException", /must delete service specific credentials first/);
    await iam.send(new IAM.DeleteServiceSpecificCredentialCommand({ UserName: "only-a-key", ServiceSpecificCredentialId: only!.ServiceSpecificCredentialId }));
    await iam.send(new IAM.DeleteUserCommand({ UserName: "only-a-key" }));
  });

  for (const kind of ["long-term", "short-term"] as const) {
    it(`the runtime client with a ${kind} key as its token: Converse, ConverseStream, InvokeModel(+stream), CountTokens, as the key's user`, async () => {
      const key = kind === "long-term" ? holder.longTerm : await holder.shortTerm();
      issued.push(key);
      const c = runtimeWith(e2e.server, key);
      const conversed = await c.send(new ConverseCommand({ modelId: MODELS.llama, messages: hello }));
      assert.equal(conversed.output?.message?.role, "assistant");
      let streamed = "";
      for await (const event of (await c.send(new ConverseStreamCommand({ modelId: MODELS.llama, messages: hello }))).stream ?? []) streamed += event.contentBlockDelta?.delta?.text ?? "";
      assert.ok(streamed.length > 0);
      const anthropicBody = json({ anthropic_version: "bedrock-2023-05-31", max_tokens: 32, messages: [{ role: "user", content: "hello" }] });
      const invoked = JSON.parse(new TextDecoder().decode((await c.send(new InvokeModelCommand({ modelId: MODELS.claude, body: anthropicBody }))).body)) as { content: { text: string }[] };
      assert.equal(invoked.content[0]?.text, "Hello there.");
      let chunks = 0;
      for await (const event of (await c.send(new InvokeModelWithResponseStreamCommand({ modelId: MODELS.claude, body: anthropicBody }))).body ?? []) if (event.chunk) chunks++;
      assert.ok(chunks > 1);
      assert.ok(((await c.send(new CountTokensCommand({ modelId: MODELS.claude, input: { converse: { messages: hello } } }))).inputTokens ?? 0) > 0);
      const line = await accessLine(e2e.server, conversed.$metadata.requestId!);
      assert.equal(line["principal"], holder.arn);
      assert.equal(line["accessKeyId"], kind === "long-term" ? holder.credentialId : holder.keys.accessKeyId);
      c.destroy();
    });
  }

  it("the control-plane client with either key: ListFoundationModels and GetFoundationModel", async () => {
    for (const key of [holder.longTerm, await holder.shortTerm()]) {
      issued.push(key);
      const c = controlWith(e2e.server, key);
      assert.ok((await c.send(new ListFoundationModelsCommand({}))).modelSummaries?.some((m) => m.modelId === MODELS.llama));
      assert.equal((await c.send(new GetFoundationModelCommand({ modelIdentifier: MODELS.llama }))).modelDetails?.modelId, MODELS.llama);
      c.destroy();
    }
  });

  it("configured only by AWS_BEARER_TOKEN_BEDROCK: the runtime client and Anthropic's Bedrock SDK, with either key", async () => {
    const base = { PATH: process.env["PATH"] ?? "", NODE_EXTRA_CA_CERTS: e2e.server.caPath, AWS_REGION: e2e.server.region, AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null" };
    for (const key of [holder.longTerm, await holder.shortTerm()]) {
      issued.push(key);
      const env = { ...base, AWS_BEARER_TOKEN_BEDROCK: key };
      const runtime = await run(process.execPath, ["dist/test/e2e/clients/bedrock-bearer.js"], {
        env: { ...env, AWS_ENDPOINT_URL_BEDROCK_RUNTIME: e2e.server.url, MODEL: MODELS.llama }, timeout: 30_000,
      });
      const got = JSON.parse(runtime.stdout) as { conversed: string | null; streamed: string };
      assert.ok(got.conversed && got.streamed.length > 0, runtime.stdout);
      const anthropic = await run(process.execPath, ["dist/test/e2e/clients/anthropic-bedrock.js"], {
        env: { ...env, PLINTH_URL: e2e.server.url, MODEL: MODELS.claude }, timeout: 30_000,
      });
      const answer = JSON.parse(anthropic.stdout) as { created: { text: string }; streamed: { text: string; deltas: number } };
      assert.equal(answer.created.text, "Hello there.");
      assert.equal(answer.streamed.text, "Hello there.");
      for (const output of [runtime, anthropic]) assert.equal((await findSecret(key, { texts: { stdout: output.stdout, stderr: output.stderr }, dir: e2e.server.dataDir })).length, 0);
    }
    const log = e2e.server.stdout();
    assert.match(log, new RegExp(`"operation":"InvokeModelWithResponseStream","principal":"${holder.arn}","accessKeyId":"${holder.credentialId}"`));
  });

  it("no key, nor the secret inside a long-term key, appears in the server's stdout, stderr or data directory", async () => {
    assert.ok(issued.length >= 8);
    const needles = issued.flatMap((key) => [key, parseLongTermKey(key)?.secret ?? key.slice(16, 80)]);
    for (const needle of needles) {
      const hits = await findSecret(needle, { texts: { stdout: e2e.server.stdout(), stderr: e2e.server.stderr() }, dir: e2e.server.dataDir });
      assert.deepEqual(hits, [], "a key was written out");
    }
  });
});
