import { PARTITION } from "../../kernel/index.js";
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
