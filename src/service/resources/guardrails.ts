import { PARTITION, parseArn } from "../../kernel/index.js";
import { idInOwnArn } from "./own-arn.js";

/**
 * A guardrail as the caller named it (an id, or an ARN), in the one canonical ARN form of this
 * partition, region and the caller's account: what `bedrock:GuardrailIdentifier` conditions see.
 * Any other spelling of the ARN is a ValidationException, so a Deny written for one guardrail
 * cannot be sidestepped by rewording it (as for models).
 */
export function canonicalGuardrailArn(identifier: string, region: string, accountId: string, field = "guardrailIdentifier"): string {
  const id = identifier.startsWith("arn:")
    ? idInOwnArn(identifier, { region, account: accountId }, { service: "bedrock", resourceType: "guardrail", field })
    : identifier;
  return `arn:${PARTITION}:bedrock:${region}:${accountId}:guardrail/${id}`;
}

/**
 * The guardrail an inference or ApplyGuardrail uses, in its canonical ARN: an id names the
 * caller's; an ARN may name another account's (this partition and region only), which the caller
 * may use when that guardrail's resource policy and the caller's own policies both allow
 * `bedrock:ApplyGuardrail` on this ARN. Other spellings are refused as canonicalGuardrailArn's.
 */
export function usedGuardrailArn(identifier: string, region: string, callerAccount: string, field = "guardrailIdentifier"): string {
  return canonicalGuardrailArn(identifier, region, guardrailOwner(identifier, callerAccount), field);
}

/** The account whose guardrail an identifier names: an ARN's own account, else (an id) the caller's. */
export function guardrailOwner(identifier: string, callerAccount: string): string {
  if (!identifier.startsWith("arn:")) return callerAccount;
  const account = parseArn(identifier)?.account ?? "";
  return /^\d{12}$/.test(account) ? account : callerAccount;
}
