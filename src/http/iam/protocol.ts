import { IAM_REASONS } from "../../service/iam/index.js";
import { awsQuery } from "../protocols/aws-query.js";
import type { QueryService } from "../protocols/aws-query.js";

/**
 * IAM over awsQuery. The codes are the IAM model's (botocore iam 2010-05-08) where they differ
 * from the protocol's defaults; a fault's domain reason may name a more precise one.
 */
export const IAM_QUERY: QueryService = {
  xmlns: "https://iam.amazonaws.com/doc/2010-05-08/",
  codes: {
    "validation": { code: "InvalidInput", status: 400 },
    "not-found": { code: "NoSuchEntity", status: 404 },
    "already-exists": { code: "EntityAlreadyExists", status: 409 },
    "in-use": { code: "DeleteConflict", status: 409 },
    "service-quota-exceeded": { code: "LimitExceeded", status: 409 },
    "malformed-policy": { code: "MalformedPolicyDocument", status: 400 },
    "conflict": { code: "ConcurrentModification", status: 409 },
    "internal": { code: "ServiceFailure", status: 500 },
  },
  reasons: {
    [IAM_REASONS.constraint]: "ValidationError",
    [IAM_REASONS.invalidAuthenticationCode]: "InvalidAuthenticationCode",
    [IAM_REASONS.serviceNotSupported]: "NotSupportedService",
  },
};

export const iamProtocol = awsQuery(IAM_QUERY);
