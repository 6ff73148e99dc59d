import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import * as IAM from "@aws-sdk/client-iam";
import { CreatePolicyCommand, ListPoliciesCommand } from "@aws-sdk/client-organizations";
import type { HttpRequest } from "@smithy/protocol-http";
import type { FinalizeHandler, FinalizeHandlerArguments } from "@smithy/types";
import { failsWith, iamAs } from "./iam-admin.js";
import { organizationsClient } from "./org-clients.js";
import { startStack } from "./stack.js";
import type { Stack } from "./stack.js";

/**
 * Ill-formed Unicode through the official clients and the real server: refused as each
 * service's validation error naming the member, and nothing stored. Before, a lone surrogate
 * was accepted, written as bytes that are not UTF-8, and read back as another string.
 */
const LLAMA = "meta.llama3-1-8b-instruct-v1:0";
const LONE = "\ud800";
/** What a lone U+D800 becomes when encoded to bytes anyway (CESU-8 / WTF-8), percent-encoded. */
const LONE_BYTES = "%ED%A0%80";
const MARK = "LONESURROGATEHERE";

/**
 * The IAM client cannot send a lone surrogate itself (encodeURIComponent throws), so this puts
 * its bytes where MARK was, just before signing, as a client in another language would send it.
 */
function sendingLoneBytes(iam: IAM.IAMClient): IAM.IAMClient {
  const middleware = (next: FinalizeHandler<IAM.ServiceInputTypes, IAM.ServiceOutputTypes>) => async (args: FinalizeHandlerArguments<IAM.ServiceInputTypes>) => {
    const request = args.request as HttpRequest;
    if (typeof request.body === "string" && request.body.includes(MARK)) {
      request.body = request.body.split(MARK).join(LONE_BYTES);
      request.headers["content-length"] = String(Buffer.byteLength(request.body));
    }
    return next(args);
  };
  iam.middlewareStack.addRelativeTo(middleware, { relation: "before", toMiddleware: "httpSigningMiddleware", name: "sendLoneSurrogateBytes" });
  return iam;
}

describe("ill-formed Unicode is refused on every surface, naming the member, and nothing is stored", () => {
  let stack: Stack;
  before(async () => { stack = await startStack({ models: [{ modelId: LLAMA, via: "openai", upstreamModel: "chat-model", providerName: "Meta" }] }); });
  after(async () => { await stack?.stop(); });

  it("IAM (awsQuery): CreatePolicy with a lone surrogate in Description, CreateUser with one in Path or a tag value", async () => {
    const iam = sendingLoneBytes(iamAs(stack.server));
    const document = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock:ListFoundationModels", Resource: "*" }] });
    // Sent one at a time: a call started early and refused before it is awaited would be an unhandled rejection.
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => iam.send(new IAM.CreatePolicyCommand({ PolicyName: "lone", PolicyDocument: document, Description: `before ${MARK} after` })), "Description"],
      [() => iam.send(new IAM.CreateUserCommand({ UserName: "lone-path", Path: `/a${MARK}/` })), "Path"],
      [() => iam.send(new IAM.CreateUserCommand({ UserName: "lone-tag", Tags: [{ Key: "team", Value: `x${MARK}` }] })), "Tags.member.1.Value"],
    ];
    for (const [call, field] of cases) {
      const e = await failsWith(call(), "ValidationError", new RegExp(`'${field.replace(/\./g, "\\.")}'.*well-formed Unicode`));
      assert.equal(e.$metadata?.httpStatusCode, 400);
    }
    const policies = await iam.send(new IAM.ListPoliciesCommand({ Scope: "Local" }));
    assert.deepEqual((policies.Policies ?? []).map((p) => p.PolicyName), []);
    const users = await iam.send(new IAM.ListUsersCommand({}));
    assert.deepEqual((users.Users ?? []).map((u) => u.UserName), ["administrator"]);
    iam.destroy();
  });

  it("Organizations (awsJson): CreatePolicy with a lone surrogate in Name or Description", async () => {
    const org = organizationsClient(stack.server);
    const policy = { Content: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }), Type: "SERVICE_CONTROL_POLICY" } as const;
    for (const [input, field] of [[{ Name: `n${LONE}`, Description: "d" }, "Name"], [{ Name: "n", Description: `${LONE}d` }, "Description"]] as const) {
      const e = await org.send(new CreatePolicyCommand({ ...policy, ...input })).then(() => undefined, (error: unknown) => error as Error & { $metadata?: { httpStatusCode?: number } });
      assert.ok(e, "refused");
      assert.equal(e.name, "InvalidInputException", e.message);
      assert.match(e.message, new RegExp(`'${field}'.*well-formed Unicode`));
      assert.equal(e.$metadata?.httpStatusCode, 400);
    }
    const listed = await org.send(new ListPoliciesCommand({ Filter: "SERVICE_CONTROL_POLICY" }));
    assert.deepEqual((listed.Policies ?? []).filter((p) => !p.AwsManaged).map((p) => p.Name), []);
    org.destroy();
  });

  it("Bedrock runtime (restJson): Converse with a lone surrogate in a message never reaches the model", async () => {
    const before = stack.openai.requests.length;
    const runtime = stack.runtime();
    const e = await runtime.send(new ConverseCommand({ modelId: LLAMA, messages: [{ role: "user", content: [{ text: `hello ${LONE}` }] }] }))
      .then(() => undefined, (error: unknown) => error as Error);
    assert.equal(e?.name, "ValidationException", e?.message);
    assert.match(e!.message, /'messages\.0\.content\.0\.text'.*well-formed Unicode/);
    assert.equal(stack.openai.requests.length, before, "the upstream saw nothing");
    runtime.destroy();
  });
});
