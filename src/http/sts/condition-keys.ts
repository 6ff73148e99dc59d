import type { ConditionKeyDeclarations } from "../../policy/index.js";

/**
 * The condition keys STS supplies beside those of every request (see http/iam/condition-keys.ts
 * for how these tables are read). AssumeRole is decided by the use case, for sts:AssumeRole and,
 * when the session gets tags or a source identity, sts:TagSession and sts:SetSourceIdentity,
 * with one context (service/sts/assume-role.ts, trustContext): the request's members and the
 * role's tags. GetCallerIdentity and GetSessionToken need no permission, so nothing is evaluated.
 */
const ROLE_TAGS = ["aws:ResourceTag/${TagKey}", "iam:ResourceTag/${TagKey}"];
const FEDERATED = "a key of web identity or SAML federation: plinth's AssumeRole takes IAM credentials only (AssumeRoleWithWebIdentity and AssumeRoleWithSAML are not served)";
const federated = (...keys: string[]): Record<string, string> => Object.fromEntries(keys.map((k) => [k, FEDERATED]));

export const STS_CONDITION_KEYS: ConditionKeyDeclarations = {
  "sts:AssumeRole": {
    supplied: ["aws:RequestTag/${TagKey}", "aws:TagKeys", "sts:ExternalId", "sts:RoleSessionName", "sts:SourceIdentity", "sts:TransitiveTagKeys", ...ROLE_TAGS],
    notSupplied: federated(
      "accounts.google.com:aud", "accounts.google.com:sub", "cognito-identity.amazonaws.com:amr", "cognito-identity.amazonaws.com:aud",
      "cognito-identity.amazonaws.com:sub", "graph.facebook.com:app_id", "graph.facebook.com:id", "saml:namequalifier", "saml:sub",
      "saml:sub_type", "www.amazon.com:app_id", "www.amazon.com:user_id",
    ),
  },
  "sts:TagSession": { supplied: ["aws:RequestTag/${TagKey}", "aws:TagKeys", "sts:TransitiveTagKeys", ...ROLE_TAGS], notSupplied: federated("saml:aud") },
  "sts:SetSourceIdentity": { supplied: ["sts:SourceIdentity", ...ROLE_TAGS] },
  "sts:GetSessionToken": { supplied: [] },
  "sts:GetCallerIdentity": { supplied: [] },
};
