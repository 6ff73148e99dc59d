import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { awsManagedPolicyArn } from "./aws-managed.js";
import { iamFixture, refused } from "./iam.fixture.js";
import type { IamFixture } from "./iam.fixture.js";
import { statementSpans } from "./statement-positions.js";

const MODEL = "arn:aws:bedrock:eu-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";

describe("SimulateCustomPolicy", () => {
  let f: IamFixture;
  before(async () => { f = await iamFixture(); });
  after(async () => { await f.close(); });

  const policy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "List", Effect: "Allow", Action: "bedrock:ListFoundationModels", Resource: "*" },
      { Sid: "Invoke", Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*", Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } },
      { Sid: "NoClaude", Effect: "Deny", Action: "bedrock:InvokeModel", Resource: "arn:aws:bedrock:*::foundation-model/anthropic.*" },
    ],
  }, null, 2);

  it("allowed, explicitDeny and implicitDeny, with the statements that decided", async () => {
    const page = await f.service.simulator.custom(f.admin, {
      policyInputList: [policy],
      actionNames: ["bedrock:ListFoundationModels", "bedrock:InvokeModel", "bedrock:CreateModelCustomizationJob"],
      resourceArns: [MODEL],
      contextEntries: [{ contextKeyName: "aws:SourceIp", contextKeyValues: ["10.1.2.3"], contextKeyType: "ip" }],
    });
    assert.deepEqual(page.items.map((r) => [r.evalActionName, r.evalDecision]), [
      ["bedrock:ListFoundationModels", "allowed"],
      ["bedrock:InvokeModel", "explicitDeny"],
      ["bedrock:CreateModelCustomizationJob", "implicitDeny"],
    ]);
    const list = page.items[0]!.matchedStatements[0]!;
    assert.deepEqual([list.sourcePolicyId, list.sourcePolicyType], ["PolicyInputList.1", "IAM Policy"]);
    assert.deepEqual(list.startPosition, { line: 4, column: 5 });
    assert.deepEqual(list.endPosition, { line: 9, column: 5 });
    assert.equal(page.items[1]!.matchedStatements.length >= 1, true);
    assert.deepEqual(page.items[2]!.matchedStatements, []);
  });

  it("a condition key the caller did not supply is listed as missing, and the condition does not hold", async () => {
    const page = await f.service.simulator.custom(f.admin, {
      policyInputList: [policy], actionNames: ["bedrock:InvokeModel"], resourceArns: ["arn:aws:bedrock:eu-west-2::foundation-model/meta.llama3-1-8b-instruct-v1:0"],
    });
    assert.equal(page.items[0]!.evalDecision, "implicitDeny");
    assert.deepEqual(page.items[0]!.missingContextValues, ["aws:SourceIp"]);
  });

  it("a permissions boundary limits, and says so", async () => {
    const page = await f.service.simulator.custom(f.admin, {
      policyInputList: [JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] })],
      permissionsBoundaryPolicyInputList: [JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock:List*", Resource: "*" }] })],
      actionNames: ["bedrock:ListFoundationModels", "iam:CreateUser"],
    });
    assert.deepEqual(page.items.map((r) => [r.evalDecision, r.allowedByPermissionsBoundary]), [["allowed", true], ["implicitDeny", false]]);
  });

  it("pages through results; bad input is InvalidInput naming the member", async () => {
    const first = await f.service.simulator.custom(f.admin, { policyInputList: [policy], actionNames: ["bedrock:ListFoundationModels", "bedrock:InvokeModel", "iam:ListUsers"], maxItems: 2 });
    assert.equal(first.items.length, 2);
    const second = await f.service.simulator.custom(f.admin, { policyInputList: [policy], actionNames: ["bedrock:ListFoundationModels", "bedrock:InvokeModel", "iam:ListUsers"], maxItems: 2, marker: first.marker });
    assert.deepEqual(second.items.map((r) => r.evalActionName), ["iam:ListUsers"]);
    await refused(f.service.simulator.custom(f.admin, { policyInputList: ["{"], actionNames: ["iam:ListUsers"] }), "validation", /PolicyInputList\.1/);
    await refused(f.service.simulator.custom(f.admin, { policyInputList: [], actionNames: ["iam:ListUsers"] }), "validation", /PolicyInputList/);
    await refused(f.service.simulator.custom(f.admin, { policyInputList: [policy], actionNames: ["iam:ListUsers"], contextEntries: [{ contextKeyName: "aws:EpochTime", contextKeyValues: ["soon"], contextKeyType: "numeric" }] }), "validation", /not a number/);
  });
});

