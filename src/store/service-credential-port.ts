/**
 * The persistence port for IAM service-specific credentials: Bedrock's long-term API keys. As
 * for access keys, the secret arrives sealed by a SecretBox and leaves as it arrived; the store
 * never sees it in clear. Conventions as in port.ts: absent → undefined, duplicate → "conflict",
 * a reference to something absent → "not-found", over a quota → "service-quota-exceeded".
 */
export type ServiceCredentialStatus = "Active" | "Inactive";

export interface ServiceCredentialRecord {
  /** `ACCA` + 16 upper-case letters or digits (IAM's ServiceSpecificCredentialId). */
  readonly credentialId: string;
  readonly userId: string;
  /** The service the credential is for, e.g. `bedrock.amazonaws.com`. */
  readonly serviceName: string;
  /**
   * The public half of the key (IAM's ServiceCredentialAlias), unique across the database so a
   * presented key finds its credential; IAM name characters only, so never a ':'.
   */
  readonly alias: string;
  /** Sealed under `{purpose: 'service-credential-secret', credentialId}`. */
  readonly secretCiphertext: Uint8Array;
  readonly status: ServiceCredentialStatus;
  readonly createdAt: Date;
  /** Absent: the credential never expires. */
  readonly expiresAt?: Date;
}

/** A credential with the user it belongs to: what authentication needs in one read. */
export interface ServiceCredentialWithOwner extends ServiceCredentialRecord {
  readonly accountId: string;
  readonly userName: string;
  /** The user's ARN. */
  readonly arn: string;
}

export interface ServiceCredentialStore {
  /** At most MAX_SERVICE_CREDENTIALS_PER_SERVICE per user and service: another is "service-quota-exceeded". */
  create(record: ServiceCredentialRecord): Promise<void>;
  get(credentialId: string): Promise<ServiceCredentialWithOwner | undefined>;
  getByAlias(alias: string): Promise<ServiceCredentialWithOwner | undefined>;
  /** The user's credentials, oldest first. */
  list(userId: string): Promise<ServiceCredentialRecord[]>;
  /** Every credential of the account's users, oldest first (ListServiceSpecificCredentials AllUsers). */
  listForAccount(accountId: string): Promise<ServiceCredentialWithOwner[]>;
  /** False when no such credential exists. */
  setStatus(credentialId: string, status: ServiceCredentialStatus): Promise<boolean>;
  /** ResetServiceSpecificCredential: a new sealed secret for the same credential. False when absent. */
  replaceSecret(credentialId: string, secretCiphertext: Uint8Array): Promise<boolean>;
  /** The same secret sealed anew (another key or context), only while the row still holds `expected`; false otherwise. */
  resealSecret(credentialId: string, expected: Uint8Array, sealed: Uint8Array): Promise<boolean>;
  /** False when no such credential exists. */
  delete(credentialId: string): Promise<boolean>;
}
