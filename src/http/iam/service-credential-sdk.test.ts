import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import * as IAM from "@aws-sdk/client-iam";
import { HttpResponse } from "@smithy/protocol-http";
import { Fault, sensitive } from "../../kernel/index.js";
import { iamProtocol } from "./protocol.js";
import { ACCOUNT, client, ctx, principal } from "./sdk.fixture.js";

/**
 * CreateServiceSpecificCredential, ListServiceSpecificCredentials, UpdateServiceSpecificCredential,
 * ResetServiceSpecificCredential and DeleteServiceSpecificCredential through @aws-sdk/client-iam
 * (its 2025 model: CredentialAgeDays, ServiceCredentialAlias/Secret, ExpirationDate, AllUsers).
 */
const created = new Date("2025-07-01T12:00:00.000Z");
const expires = new Date("2025-07-31T12:00:00.000Z");
const metadata = {
  userName: "alice", credentialId: "ACCAEXAMPLE123EXAMPL", serviceName: "bedrock.amazonaws.com", alias: "alice-at-123456789012-ABCDEFGH",
  status: "Active" as const, createdAt: created, expiresAt: expires,
};
const key = "ABSKYWxpY2UtYXQtMTIzNDU2Nzg5MDEyLUFCQ0RFRkdIOnNlY3JldCsvPQ==";

