import type { EncryptionContext, SealingKey, SecretBox } from "../../crypto/index.js";
import { Fault } from "../../kernel/index.js";
import type { GuardrailPolicies } from "../../guardrails/config.js";

/**
 * A guardrail's configuration at rest: sealed whole by the secret box under the customer key
 * the guardrail names (kmsKeyId), else the account's plinth-managed default key, bound to the
 * account, the guardrail's ARN and the version, so a row copied onto another guardrail, account
 * or version does not open.
 */
export function guardrailContext(accountId: string, guardrailArn: string, version: string): EncryptionContext {
  return { purpose: "guardrail-configuration", accountId, guardrailArn, version };
}

export async function sealPolicies(box: SecretBox, context: EncryptionContext, policies: GuardrailPolicies, key?: SealingKey): Promise<Uint8Array> {
  return box.seal(new TextEncoder().encode(JSON.stringify(policies)), context, key);
}

export async function openPolicies(box: SecretBox, context: EncryptionContext, sealed: Uint8Array): Promise<GuardrailPolicies> {
  const plain = await box.open(sealed, context);
  try {
    return JSON.parse(new TextDecoder().decode(plain)) as GuardrailPolicies;
  } catch (error) {
    throw new Fault("internal", "a stored guardrail configuration could not be read", {}, error);
  }
}
