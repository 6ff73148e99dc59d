import { resolve as resolvePath } from "node:path";
import { DEFAULTS } from "./defaults.js";
import { joinPath } from "./problems.js";
import type { RawListener, RawServer, RawTls } from "./raw.js";
import type { ListenerSettings, TlsFileSettings } from "./types.js";

/** The name of the one listener there is when none are configured. */
export const DEFAULT_LISTENER_NAME = "default";

/**
 * The listeners to start. Without `server.listeners`, one from server.host/port/insecureHttp,
 * exactly as before listeners were configurable. A listener's own `tls` stays its own; the
 * fallback (server.tls, else generated material) is decided where the material is loaded.
 */
export function resolveListeners(raw: RawServer, baseDir: string): ListenerSettings[] {
  const at = (p: string) => resolvePath(baseDir, p);
  if (raw.listeners === undefined) {
    return [{
      name: DEFAULT_LISTENER_NAME,
      configPath: "server",
      host: raw.host ?? DEFAULTS.host,
      port: raw.port ?? DEFAULTS.port,
      insecureHttp: raw.insecureHttp ?? false,
    }];
  }
  return raw.listeners.map((listener, index) => resolveListener(listener, joinPath(["server", "listeners", index]), at));
}

function resolveListener(raw: RawListener, configPath: string, at: (p: string) => string): ListenerSettings {
  return {
    name: raw.name,
    configPath,
    host: raw.host,
    port: raw.port,
    insecureHttp: raw.insecureHttp ?? false,
    ...(raw.tls === undefined ? {} : { tls: tlsFiles(raw.tls, at) }),
    ...(raw.privateEndpointId === undefined ? {} : { privateEndpointId: raw.privateEndpointId }),
    ...(raw.clientCa === undefined ? {} : {
      clientCertificates: { caFile: at(raw.clientCa), required: raw.requireClientCert ?? true },
    }),
    ...(raw.allowedSourceNetworks === undefined ? {} : { allowedSourceNetworks: raw.allowedSourceNetworks }),
  };
}

export function tlsFiles(raw: RawTls, at: (p: string) => string): TlsFileSettings {
  return {
    certFile: at(raw.certFile),
    keyFile: at(raw.keyFile),
    ...(raw.caFile === undefined ? {} : { caFile: at(raw.caFile) }),
  };
}