describe("SimulatePrincipalPolicy", () => {
  let f: IamFixture;
  let userArn: string;
  before(async () => {
    f = await iamFixture();
    userArn = (await f.service.users.create(f.admin, { userName: "sim" })).arn;
    await f.service.inlinePolicies.put(f.admin, await f.holder(f.admin, "user", "sim"), "list-models", JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock:ListFoundationModels", Resource: "*" }] }));
    await f.service.groups.create(f.admin, { groupName: "simgroup" });
    await f.service.groups.addUser(f.admin, await f.group(f.admin, "simgroup"), "sim");
    await f.service.attachments.attach(f.admin, await f.holder(f.admin, "group", "simgroup"), awsManagedPolicyArn("IAMFullAccess"));
  });
  after(async () => { await f.close(); });

  it("evaluates the user's own, its groups' and attached policies, naming each source", async () => {
    const page = await f.service.simulator.principal(f.admin, await f.service.targets.policySource(f.admin, userArn), { actionNames: ["bedrock:ListFoundationModels", "iam:CreateUser", "bedrock:InvokeModel"] });
    assert.deepEqual(page.items.map((r) => r.evalDecision), ["allowed", "allowed", "implicitDeny"]);
    assert.deepEqual(page.items[0]!.matchedStatements.map((s) => [s.sourcePolicyId, s.sourcePolicyType]), [["list-models", "user"]]);
    assert.deepEqual(page.items[1]!.matchedStatements.map((s) => [s.sourcePolicyId, s.sourcePolicyType]), [["IAMFullAccess", "aws-managed"]]);
  });

  it("the user's boundary applies; a boundary given in the request replaces it; exclusions remove policies", async () => {
    await f.service.settings.putBoundary(f.admin, await f.holder(f.admin, "user", "sim"), awsManagedPolicyArn("AmazonBedrockReadOnly"));
    const bounded = await f.service.simulator.principal(f.admin, await f.service.targets.policySource(f.admin, userArn), { actionNames: ["iam:CreateUser", "bedrock:ListFoundationModels"] });
    assert.deepEqual(bounded.items.map((r) => [r.evalDecision, r.allowedByPermissionsBoundary]), [["implicitDeny", false], ["allowed", true]]);
    const replaced = await f.service.simulator.principal(f.admin, await f.service.targets.policySource(f.admin, userArn), { actionNames: ["iam:CreateUser"], permissionsBoundaryPolicyInputList: [JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:*", Resource: "*" }] })] });
    assert.equal(replaced.items[0]!.evalDecision, "allowed");
    const excluded = await f.service.simulator.principal(f.admin, await f.service.targets.policySource(f.admin, userArn), { actionNames: ["bedrock:ListFoundationModels"], policyExclusionList: [{ policyType: "inline" }] });
    assert.equal(excluded.items[0]!.evalDecision, "implicitDeny");
    await f.service.settings.deleteBoundary(f.admin, await f.holder(f.admin, "user", "sim"));
  });

  it("groups and roles can be simulated; another account's principal cannot", async () => {
    const group = await f.service.simulator.principal(f.admin, await f.service.targets.policySource(f.admin, `arn:aws:iam::${f.admin.principal.accountId}:group/simgroup`), { actionNames: ["iam:ListUsers", "bedrock:ListFoundationModels"] });
    assert.deepEqual(group.items.map((r) => r.evalDecision), ["allowed", "implicitDeny"]);
    await refused(f.service.simulator.principal(f.otherAdmin, await f.service.targets.policySource(f.otherAdmin, userArn), { actionNames: ["iam:ListUsers"] }), "not-found", /cannot be found/);
    await refused(f.service.targets.policySource(f.admin, `arn:aws:iam::${f.admin.principal.accountId}:policy/x`), "validation", /user, group or role/);
  });
});

describe("statement positions", () => {
  it("spans of each statement, a single statement object, and nothing for what is not a policy", () => {
    const doc = '{"Version":"2012-10-17",\n "Statement":[\n  {"Effect":"Allow","Action":"a:b","Resource":"*"},\n  {"Effect":"Deny","Action":"a:c","Resource":"x\\"}"}\n ]}';
    assert.deepEqual(statementSpans(doc), [
      { start: { line: 3, column: 3 }, end: { line: 3, column: 50 } },
      { start: { line: 4, column: 3 }, end: { line: 4, column: 52 } },
    ]);
    assert.deepEqual(statementSpans('{"Statement":{"Effect":"Allow"}}'), [{ start: { line: 1, column: 14 }, end: { line: 1, column: 31 } }]);
    assert.deepEqual(statementSpans("not json"), []);
  });
});
