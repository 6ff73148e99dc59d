import type { RequestContext } from "../../kernel/index.js";
import type { ConditionValue, RequestContextValues } from "../../policy/types.js";

/**
 * The request context AWS presents to policy conditions, derived from facts the server
 * established (socket, TLS, clock, verified credentials), never from client-supplied headers.
 * Keys are lower-cased: condition keys compare without regard to case.
 */
/**
 * Every key `requestContextValues` may set, whatever the action (written as the service
 * authorization reference writes them): validation warns about conditions on keys outside these
 * and the actions' own (policy/supplied-keys.ts), and a test holds the function to this list.
 */
export const REQUEST_CONTEXT_KEYS: readonly string[] = [
  "aws:SourceIp", "aws:SourceVpce", "aws:VpcSourceIp", "aws:SecureTransport", "aws:CurrentTime", "aws:EpochTime",
  "aws:RequestedRegion", "aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalType", "aws:userid", "aws:username",
  "aws:PrincipalOrgID", "aws:UserAgent", "aws:PrincipalTag/${TagKey}", "aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge",
  "aws:TokenIssueTime", "plinth:ClientCertSubject",
];

export interface PrincipalAttributes {
  readonly tags: ReadonlyMap<string, string>;
  readonly organizationId?: string;
}

export function requestContextValues(
  ctx: RequestContext,
  attributes: PrincipalAttributes,
  extra: ReadonlyMap<string, ConditionValue | readonly ConditionValue[]> | undefined,
): RequestContextValues {
  const values = new Map<string, ConditionValue | readonly ConditionValue[]>();
  const p = ctx.principal;
  const now = ctx.receivedAt;
  if (ctx.sourceVpce !== undefined) {
    // As in AWS: through a private endpoint the address is a VPC address, not aws:SourceIp.
    values.set("aws:sourcevpce", ctx.sourceVpce);
    values.set("aws:vpcsourceip", ctx.sourceIp);
  } else {
    values.set("aws:sourceip", ctx.sourceIp);
  }
  values.set("aws:securetransport", ctx.secureTransport);
  values.set("aws:currenttime", now.toISOString());
  values.set("aws:epochtime", Math.floor(now.getTime() / 1000));
  values.set("aws:requestedregion", ctx.region);
  values.set("aws:principalarn", p.roleArn ?? p.arn);
  values.set("aws:principalaccount", p.accountId);
  values.set("aws:principaltype", p.type === "AssumedRole" ? "AssumedRole" : p.type === "Root" ? "Account" : "User");
  values.set("aws:userid", p.userId);
  if (p.type === "IAMUser") values.set("aws:username", p.userName);
  if (attributes.organizationId !== undefined) values.set("aws:principalorgid", attributes.organizationId);
  if (ctx.userAgent !== undefined) values.set("aws:useragent", ctx.userAgent);
  for (const [key, value] of attributes.tags) values.set(`aws:principaltag/${key.toLowerCase()}`, value);
  if (p.session) {
    // Present only for temporary credentials, as in AWS (long-term keys: use ...IfExists).
    values.set("aws:multifactorauthpresent", p.session.mfaAuthenticatedAt !== undefined);
    if (p.session.mfaAuthenticatedAt) values.set("aws:multifactorauthage", Math.floor((now.getTime() - p.session.mfaAuthenticatedAt.getTime()) / 1000));
    values.set("aws:tokenissuetime", p.session.issuedAt.toISOString());
  }
  if (ctx.clientCertificate) values.set("plinth:clientcertsubject", ctx.clientCertificate.subject);
  if (extra) for (const [key, value] of extra) values.set(key.toLowerCase(), value);
  return values;
}
