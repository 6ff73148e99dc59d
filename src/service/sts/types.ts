import type { SessionTag } from "../../kernel/index.js";
import type { IssuedCredentials } from "./session-tokens.js";

/** The typed inputs and results of the STS operations (the http codec maps them to the wire). */
export interface MfaInput {
  readonly serialNumber: string;
  readonly tokenCode: string;
}

export interface GetSessionTokenInput {
  readonly durationSeconds?: number;
  readonly mfa?: MfaInput;
}

export interface AssumeRoleInput {
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly durationSeconds?: number;
  readonly externalId?: string;
  readonly mfa?: MfaInput;
  /** The inline session policy, as the caller wrote it. */
  readonly policy?: string;
  readonly policyArns: readonly string[];
  readonly tags: readonly SessionTag[];
  readonly transitiveTagKeys: readonly string[];
  readonly sourceIdentity?: string;
}

export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
  readonly userId: string;
}

export interface AssumeRoleResult {
  readonly credentials: IssuedCredentials;
  /** `AROA...:<session name>` */
  readonly assumedRoleId: string;
  /** `arn:aws:sts::<account>:assumed-role/<role name>/<session name>` */
  readonly arn: string;
  /** Present when session policies or tags were passed: percent of the packed space used. */
  readonly packedPolicySize?: number;
  readonly sourceIdentity?: string;
}
