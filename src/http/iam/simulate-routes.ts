import type { EvaluationResultView, IamService, PrincipalSimulationRequest, SimulationRequest } from "../../service/iam/index.js";
import type { Operation } from "../operation.js";
import type { QueryMembers } from "./form.js";
import { fault } from "../../kernel/index.js";
import { ANY_RESOURCE, iamOperation, iamTargetOperation } from "./operation-kit.js";
import { pageXml } from "./shapes.js";
import type { XmlRecord } from "./shapes.js";

/** The members SimulateCustomPolicy and SimulatePrincipalPolicy share. */
function simulation(m: QueryMembers): SimulationRequest {
  return {
    policyInputList: m.strings("PolicyInputList"),
    permissionsBoundaryPolicyInputList: m.strings("PermissionsBoundaryPolicyInputList"),
    actionNames: m.strings("ActionNames") ?? [],
    resourceArns: m.strings("ResourceArns"),
    resourcePolicy: m.string("ResourcePolicy"),
    resourceOwner: m.string("ResourceOwner"),
    callerArn: m.string("CallerArn"),
    contextEntries: m.structures("ContextEntries")?.map((e) => ({
      contextKeyName: e.string("ContextKeyName"), contextKeyValues: e.strings("ContextKeyValues"), contextKeyType: e.string("ContextKeyType"),
    })),
    resourceHandlingOption: m.string("ResourceHandlingOption"),
    ...m.page(),
  };
}

function resultXml(r: EvaluationResultView): XmlRecord {
  return {
    EvalActionName: r.evalActionName,
    EvalResourceName: r.evalResourceName,
    EvalDecision: r.evalDecision,
    MatchedStatements: r.matchedStatements.map((s) => ({
      SourcePolicyId: s.sourcePolicyId, SourcePolicyType: s.sourcePolicyType,
      StartPosition: s.startPosition && { Line: s.startPosition.line, Column: s.startPosition.column },
      EndPosition: s.endPosition && { Line: s.endPosition.line, Column: s.endPosition.column },
    })),
    MissingContextValues: r.missingContextValues,
    OrganizationsDecisionDetail: r.allowedByOrganizations === undefined ? undefined : { AllowedByOrganizations: r.allowedByOrganizations },
    PermissionsBoundaryDecisionDetail: r.allowedByPermissionsBoundary === undefined ? undefined : { AllowedByPermissionsBoundary: r.allowedByPermissionsBoundary },
  };
}

/** SimulatePrincipalPolicy and SimulateCustomPolicy. */
export function simulateOperations(iam: IamService): Operation[] {
  return [
    iamTargetOperation({
      name: "SimulatePrincipalPolicy",
      decode: (m): PrincipalSimulationRequest => ({
        ...simulation(m),
        policySourceArn: m.required("PolicySourceArn"),
        policyExclusionList: m.structures("PolicyExclusionList")?.map((e) => {
          if (e.has("InlinePolicyIdentifier")) throw fault("validation", "Excluding inline policies by InlinePolicyIdentifier is not supported; use PolicyType inline.", { field: "policyExclusionList" });
          return { policyType: e.string("PolicyType"), policyArn: e.string("PolicyArn") };
        }),
      }),
      // Authorised on the user, group or role whose policies are simulated, found by its ARN.
      target: (i, ctx) => iam.targets.policySource(ctx, i.policySourceArn),
      invoke: (i, source, ctx) => iam.simulator.principal(ctx, source, i),
      result: (page) => pageXml("EvaluationResults", page, resultXml),
    }),
    iamOperation({
      name: "SimulateCustomPolicy",
      decode: (m): SimulationRequest => ({
        ...simulation(m),
        organizationPolicyLevels: m.structures("OrderedOrganizationPolicyInputList")?.map((level) => level.strings("ServiceControlPolicyInputList") ?? []),
      }),
      resource: ANY_RESOURCE,
      invoke: (i, ctx) => iam.simulator.custom(ctx, i),
      result: (page) => pageXml("EvaluationResults", page, resultXml),
    }),
  ];
}
