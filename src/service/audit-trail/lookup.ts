import { Fault } from "../../kernel/index.js";
import type { AuditEntry, AuditQuery, AuditReader, LookupAttributeKey } from "../../audit/log.js";

/** The public key that signs checkpoints, as ListPublicKeys describes it. */
export interface CheckpointKeyInfo {
  /** DER SubjectPublicKeyInfo of the Ed25519 key. */
  readonly value: Uint8Array;
  readonly validFrom: Date;
  readonly validTo?: Date;
  /** Hex SHA-256 of `value`. */
  readonly fingerprint: string;
  /** The C2SP verifier key (`<name>+<hex id>+<base64>`) that `plinth audit verify` takes. */
  readonly verifierKey: string;
}

export interface LookupRequest {
  readonly attribute?: { readonly key: LookupAttributeKey; readonly value: string };
  readonly start?: Date;
  readonly end?: Date;
  readonly maxResults?: number;
  readonly nextToken?: string;
}

/**
 * Reading the trail (CloudTrail's LookupEvents and ListPublicKeys). Callers see only the events
 * of their own account: the organisation's trail is not a member account's to read.
 */
export class AuditTrailReader {
  constructor(private readonly reader: AuditReader, private readonly keys: () => readonly CheckpointKeyInfo[]) {}

  async lookup(accountId: string, request: LookupRequest): Promise<{ events: AuditEntry[]; nextToken?: string }> {
    if (request.start && request.end && request.start.getTime() > request.end.getTime()) {
      throw new Fault("validation", "Start time must be before end time", { field: "StartTime", reason: "invalid-time-range" });
    }
    const limit = request.maxResults ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) {
      throw new Fault("validation", "MaxResults must be between 1 and 50", { field: "MaxResults", reason: "invalid-max-results" });
    }
    const query: AuditQuery = {
      limit, account: accountId,
      ...(request.attribute === undefined ? {} : { attribute: request.attribute }),
      ...(request.start === undefined ? {} : { start: request.start }),
      ...(request.end === undefined ? {} : { end: request.end }),
      ...(request.nextToken === undefined ? {} : { after: request.nextToken }),
    };
    const page = await this.reader.lookup(query);
    return { events: page.entries, ...(page.next === undefined ? {} : { nextToken: page.next }) };
  }

  publicKeys(start?: Date, end?: Date): readonly CheckpointKeyInfo[] {
    return this.keys().filter((k) => (end === undefined || k.validFrom.getTime() <= end.getTime())
      && (start === undefined || k.validTo === undefined || k.validTo.getTime() >= start.getTime()));
  }
}
