import type { Logger } from "pino";
import type { ExchangeObserver, ExchangeRecord } from "./observe.js";

/**
 * The access log: one structured line per exchange with allow-listed, content-free fields only
 * (no headers, no query, no body), in the spirit of Fastify's default request log.
 */
export function accessLog(logger: Logger): ExchangeObserver {
  return {
    observe(r: ExchangeRecord): void {
      const line = {
        requestId: r.requestId,
        method: r.method,
        path: r.path,
        http: r.httpVersion,
        status: r.status,
        latencyMs: Math.round(r.latencyMs * 100) / 100,
        sourceIp: r.sourceIp,
        listener: r.listener,
        ...(r.sourceVpce !== undefined ? { sourceVpce: r.sourceVpce } : {}),
        operation: r.operation,
        principal: r.principalArn,
        accessKeyId: r.accessKeyId,
        modelId: r.subject,
        ...(r.processingRegion !== undefined ? { processingRegion: r.processingRegion } : {}),
        error: r.errorName,
        ...(r.bug !== undefined ? { bug: r.bug } : {}),
      };
      if (r.errorKind === "internal") logger.error(line, "request failed");
      else logger.info(line, "request");
    },
  };
}