describe("service-specific credentials through @aws-sdk/client-iam", () => {
  it("Create: UserName, ServiceName and CredentialAgeDays decode, become condition keys, and the key comes back as ServiceCredentialSecret", async () => {
    const { sdk, seen } = client({ ...metadata, key: sensitive(key) });
    const out = await sdk.send(new IAM.CreateServiceSpecificCredentialCommand({ UserName: "alice", ServiceName: "bedrock.amazonaws.com", CredentialAgeDays: 30 }));
    assert.deepEqual(seen[0]!.input, { userName: "alice", serviceName: "bedrock.amazonaws.com", credentialAgeDays: 30 });
    assert.equal(seen[0]!.resource, `arn:aws:iam::${ACCOUNT}:user/alice`);
    assert.equal(seen[0]!.op.action, "iam:CreateServiceSpecificCredential");
    assert.deepEqual(seen[0]!.op.conditions?.(seen[0]!.resolved, ctx), new Map<string, unknown>([
      ["iam:ServiceSpecificCredentialServiceName", "bedrock.amazonaws.com"], ["iam:ServiceSpecificCredentialAgeDays", 30],
    ]));
    assert.deepEqual(out.ServiceSpecificCredential, {
      CreateDate: created, ExpirationDate: expires, ServiceName: "bedrock.amazonaws.com", ServiceCredentialAlias: metadata.alias,
      ServiceCredentialSecret: key, ServiceSpecificCredentialId: metadata.credentialId, UserName: "alice", Status: "Active",
    });
  });

  it("Create without CredentialAgeDays: no age condition, and no ExpirationDate for a key that never expires", async () => {
    const { sdk, seen } = client({ ...metadata, expiresAt: undefined, key: sensitive(key) });
    const out = await sdk.send(new IAM.CreateServiceSpecificCredentialCommand({ UserName: "alice", ServiceName: "bedrock.amazonaws.com" }));
    assert.deepEqual(seen[0]!.op.conditions?.(seen[0]!.resolved, ctx), new Map([["iam:ServiceSpecificCredentialServiceName", "bedrock.amazonaws.com"]]));
    assert.equal(out.ServiceSpecificCredential?.ExpirationDate, undefined);
  });

  it("List: the caller's by default, a named user's, or all users' (authorised on user/*), with ServiceName and paging", async () => {
    const a = client({ items: [metadata, { ...metadata, credentialId: "ACCAEXAMPLE123EXAMPM", status: "Expired" }], isTruncated: true, marker: "bmV4dA" });
    const out = await a.sdk.send(new IAM.ListServiceSpecificCredentialsCommand({ ServiceName: "bedrock.amazonaws.com", MaxItems: 2 }));
    assert.deepEqual(a.seen[0]!.input, { userName: undefined, serviceName: "bedrock.amazonaws.com", allUsers: undefined, marker: undefined, maxItems: 2 });
    assert.equal(a.seen[0]!.resource, principal.arn);
    assert.deepEqual(out.ServiceSpecificCredentials?.[0], {
      UserName: "alice", Status: "Active", ServiceCredentialAlias: metadata.alias, CreateDate: created, ExpirationDate: expires,
      ServiceSpecificCredentialId: metadata.credentialId, ServiceName: "bedrock.amazonaws.com",
    });
    assert.equal(out.ServiceSpecificCredentials?.[1]?.Status, "Expired");
    assert.deepEqual([out.IsTruncated, out.Marker], [true, "bmV4dA"]);
    const b = client({ items: [], isTruncated: false });
    await b.sdk.send(new IAM.ListServiceSpecificCredentialsCommand({ AllUsers: true, Marker: "bmV4dA" }));
    assert.deepEqual(b.seen[0]!.input, { userName: undefined, serviceName: undefined, allUsers: true, marker: "bmV4dA", maxItems: undefined });
    assert.equal(b.seen[0]!.resource, `arn:aws:iam::${ACCOUNT}:user/*`);
    await b.sdk.send(new IAM.ListServiceSpecificCredentialsCommand({ UserName: "bob" }));
    assert.equal(b.seen[1]!.resource, `arn:aws:iam::${ACCOUNT}:user/bob`);
  });

  it("Update, Reset and Delete name the credential, and the user or (without UserName) the caller", async () => {
    const update = client(undefined);
    await update.sdk.send(new IAM.UpdateServiceSpecificCredentialCommand({ UserName: "alice", ServiceSpecificCredentialId: metadata.credentialId, Status: "Inactive" }));
    assert.deepEqual(update.seen[0]!.input, { userName: "alice", credentialId: metadata.credentialId, status: "Inactive" });
    assert.equal(update.seen[0]!.resource, `arn:aws:iam::${ACCOUNT}:user/alice`);
    const reset = client({ ...metadata, key: sensitive(key) });
    const out = await reset.sdk.send(new IAM.ResetServiceSpecificCredentialCommand({ ServiceSpecificCredentialId: metadata.credentialId }));
    assert.deepEqual(reset.seen[0]!.input, { userName: undefined, credentialId: metadata.credentialId });
    assert.equal(reset.seen[0]!.resource, principal.arn);
    assert.equal(out.ServiceSpecificCredential?.ServiceCredentialSecret, key);
    const remove = client(undefined);
    await remove.sdk.send(new IAM.DeleteServiceSpecificCredentialCommand({ UserName: "alice", ServiceSpecificCredentialId: metadata.credentialId }));
    assert.deepEqual(remove.seen[0]!.input, { userName: "alice", credentialId: metadata.credentialId });
    assert.deepEqual([update, reset, remove].map((c) => c.seen[0]!.op.action),
      ["iam:UpdateServiceSpecificCredential", "iam:ResetServiceSpecificCredential", "iam:DeleteServiceSpecificCredential"]);
  });

  it("an unsupported service is the SDK's ServiceNotSupportedException (NotSupportedService, 404)", async () => {
    const reply = iamProtocol.error(new Fault("not-found", "No such service codecommit.amazonaws.com is supported for Service Specific Credentials", { reason: "service-not-supported" }), "req-e");
    const sdk = new IAM.IAMClient({
      region: "eu-west-2", endpoint: "http://127.0.0.1:1", maxAttempts: 1,
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
      requestHandler: { handle: async () => ({ response: new HttpResponse({ statusCode: reply.status, headers: reply.headers, body: Readable.from([Buffer.from(reply.body)]) }) }) },
    });
    const error = await sdk.send(new IAM.CreateServiceSpecificCredentialCommand({ UserName: "a", ServiceName: "codecommit.amazonaws.com" })).then(() => undefined, (e: Error) => e);
    assert.ok(error instanceof IAM.ServiceNotSupportedException);
    assert.equal(reply.status, 404);
  });
});
