import { DEFAULTS } from "./defaults.js";

/** RFC 5424 §6.2.1's facility codes, by the names syslog daemons use (13 is "log audit"). */
export const SYSLOG_FACILITIES = {
  kern: 0, user: 1, mail: 2, daemon: 3, auth: 4, syslog: 5, lpr: 6, news: 7, uucp: 8, cron: 9, authpriv: 10, ftp: 11,
  ntp: 12, audit: 13, alert: 14, clock: 15, local0: 16, local1: 17, local2: 18, local3: 19, local4: 20, local5: 21, local6: 22, local7: 23,
} as const;
export type SyslogFacility = keyof typeof SYSLOG_FACILITIES;

/**
 * A copy of the audit trail streamed to a syslog collector (a SIEM). The trail in the store stays
 * the record; this stream is best effort: bounded, dropped and counted when the collector cannot
 * keep up, and never waited for by an answer.
 */
export const auditSyslogSchema = {
  type: "object",
  additionalProperties: false,
  required: ["host", "port"],
  description:
    "Also send each committed audit event (its CloudTrail JSON) as an RFC 5424 syslog message over TCP with octet-counting " +
    "framing (RFC 6587), optionally in TLS (RFC 5425). Absent: not sent. Delivery is best effort: the signed trail is the record.",
  properties: {
    host: { type: "string", format: "host", description: "The syslog collector's host name or address." },
    port: { type: "integer", minimum: 1, maximum: 65535, description: "Its TCP port (6514 is syslog over TLS, 601 plain syslog over TCP)." },
    tls: { type: "boolean", default: false, description: "Connect with TLS (RFC 5425), verifying the collector's certificate for host." },
    caFile: { type: "string", minLength: 1, description: "CA certificate(s) (PEM) that sign the collector's certificate, when not a public CA; with tls." },
    facility: {
      enum: Object.keys(SYSLOG_FACILITIES),
      default: DEFAULTS.auditSyslogFacility,
      description: "The syslog facility of the messages.",
    },
    queueSize: {
      type: "integer",
      minimum: 1,
      maximum: 1000000,
      default: DEFAULTS.auditSyslogQueueSize,
      description: "Events held while the collector is unreachable or slow; when full, further events are dropped (and counted in plinth's log).",
    },
  },
  dependencies: { caFile: { properties: { tls: { const: true } }, required: ["tls"] } },
} as const;
