import { CA_RENEW_BEFORE_DAYS, type GeneratedTlsMaterial } from "./ensure.js";

/** What the operator should hear about the generated material at start-up, for the log. */
export interface TlsNotice {
  readonly message: string;
  readonly detail: Readonly<Record<string, string>>;
}

/** The CA's coming replacement is announced this long before it happens (30 days' notice). */
export const CA_NOTICE_DAYS = CA_RENEW_BEFORE_DAYS + 30;
const DAY_MS = 86_400_000;

/**
 * A replaced or soon-replaced CA breaks every client that trusts the old ca.pem, so the
 * operator is told at the start that replaced it and at each start in the month before.
 */
export function tlsNotices(material: GeneratedTlsMaterial, now: Date): TlsNotice[] {
  if (material.replacedCa !== undefined) {
    return [{
      message: "made a new local CA: clients that trusted the previous ca.pem must be given this one",
      detail: { caFile: material.caPath, reason: material.replacedCa },
    }];
  }
  const left = material.caExpires.getTime() - now.getTime();
  if (left >= CA_NOTICE_DAYS * DAY_MS) return [];
  const replacedAfter = new Date(material.caExpires.getTime() - CA_RENEW_BEFORE_DAYS * DAY_MS);
  return [{
    message: "the local CA nears its end: the first start after replacedAfter makes a new one, which clients must then be given",
    detail: { caFile: material.caPath, expires: material.caExpires.toISOString(), replacedAfter: replacedAfter.toISOString() },
  }];
}
