import { OrganizationsFault } from "../../service/organizations/index.js";
import { awsJson } from "../protocols/aws-json.js";
import { ORGANIZATIONS_ERRORS } from "./errors.js";
import type { JsonService } from "../protocols/aws-json.js";
import type { ErrorReply, Protocol } from "../protocols/protocol.js";

export const TARGET_PREFIX = "AWSOrganizationsV20161128";

/**
 * Organizations' error codes by fault kind (botocore organizations 2016-11-28). Where one kind
 * covers several of the model's exceptions (a not-found per entity), the fault's domain reason
 * decides (errors.ts).
 */
const codes: JsonService["codes"] = {
  "validation": { code: "InvalidInputException", status: 400 },
  "malformed-policy": { code: "MalformedPolicyDocumentException", status: 400 },
  "already-exists": { code: "DuplicatePolicyException", status: 400 },
  "in-use": { code: "PolicyInUseException", status: 400 },
  "conflict": { code: "ConcurrentModificationException", status: 400 },
  "service-quota-exceeded": { code: "ConstraintViolationException", status: 400 },
  "access-denied": { code: "AccessDeniedException", status: 400 },
  "throttling": { code: "TooManyRequestsException", status: 400 },
  "internal": { code: "ServiceException", status: 500 },
  "service-unavailable": { code: "ServiceException", status: 503 },
};

const base = awsJson({ targetPrefix: TARGET_PREFIX, codes, reasons: ORGANIZATIONS_ERRORS });

/**
 * awsJson1.1 as Organizations writes its errors: `Message`, the model's member name, beside the
 * `message` every plinth JSON error carries (the SDKs read either), and for InvalidInputException
 * and ConstraintViolationException the `Reason` callers branch on.
 */
export const organizationsProtocol: Protocol = {
  name: base.name,
  target: base.target!,
  unknownTarget: base.unknownTarget!,
  error(f, requestId): ErrorReply {
    const reply = base.error(f, requestId);
    const qualifier = f instanceof OrganizationsFault ? f.qualifier : undefined;
    return { ...reply, body: JSON.stringify({ __type: reply.code, message: f.message, Message: f.message, ...(qualifier !== undefined ? { Reason: qualifier } : {}) }) };
  },
};
