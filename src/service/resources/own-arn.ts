import { PARTITION, invalid, parseArn } from "../../kernel/index.js";
import type { ParsedArn } from "../../kernel/index.js";

/**
 * Where this deployment's resources live: one partition, one region, and (for resources owned
 * by an account) the caller's account. An ARN naming any other place does not name a resource of
 * ours, however the rest of it reads.
 */
export interface ResourceScope {
  readonly region: string;
  /** The account that owns the resource kind's ARNs, or "" for kinds AWS writes with no account (foundation models). */
  readonly account: string;
}

export interface OwnArnRule {
  readonly service: string;
  /** The resource type, the first segment of the resource part: `foundation-model`, `guardrail`, ... */
  readonly resourceType: string;
  /** The request member the identifier came in, for the ValidationException. */
  readonly field: string;
}

/**
 * The resource id inside an ARN of ours, or a ValidationException naming the field. Every part
 * is compared exactly: a Deny written for `arn:aws:bedrock:us-east-1::foundation-model/X` must
 * not be escaped by spelling X's ARN with another partition, region, account or case.
 */
export function idInOwnArn(identifier: string, scope: ResourceScope, rule: OwnArnRule): string {
  const parsed: ParsedArn | undefined = parseArn(identifier);
  const prefix = `${rule.resourceType}/`;
  const ok = parsed !== undefined && parsed.partition === PARTITION && parsed.service === rule.service
    && parsed.region === scope.region && parsed.account === scope.account && parsed.resource.startsWith(prefix)
    && parsed.resource.length > prefix.length;
  if (!ok) {
    const where = `arn:${PARTITION}:${rule.service}:${scope.region}:${scope.account}:${prefix}<id>`;
    const article = /^[aeiou]/.test(rule.resourceType) ? "an" : "a";
    throw invalid(rule.field, `an ARN must name ${article} ${rule.resourceType} of this deployment (${where})`);
  }
  return parsed.resource.slice(prefix.length);
}
