import { Fault } from "../../kernel/index.js";
import type { AuditEntry, LookupAttributeKey } from "../../audit/log.js";
import type { CheckpointKeyInfo, LookupRequest } from "../../service/audit-trail/index.js";
import { own, readBody } from "../organizations/members.js";
import type { Obj } from "../organizations/members.js";

const ATTRIBUTE_KEYS: readonly LookupAttributeKey[] = ["EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName", "EventSource", "AccessKeyId"];

const MAX_NEXT_TOKEN = 1024;

const invalid = (field: string, message: string, reason = "invalid-lookup-attributes"): Fault => new Fault("validation", message, { field, reason });

/** awsJson timestamps: epoch seconds (the SDKs send numbers; strings are accepted as ISO-8601). */
function time(o: Obj, key: string): Date | undefined {
  const v = own(o, key);
  if (v === undefined) return undefined;
  const date = typeof v === "number" ? new Date(v * 1000) : typeof v === "string" ? new Date(v) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) throw invalid(key, `${key} must be a timestamp`, "invalid-time-range");
  return date;
}

export function decodeLookupEvents(body: Buffer, contentType: string | undefined): LookupRequest {
  const o = readBody(body, contentType, ["LookupAttributes", "StartTime", "EndTime", "EventCategory", "MaxResults", "NextToken"], "LookupEventsRequest");
  const category = own(o, "EventCategory");
  // The only category LookupEvents takes is `insight`, and plinth records no Insights events.
  if (category !== undefined) throw invalid("EventCategory", "EventCategory insight is not supported: plinth records no Insights events", "invalid-event-category");
  const attrs = own(o, "LookupAttributes");
  let attribute: LookupRequest["attribute"];
  if (attrs !== undefined) {
    if (!Array.isArray(attrs)) throw invalid("LookupAttributes", "LookupAttributes must be a list");
    if (attrs.length > 1) throw invalid("LookupAttributes", "You cannot specify more than one lookup attribute");
    const a = attrs[0] as Obj | undefined;
    if (a !== undefined) {
      const key = own(a, "AttributeKey");
      const value = own(a, "AttributeValue");
      if (typeof key !== "string" || !(ATTRIBUTE_KEYS as readonly string[]).includes(key)) {
        throw invalid("LookupAttributes.0.AttributeKey", `AttributeKey must be one of ${ATTRIBUTE_KEYS.join(", ")}`);
      }
      if (typeof value !== "string" || value.length < 1 || value.length > 2000) throw invalid("LookupAttributes.0.AttributeValue", "AttributeValue must be 1 to 2000 characters");
      attribute = { key: key as LookupAttributeKey, value };
    }
  }
  const max = own(o, "MaxResults");
  if (max !== undefined && (typeof max !== "number" || !Number.isInteger(max))) throw invalid("MaxResults", "MaxResults must be an integer", "invalid-max-results");
  const next = own(o, "NextToken");
  // Our tokens are a few dozen characters: a long one is not ours, and is not decoded.
  if (next !== undefined && (typeof next !== "string" || next.length > MAX_NEXT_TOKEN)) throw invalid("NextToken", "NextToken must be a token from a previous page", "invalid-next-token");
  const start = time(o, "StartTime");
  const end = time(o, "EndTime");
  return {
    ...(attribute === undefined ? {} : { attribute }),
    ...(start === undefined ? {} : { start }),
    ...(end === undefined ? {} : { end }),
    ...(max === undefined ? {} : { maxResults: max as number }),
    ...(next === undefined ? {} : { nextToken: next as string }),
  };
}

export function decodeListPublicKeys(body: Buffer, contentType: string | undefined): { start?: Date; end?: Date } {
  const o = readBody(body, contentType, ["StartTime", "EndTime", "NextToken"], "ListPublicKeysRequest");
  const start = time(o, "StartTime");
  const end = time(o, "EndTime");
  return { ...(start === undefined ? {} : { start }), ...(end === undefined ? {} : { end }) };
}

const seconds = (iso: string): number => Date.parse(iso) / 1000;

/** One LookupEvents result; CloudTrailEvent is the stored leaf itself, so a reader can hash what it got. */
export function encodeEvent(entry: AuditEntry): Record<string, unknown> {
  const e = entry.event;
  const username = e.userIdentity.userName ?? (e.userIdentity.arn?.split("/").at(-1));
  return {
    EventId: e.eventID,
    EventName: e.eventName,
    ReadOnly: String(e.readOnly),
    ...(e.userIdentity.accessKeyId === undefined ? {} : { AccessKeyId: e.userIdentity.accessKeyId }),
    EventTime: seconds(e.eventTime),
    EventSource: e.eventSource,
    ...(username === undefined ? {} : { Username: username }),
    Resources: (e.resources ?? []).map((r) => ({ ResourceType: r.type, ResourceName: r.ARN })),
    CloudTrailEvent: Buffer.from(entry.leaf).toString("utf8"),
  };
}

export function encodePublicKey(k: CheckpointKeyInfo): Record<string, unknown> {
  return {
    Value: Buffer.from(k.value).toString("base64"),
    ValidityStartTime: k.validFrom.getTime() / 1000,
    ...(k.validTo === undefined ? {} : { ValidityEndTime: k.validTo.getTime() / 1000 }),
    Fingerprint: k.fingerprint,
  };
}
