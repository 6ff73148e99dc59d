import type { AuditFields } from "../kernel/index.js";

/**
 * One audit event in CloudTrail's record format (eventVersion 1.09). It is an allow-list: every
 * field is an identifier, a name, a time, a number or a flag, and the free-form parts
 * (requestParameters, responseElements, additionalEventData) are `AuditFields`, to which content
 * (`Sensitive`) cannot be assigned. Nothing else may be added to a record.
 */
export interface AuditEvent {
  readonly eventVersion: "1.09";
  readonly userIdentity: AuditUserIdentity;
  /** UTC, ISO-8601 to the second, as CloudTrail writes it. */
  readonly eventTime: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly awsRegion: string;
  readonly sourceIPAddress: string;
  readonly userAgent?: string;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly requestParameters: AuditFields | null;
  readonly responseElements: AuditFields | null;
  readonly additionalEventData: AuditDecisionFacts;
  readonly requestID: string;
  readonly eventID: string;
  readonly readOnly: boolean;
  readonly resources?: readonly AuditResource[];
  /** AwsServiceEvent: done on the host by an operator's offline command, not through the API. */
  readonly eventType: "AwsApiCall" | "AwsServiceEvent";
  readonly managementEvent: boolean;
  readonly eventCategory: "Management" | "Data";
  readonly recipientAccountId: string;
  readonly vpcEndpointId?: string;
  readonly tlsDetails?: { readonly tlsVersion: string; readonly cipherSuite: string; readonly clientProvidedHostHeader?: string };
}

export interface AuditUserIdentity {
  readonly type: "IAMUser" | "AssumedRole" | "Root" | "Unknown";
  readonly principalId?: string;
  readonly arn?: string;
  readonly accountId?: string;
  readonly accessKeyId?: string;
  readonly userName?: string;
  readonly sessionContext?: {
    readonly sessionIssuer?: { readonly type: "Role"; readonly principalId: string; readonly arn: string; readonly accountId: string; readonly userName: string };
    readonly attributes: { readonly creationDate: string; readonly mfaAuthenticated: "true" | "false" };
  };
  /** plinth's own: how the caller authenticated (sigv4, sigv4-presigned, bearer, mtls). */
  readonly credentialType?: string;
}

export interface AuditResource {
  readonly ARN: string;
  readonly accountId: string;
  readonly type: string;
}

/** The decision facts, in additionalEventData. */
export interface AuditDecisionFacts {
  readonly [key: string]: AuditFields[string];
}
