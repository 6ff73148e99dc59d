import type { AuditEvent } from "./event.js";

/**
 * An audit event as an RFC 5424 syslog message, framed for TCP by octet counting (RFC 6587
 * §3.4.1, the framing RFC 5425 requires over TLS). The MSG is the event's CloudTrail JSON with
 * every non-ASCII character escaped (`\uXXXX`): the message is then plain ASCII, which RFC 5424
 * allows without a BOM, and still parses to the very same event.
 */
export interface SyslogHeader {
  /** RFC 5424 facility code, 0-23. */
  readonly facility: number;
  readonly hostname: string;
  readonly appName: string;
  readonly procId: string;
}

/** RFC 5424 §6.2.1 severities: an event recording an error is a notice, any other informational. */
const NOTICE = 5;
const INFORMATIONAL = 6;
/** CloudTrail's eventTime (UTC, to the second, or finer): already an RFC 5424 TIMESTAMP. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

export function syslogMessage(event: AuditEvent, header: SyslogHeader): string {
  const severity = event.errorCode === undefined ? INFORMATIONAL : NOTICE;
  const pri = header.facility * 8 + severity;
  const timestamp = TIMESTAMP.test(event.eventTime) ? event.eventTime : "-";
  const fields = [
    `<${pri}>1`, timestamp, field(header.hostname, 255), field(header.appName, 48), field(header.procId, 128),
    field(event.eventName, 32), "-",
  ];
  return `${fields.join(" ")} ${asciiJson(event)}`;
}

/** `MSG-LEN SP SYSLOG-MSG`, the length counted in octets. */
export function octetCounted(message: string): Buffer {
  const body = Buffer.from(message, "utf8");
  return Buffer.concat([Buffer.from(`${body.length} `, "ascii"), body]);
}

/** A header field: printable US-ASCII without spaces (PRINTUSASCII), bounded; empty is the NILVALUE. */
function field(value: string, max: number): string {
  const clean = value.replace(/[^\x21-\x7e]/g, "_").slice(0, max);
  return clean === "" ? "-" : clean;
}

/** JSON.stringify escapes control characters and lone surrogates already; this escapes the rest above 0x7e. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
