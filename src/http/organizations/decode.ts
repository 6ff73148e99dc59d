import type { Tag } from "../../store/iam-port.js";
import { constraintViolation, invalidInput } from "../../service/organizations/index.js";
import type { CreateAccountInput, CreateAccountState, CreatePolicyInput, PageRequest, UpdatePolicyInput } from "../../service/organizations/index.js";
import { enumOf, object, optEnum, optInt, optList, optString, string } from "./members.js";
import type { Obj } from "./members.js";
import * as S from "./shapes.js";

/** Pure decoders: request members (already read by `readBody`) to the use cases' inputs. */
export function decodePage(o: Obj): PageRequest {
  const maxResults = optInt(o, "MaxResults", S.MAX_RESULTS.min, S.MAX_RESULTS.max);
  const nextToken = optString(o, "NextToken", S.NEXT_TOKEN);
  return { ...(maxResults !== undefined ? { maxResults } : {}), ...(nextToken !== undefined ? { nextToken } : {}) };
}

export function decodeCreateAccount(o: Obj): CreateAccountInput {
  const email = string(o, "Email", S.EMAIL);
  const accountName = string(o, "AccountName", S.CREATE_ACCOUNT_NAME);
  const roleName = optString(o, "RoleName", S.ROLE_NAME);
  if (roleName !== undefined && /^AWSServiceRoleFor/i.test(roleName)) {
    throw invalidInput("INVALID_ROLE_NAME", "RoleName", "Member must not begin with the reserved prefix AWSServiceRoleFor");
  }
  // Billing access is accepted for compatibility: plinth has no billing console to open.
  optEnum(o, "IamUserAccessToBilling", S.BILLING_ACCESS);
  return { email, accountName, ...(roleName !== undefined ? { roleName } : {}), tags: decodeTags(o) };
}

export function decodeCreatePolicy(o: Obj): CreatePolicyInput {
  return {
    content: string(o, "Content", S.POLICY_CONTENT),
    description: string(o, "Description", S.POLICY_DESCRIPTION),
    name: string(o, "Name", S.POLICY_NAME),
    type: enumOf(o, "Type", S.POLICY_TYPES, "INVALID_ENUM_POLICY_TYPE"),
    tags: decodeTags(o),
  };
}

export function decodeUpdatePolicy(o: Obj): UpdatePolicyInput {
  const name = optString(o, "Name", S.POLICY_NAME);
  const description = optString(o, "Description", S.POLICY_DESCRIPTION);
  const content = optString(o, "Content", S.POLICY_CONTENT);
  return {
    policyId: string(o, "PolicyId", S.POLICY_ID),
    ...(name !== undefined ? { name } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(content !== undefined ? { content } : {}),
  };
}

export const decodePolicyId = (o: Obj): string => string(o, "PolicyId", S.POLICY_ID);
export const decodeAccountId = (o: Obj): string => string(o, "AccountId", S.ACCOUNT_ID);
export const decodeRequestId = (o: Obj): string => string(o, "CreateAccountRequestId", S.CREATE_ACCOUNT_REQUEST_ID);
export const decodePolicyFilter = (o: Obj): string => enumOf(o, "Filter", S.POLICY_TYPES, "INVALID_ENUM_POLICY_TYPE");

export function decodeAttachment(o: Obj): { policyId: string; targetId: string } {
  return { policyId: string(o, "PolicyId", S.POLICY_ID), targetId: string(o, "TargetId", S.TARGET_ID) };
}

export function decodeTargetFilter(o: Obj): { targetId: string; filter: string } {
  return { targetId: string(o, "TargetId", S.TARGET_ID), filter: decodePolicyFilter(o) };
}

export function decodePolicyType(o: Obj): { rootId: string; policyType: string } {
  return { rootId: string(o, "RootId", S.ROOT_ID), policyType: enumOf(o, "PolicyType", S.POLICY_TYPES, "INVALID_ENUM_POLICY_TYPE") };
}

export function decodeStates(o: Obj): CreateAccountState[] | undefined {
  const list = optList(o, "States");
  if (list === undefined) return undefined;
  return list.map((value, i) => {
    if (typeof value !== "string" || !(S.CREATE_ACCOUNT_STATES as readonly string[]).includes(value)) {
      throw invalidInput("INVALID_LIST_MEMBER", `States.${i + 1}`, `Member must satisfy enum value set: [${S.CREATE_ACCOUNT_STATES.join(", ")}]`);
    }
    return value as CreateAccountState;
  });
}

export function decodeFeatureSet(o: Obj): "ALL" | "CONSOLIDATED_BILLING" | undefined {
  return optEnum(o, "FeatureSet", S.FEATURE_SETS);
}

/** Tags: at most 50, keys unique, none in the `aws:` namespace AWS keeps for itself. */
export function decodeTags(o: Obj): Tag[] {
  const list = optList(o, "Tags") ?? [];
  if (list.length > S.MAX_TAGS) throw constraintViolation("MAX_TAG_LIMIT_EXCEEDED", `A resource can have at most ${S.MAX_TAGS} tags`);
  const seen = new Set<string>();
  return list.map((item, i) => {
    const field = `Tags.${i + 1}`;
    const tag = object(item, field);
    const key = string(tag, "Key", S.TAG_KEY, `${field}.Key`);
    const value = string(tag, "Value", S.TAG_VALUE, `${field}.Value`);
    if (/^aws:/i.test(key)) throw invalidInput("INVALID_SYSTEM_TAGS_PARAMETER", `${field}.Key`, "Member must not begin with the reserved prefix aws:");
    if (seen.has(key)) throw invalidInput("DUPLICATE_TAG_KEY", `${field}.Key`, "Member must be unique among the tag keys");
    seen.add(key);
    return { key, value };
  });
}
