import { Fault } from "../../kernel/index.js";

/**
 * The domain reasons KMS use cases raise; http/kms maps each to KMS's exception name
 * (DisabledException, KMSInvalidStateException, ...). Messages name keys and fields, never
 * plaintext, ciphertext or key material.
 */
export const KMS_REASONS = {
  disabled: "key-disabled",
  invalidState: "key-invalid-state",
  incorrectKey: "incorrect-key",
  invalidCiphertext: "invalid-ciphertext",
  invalidAliasName: "invalid-alias-name",
  invalidArn: "invalid-arn",
  tag: "invalid-tag",
  unsupported: "unsupported-operation",
  invalidMarker: "invalid-marker",
} as const;

export const keyNotFound = (named: string): Fault => new Fault("not-found", `Key '${named}' does not exist`, { field: "KeyId" });
export const aliasNotFound = (name: string): Fault => new Fault("not-found", `Alias ${name} is not found.`, { field: "AliasName" });

export const disabled = (arn: string): Fault => new Fault("validation", `${arn} is disabled.`, { reason: KMS_REASONS.disabled });

export const invalidState = (arn: string, state: string): Fault =>
  new Fault("conflict", `${arn} is ${state === "PendingDeletion" ? "pending deletion" : state.toLowerCase()}.`, { reason: KMS_REASONS.invalidState });

export const unsupported = (field: string, value: string, supported: string): Fault =>
  new Fault("validation", `${field} ${value} is not supported here: plinth's KMS keys are ${supported}`, { field, reason: KMS_REASONS.unsupported });

export const invalidTag = (message: string): Fault => new Fault("validation", message, { field: "Tags", reason: KMS_REASONS.tag });
