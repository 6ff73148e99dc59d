import { readFile } from "node:fs/promises";
import { hostname } from "node:os";
import { SyslogSender, octetCounted, syslogMessage } from "../audit/index.js";
import type { AuditEvent, SyslogHeader } from "../audit/index.js";
import type { Capability, Foundation } from "./capability.js";

export interface AuditSyslog extends Capability {
  /** Hands a committed event to the stream: O(1), never blocks, never throws. */
  readonly forward: (event: AuditEvent) => void;
}

/** How long closing waits for the queued events to reach the collector. */
const CLOSE_WAIT_MS = 3_000;

/**
 * The audit trail's copy for a SIEM, when `audit.syslog` is configured: each event the journal
 * has made durable, as the same CloudTrail JSON, in an RFC 5424 message over TCP (or TLS) to
 * one collector. The events are content-free by construction, so the stream is too; the sender
 * bounds its queue and drops (counting) rather than grow or slow the journal.
 */
export async function auditSyslogCapability({ config, logger }: Foundation): Promise<AuditSyslog | undefined> {
  const settings = config.audit.syslog;
  if (settings === undefined) return undefined;
  const ca = settings.caFile === undefined ? undefined : await readFile(settings.caFile, "utf8");
  const where = { host: settings.host, port: settings.port, tls: settings.tls };
  const sender = new SyslogSender({ host: settings.host, port: settings.port, tls: settings.tls, ...(ca === undefined ? {} : { ca }) }, settings.queueSize, {
    connected: () => logger.info(where, "audit events are streamed to the syslog collector"),
    lost: (reason) => logger.warn({ ...where, reason }, "the syslog collector cannot be reached; audit events are queued (and dropped when the queue is full) until it can"),
    dropped: (count) => logger.warn({ ...where, count }, "audit events were not sent to the syslog collector: its queue was full (they remain in the audit trail)"),
  });
  const header: SyslogHeader = { facility: settings.facility, hostname: hostname(), appName: "plinth", procId: String(process.pid) };
  if (!settings.tls) logger.warn(where, "audit events are streamed to syslog over plain TCP: principals, addresses and resources cross the network unencrypted");
  return {
    name: "audit-syslog",
    operations: [],
    forward: (event) => sender.send(octetCounted(syslogMessage(event, header))),
    close: async () => {
      await sender.close(CLOSE_WAIT_MS);
      if (sender.queued > 0) logger.warn({ ...where, count: sender.queued }, "audit events were not sent to the syslog collector before shutdown (they remain in the audit trail)");
    },
  };
}
