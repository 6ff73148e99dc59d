import { accessLog } from "../http/access-log.js";
import { Edge } from "../http/edge.js";
import { startListeners } from "../http/listeners.js";
import { Pipeline } from "../http/pipeline.js";
import { Router } from "../http/router.js";
import { assertSurfaceComplete } from "../http/surface.js";
import { ensureTlsMaterial, loadOperatorTls, tlsNotices } from "../http/tls/index.js";
import type { Authorizer } from "../service/authorize.js";
import { authenticationOf } from "./access.js";
import { mergedHooks } from "./capability.js";
import type { Capability, Foundation } from "./capability.js";

export interface Served {
  readonly url: string;
  /** False only on the explicit plain-HTTP listener behind a TLS-terminating proxy. */
  readonly tls: boolean;
  readonly caFile?: string;
  readonly caPermits?: readonly string[];
  close(): Promise<void>;
}

/**
 * The capabilities behind one pipeline and the configured listeners. Start-up refuses an
 * operation without a handler and a handler without a declaration (assertSurfaceComplete).
 */
export async function serve({ config, logger, clock }: Foundation, capabilities: readonly Capability[], authorizer: Authorizer): Promise<Served> {
  const operations = capabilities.flatMap((c) => c.operations);
  assertSurfaceComplete(operations);
  const journals = capabilities.flatMap((c) => (c.journal === undefined ? [] : [c.journal]));
  if (journals.length > 1) throw new Error("More than one capability brings an audit journal");
  const pipeline = new Pipeline({
    router: new Router(operations),
    edge: new Edge({ region: config.region, trustedProxies: config.server.trustedProxies, secure: !config.server.insecureHttp }, clock),
    authentication: authenticationOf(capabilities),
    authorizer,
    hooks: mergedHooks(capabilities),
    observers: [accessLog(logger), ...capabilities.flatMap((c) => c.observers ?? [])],
    onObserverFault: (observer) => logger.error({ observer }, "an observer failed"),
    ...(journals[0] === undefined ? {} : { journal: journals[0] }),
    // The error's class only: a driver's message can quote the statement's parameters.
    onJournalFault: (error) => logger.error({ error: error instanceof Error ? error.name : typeof error }, "the audit trail could not record a request: it was refused"),
    maxBodyBytes: config.server.maxBodyBytes,
  });
  const dataDir = config.server.dataDir;
  const tls = config.server.insecureHttp ? undefined
    : config.server.tls ? await loadOperatorTls(config.server.tls)
    : await ensureTlsMaterial({ dataDir, serverNames: config.server.serverNames });
  if (tls?.generated) for (const notice of tlsNotices(tls, clock.now())) logger.warn(notice.detail, notice.message);
  const listener = await startListeners(pipeline, config.listeners, {
    defaultTls: tls, logger, limits: config.server, trustedProxies: config.server.trustedProxies,
  });
  return {
    url: listener.url,
    tls: tls !== undefined,
    ...(tls?.caPath !== undefined ? { caFile: tls.caPath } : {}),
    ...(tls?.generated ? { caPermits: tls.caPermits } : {}),
    close: () => listener.close(),
  };
}
