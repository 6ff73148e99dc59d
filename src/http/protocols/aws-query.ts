import { Fault } from "../../kernel/index.js";
import type { FaultKind } from "../../kernel/index.js";
import type { Reply } from "../operation.js";
import type { ErrorReply, Protocol } from "./protocol.js";
import { element, escapeXml } from "./xml.js";
import type { XmlValue } from "./xml.js";

/**
 * awsQuery (IAM, STS): form-encoded requests naming their operation in `Action`, XML answers
 * wrapped in `<ActionResponse><ActionResult>`, and `<ErrorResponse>` errors whose `<Code>` the
 * service defines. Each service passes the codes its model uses.
 */
export interface QueryErrorCode { readonly code: string; readonly status: number }

export interface QueryService {
  /** e.g. https://iam.amazonaws.com/doc/2010-05-08/ */
  readonly xmlns: string;
  readonly codes: Partial<Record<FaultKind, QueryErrorCode>>;
  /** The service's error codes for the domain reasons its use cases raise (the status stays the kind's). */
  readonly reasons?: Readonly<Record<string, string>>;
}

const common: Record<FaultKind, QueryErrorCode> = {
  "validation": { code: "InvalidInput", status: 400 },
  "malformed-policy": { code: "MalformedPolicyDocument", status: 400 },
  "not-found": { code: "NoSuchEntity", status: 404 },
  "already-exists": { code: "EntityAlreadyExists", status: 409 },
  "in-use": { code: "DeleteConflict", status: 409 },
  "conflict": { code: "ConcurrentModification", status: 409 },
  "service-quota-exceeded": { code: "LimitExceeded", status: 409 },
  "access-denied": { code: "AccessDenied", status: 403 },
  "unrecognized-client": { code: "InvalidClientTokenId", status: 403 },
  "invalid-signature": { code: "SignatureDoesNotMatch", status: 403 },
  "signature-expired": { code: "SignatureDoesNotMatch", status: 403 },
  "incomplete-signature": { code: "IncompleteSignature", status: 400 },
  "missing-authentication": { code: "MissingAuthenticationToken", status: 403 },
  "expired-token": { code: "ExpiredToken", status: 403 },
  "throttling": { code: "Throttling", status: 400 },
  "payload-too-large": { code: "RequestEntityTooLarge", status: 413 },
  "request-timeout": { code: "RequestTimeout", status: 408 },
  "unsupported-media-type": { code: "UnsupportedMediaType", status: 415 },
  "unknown-operation": { code: "InvalidAction", status: 400 },
  "service-unavailable": { code: "ServiceUnavailable", status: 503 },
  "internal": { code: "InternalFailure", status: 500 },
  "model-timeout": { code: "InternalFailure", status: 500 },
  "model-error": { code: "InternalFailure", status: 500 },
  "model-stream-error": { code: "InternalFailure", status: 500 },
  "model-not-ready": { code: "ServiceUnavailable", status: 503 },
};

const FORM = /^application\/x-www-form-urlencoded\b/i;

export function awsQuery(service: QueryService): Protocol {
  const codes = { ...common, ...service.codes };
  return {
    name: "awsQuery",
    target({ rawQuery, header, body }): string | undefined {
      const fromQuery = new URLSearchParams(rawQuery).get("Action");
      if (fromQuery) return fromQuery;
      // The content type only says whether to parse; the Action itself is covered by the body hash.
      if (!FORM.test(header("content-type") ?? "")) return undefined;
      return new URLSearchParams(body.toString("utf8")).get("Action") ?? undefined;
    },
    unknownTarget(target) {
      return new Fault("unknown-operation", target ? `The action ${target.slice(0, 64).replace(/[^A-Za-z0-9]/g, "")} is not valid for this web service.` : "The request names no Action.");
    },
    error(f: Fault, requestId: string): ErrorReply {
      const known = codes[f.kind];
      const code = (f.detail.reason !== undefined ? service.reasons?.[f.detail.reason] : undefined) ?? known.code;
      const type = known.status >= 500 ? "Receiver" : "Sender";
      const body = `<ErrorResponse xmlns="${service.xmlns}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(f.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
      return { status: known.status, code, headers: { "content-type": "text/xml" }, body };
    },
  };
}

/** The XML answer of one awsQuery action: `<XResponse><XResult>...</XResult><ResponseMetadata>`. */
export function queryReply(service: QueryService, action: string, result: Record<string, XmlValue> | undefined, requestId: string): Reply {
  const inner = result === undefined ? "" : element(`${action}Result`, result);
  const body = `<${action}Response xmlns="${service.xmlns}">${inner}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
  return { kind: "bytes", status: 200, contentType: "text/xml", body: Buffer.from(body) };
}
