import { MAX_PRESIGNED_TTL } from "./names.js";
import { fault } from "../kernel/index.js";
import { formatAmzDate } from "./credential.js";
import type { SignedParts } from "./parse.js";

function span(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min.` : `${seconds} sec.`;
}

/**
 * A signature is good only near the time it claims, which bounds replay. Header-signed
 * requests must be within maxSkewSeconds of now both ways (inclusive); presigned URLs from
 * signing until X-Amz-Expires later (at most a week), and may not be dated in the future by
 * more than the skew. The messages give the times, as AWS's do, and nothing secret.
 */
export function checkSignatureWindow(parts: SignedParts, now: Date, maxSkewSeconds: number): void {
  const signed = parts.signedAt.getTime();
  const skewMs = maxSkewSeconds * 1000;
  // The current time, as messages give it: only formatted when a check fails.
  const at = (): string => formatAmzDate(now);
  if (signed - now.getTime() > skewMs) {
    const limit = formatAmzDate(new Date(now.getTime() + skewMs));
    throw fault(
      "signature-expired",
      `Signature not yet current: ${parts.amzDate} is still later than ${limit} (${at()} + ${span(maxSkewSeconds)})`,
    );
  }
  if (parts.presigned) {
    const expires = parts.expiresSeconds ?? 0;
    if (expires > MAX_PRESIGNED_TTL) {
      throw fault("signature-expired", `X-Amz-Expires must be less than a week (in seconds) that is; ${MAX_PRESIGNED_TTL}`);
    }
    if (now.getTime() - signed > expires * 1000) {
      const end = formatAmzDate(new Date(signed + expires * 1000));
      throw fault(
        "signature-expired",
        `Signature expired: the presigned request signed at ${parts.amzDate} with X-Amz-Expires=${expires} expired at ${end}; it is now ${at()}.`,
      );
    }
    return;
  }
  if (now.getTime() - signed > skewMs) {
    const limit = formatAmzDate(new Date(now.getTime() - skewMs));
    throw fault(
      "signature-expired",
      `Signature expired: ${parts.amzDate} is now earlier than ${limit} (${at()} - ${span(maxSkewSeconds)})`,
    );
  }
}
