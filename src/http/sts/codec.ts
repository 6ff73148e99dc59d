import { invalid } from "../../kernel/index.js";
import type { SessionTag } from "../../kernel/index.js";
import type {
  AssumeRoleInput, AssumeRoleResult, CallerIdentity, GetSessionTokenInput, IssuedCredentials, MfaInput,
} from "../../service/sts/index.js";
import { MAX_POLICY_ARNS } from "../../service/sts/index.js";
import { decodeQueryForm } from "../protocols/query-form.js";
import type { QueryObject } from "../protocols/query-form.js";
import type { XmlValue } from "../protocols/xml.js";
import { checkString, list, optionalInteger, optionalString, requiredString, structure } from "./members.js";
import type { StringRule } from "./members.js";

/**
 * The STS wire (awsQuery, API version 2011-06-15) <-> the typed inputs and results of
 * service/sts. Pure: form bytes in, typed values out; typed values in, XML members out.
 * Constraints are those of the STS model; the service checks what depends on state.
 */
const ARN: StringRule = { min: 20, max: 2048, pattern: /^[\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]+$/u };
const ROLE_SESSION_NAME: StringRule = { min: 2, max: 64, pattern: /^[\w+=,.@-]*$/ };
const SOURCE_IDENTITY: StringRule = { min: 2, max: 64, pattern: /^[\w+=,.@-]*$/ };
const EXTERNAL_ID: StringRule = { min: 2, max: 1224, pattern: /^[\w+=,.@:/-]*$/ };
const SERIAL_NUMBER: StringRule = { min: 9, max: 256, pattern: /^[\w+=/:,.@-]*$/ };
const TOKEN_CODE: StringRule = { min: 6, max: 6, pattern: /^\d*$/ };
const SESSION_POLICY: StringRule = { min: 1, pattern: /^[\u0009\u000A\u000D\u0020-\u00FF]+$/ };
const TAG_KEY: StringRule = { min: 1, max: 128, pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u };
const TAG_VALUE: StringRule = { min: 0, max: 256, pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u };
const MAX_TAGS = 50;

export function readForm(body: Buffer): QueryObject {
  return decodeQueryForm(body);
}

export function decodeGetSessionTokenRequest(form: QueryObject): GetSessionTokenInput {
  const durationSeconds = optionalInteger(form, "DurationSeconds", "durationSeconds");
  const mfa = decodeMfa(form);
  return { ...(durationSeconds !== undefined ? { durationSeconds } : {}), ...(mfa ? { mfa } : {}) };
}

export function decodeAssumeRoleRequest(form: QueryObject): AssumeRoleInput {
  if (form["ProvidedContexts"] !== undefined && form["ProvidedContexts"] !== "") {
    throw invalid("providedContexts", "Provided contexts (trusted identity propagation) are not supported");
  }
  const durationSeconds = optionalInteger(form, "DurationSeconds", "durationSeconds");
  const externalId = optionalString(form, "ExternalId", "externalId", EXTERNAL_ID);
  const policy = optionalString(form, "Policy", "policy", SESSION_POLICY);
  const sourceIdentity = optionalString(form, "SourceIdentity", "sourceIdentity", SOURCE_IDENTITY);
  const mfa = decodeMfa(form);
  return {
    roleArn: requiredString(form, "RoleArn", "roleArn", ARN),
    roleSessionName: requiredString(form, "RoleSessionName", "roleSessionName", ROLE_SESSION_NAME),
    policyArns: list(form, "PolicyArns", "policyArns", MAX_POLICY_ARNS).map((item, i) => {
      const field = `policyArns.member.${i + 1}.arn`;
      return checkString(structure(item, field)["arn"], field, ARN);
    }),
    tags: list(form, "Tags", "tags", MAX_TAGS).map((item, i): SessionTag => {
      const tag = structure(item, `tags.member.${i + 1}`);
      return {
        key: checkString(tag["Key"], `tags.member.${i + 1}.key`, TAG_KEY),
        value: checkString(tag["Value"], `tags.member.${i + 1}.value`, TAG_VALUE),
      };
    }),
    transitiveTagKeys: list(form, "TransitiveTagKeys", "transitiveTagKeys", MAX_TAGS)
      .map((key, i) => checkString(key, `transitiveTagKeys.member.${i + 1}`, TAG_KEY)),
    ...(durationSeconds !== undefined ? { durationSeconds } : {}),
    ...(externalId !== undefined ? { externalId } : {}),
    ...(policy !== undefined ? { policy } : {}),
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
    ...(mfa ? { mfa } : {}),
  };
}

/** SerialNumber and TokenCode make sense only together. */
function decodeMfa(form: QueryObject): MfaInput | undefined {
  const serialNumber = optionalString(form, "SerialNumber", "serialNumber", SERIAL_NUMBER);
  const tokenCode = optionalString(form, "TokenCode", "tokenCode", TOKEN_CODE);
  if (serialNumber === undefined && tokenCode === undefined) return undefined;
  if (serialNumber === undefined) throw invalid("serialNumber", "Member must not be null when a TokenCode is given");
  if (tokenCode === undefined) throw invalid("tokenCode", "Member must not be null when a SerialNumber is given");
  return { serialNumber, tokenCode };
}

export function encodeCallerIdentity(identity: CallerIdentity): Record<string, XmlValue> {
  return { UserId: identity.userId, Account: identity.account, Arn: identity.arn };
}

export function encodeCredentials(credentials: IssuedCredentials): Record<string, XmlValue> {
  return {
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey.reveal(),
    SessionToken: credentials.sessionToken,
    Expiration: credentials.expiration,
  };
}

export function encodeGetSessionTokenResult(credentials: IssuedCredentials): Record<string, XmlValue> {
  return { Credentials: encodeCredentials(credentials) };
}

export function encodeAssumeRoleResult(result: AssumeRoleResult): Record<string, XmlValue> {
  return {
    Credentials: encodeCredentials(result.credentials),
    AssumedRoleUser: { AssumedRoleId: result.assumedRoleId, Arn: result.arn },
    PackedPolicySize: result.packedPolicySize,
    SourceIdentity: result.sourceIdentity,
  };
}
