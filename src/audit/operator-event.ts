import { randomUUID } from "node:crypto";
import type { AuditFields } from "../kernel/index.js";
import type { AuditEvent } from "./event.js";

/** What an operator did on the host with one of plinth's offline commands. */
export interface OperatorAction {
  /** CloudTrail-style name of what was done, e.g. RotateRootKey. */
  readonly eventName: string;
  /** The command line's verb, e.g. `root rotate` (never its arguments: they may name secrets' files). */
  readonly command: string;
  readonly at: Date;
  readonly region: string;
  readonly accountId: string;
  /** The operating-system account that ran the command, and the host it ran on. */
  readonly osUser: string;
  readonly host: string;
  readonly readOnly: boolean;
  readonly requestParameters?: AuditFields;
  readonly responseElements?: AuditFields;
  /** The failure's name only, as for API calls: a message may quote a path or a provider's words. */
  readonly errorCode?: string;
}

/**
 * An operator action as a CloudTrail record: an AwsServiceEvent (it did not come through the
 * API, so there is no caller key, TLS session or policy decision to record), attributed to the
 * operating-system user on the host, which is all plinth can know of who ran it.
 */
export function operatorEvent(action: OperatorAction): AuditEvent {
  return {
    eventVersion: "1.09",
    userIdentity: { type: "Unknown", userName: action.osUser, credentialType: "host" },
    eventTime: action.at.toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource: "plinth",
    eventName: action.eventName,
    awsRegion: action.region,
    sourceIPAddress: action.host,
    userAgent: `plinth-cli ${action.command}`,
    ...(action.errorCode === undefined ? {} : { errorCode: action.errorCode }),
    requestParameters: action.requestParameters ?? null,
    responseElements: action.responseElements ?? null,
    additionalEventData: { operatorCommand: action.command },
    requestID: randomUUID(),
    eventID: randomUUID(),
    readOnly: action.readOnly,
    eventType: "AwsServiceEvent",
    managementEvent: true,
    eventCategory: "Management",
    recipientAccountId: action.accountId,
  };
}
