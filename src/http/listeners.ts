import { X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Logger } from "pino";
import { Fault, fault, isFault, systemClock } from "../kernel/index.js";
import type { Clock } from "../kernel/index.js";
import { BodyBudget } from "./body-budget.js";
import { ConnectionGate } from "./connection-gate.js";
import { addressList } from "./edge.js";
import type { EdgeLimits } from "./limits.js";
import { listen } from "./server.js";
import type { ClientCertificateOptions, Listener, ListenOptions, Refusal, RequestHandler, TlsMaterial } from "./server.js";
import { loadOperatorTls } from "./tls/index.js";

/**
 * One configured listener, as the configuration resolves it (`ListenerSettings` in config/):
 * spelled out here so that http/ depends on the shape, not on the configuration module.
 */
export interface ListenerSpec {
  readonly name: string;
  /** Where it is in the configuration (`server.listeners[1]`), for start-up messages. */
  readonly configPath: string;
  readonly host: string;
  readonly port: number;
  readonly insecureHttp: boolean;
  readonly tls?: { readonly certFile: string; readonly keyFile: string; readonly caFile?: string };
  readonly privateEndpointId?: string;
  readonly clientCertificates?: { readonly caFile: string; readonly required: boolean };
  readonly allowedSourceNetworks?: readonly string[];
}

export interface StartListenersOptions {
  /** For listeners without their own material: server.tls, else the generated material. */
  readonly defaultTls?: TlsMaterial;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly limits: EdgeLimits;
  /** Exempt from the per-source connection cap: a proxy's clients all share its address. */
  readonly trustedProxies?: readonly string[];
}

/** The first (default) listener's address, as one listener was before; `all` lists every one. */
export interface Listeners extends Listener {
  readonly all: readonly Listener[];
}

/**
 * Starts every configured listener in order, or none: if one cannot start (its address is
 * taken, its material unreadable), those already started are closed and the error names the
 * listener's place in the configuration.
 */
export async function startListeners(
  handler: RequestHandler, specs: readonly ListenerSpec[], options: StartListenersOptions,
): Promise<Listeners> {
  if (specs.length === 0) throw fault("validation", "server.listeners: at least one listener is needed", { field: "server.listeners" });
  const refusals = new RefusalLog(options.logger, options.clock ?? systemClock);
  const { limits } = options;
  const proxies = options.trustedProxies ?? [];
  // One count of connections and one body budget for the process, whatever listener a client uses.
  const shared = {
    limits,
    gate: new ConnectionGate(limits.maxConnections, limits.maxConnectionsPerSource, proxies.length > 0 ? addressList(proxies) : undefined),
    budget: new BodyBudget(limits.maxUnauthenticatedBodyBytes, limits.maxUnauthenticatedBodyBytesPerConnection),
  };
  const started: Listener[] = [];
  const closeAll = async (): Promise<void> => { await Promise.all(started.map((l) => l.close())); };
  try {
    for (const spec of specs) {
      const listener = await startOne(handler, spec, options.defaultTls, shared, (r) => refusals.note(r));
      started.push(listener);
      options.logger.info({
        listener: spec.name, url: listener.url,
        ...(spec.privateEndpointId === undefined ? {} : { privateEndpointId: spec.privateEndpointId }),
        ...(spec.clientCertificates === undefined ? {} : { clientCertificates: spec.clientCertificates.required ? "required" : "optional" }),
        ...(spec.allowedSourceNetworks === undefined ? {} : { allowedSourceNetworks: spec.allowedSourceNetworks.length }),
      }, "listener started");
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
  const first = started[0]!;
  return { name: first.name, url: first.url, port: first.port, all: started, close: closeAll };
}

type Shared = Pick<ListenOptions, "limits" | "gate" | "budget">;

async function startOne(
  handler: RequestHandler, spec: ListenerSpec, defaultTls: TlsMaterial | undefined, shared: Shared, onRefused: (r: Refusal) => void,
): Promise<Listener> {
  const tls = spec.insecureHttp ? undefined : spec.tls ? await listenerTls(spec, spec.tls) : defaultTls;
  if (!spec.insecureHttp && tls === undefined) {
    throw new Fault("internal", `${spec.configPath}: no TLS material for listener "${spec.name}"`);
  }
  const clientCertificates = spec.clientCertificates && await clientCa(spec, spec.clientCertificates);
  try {
    return await listen(handler, {
      ...shared, name: spec.name, host: spec.host, port: spec.port, onRefused,
      ...(tls === undefined ? {} : { tls }),
      ...(spec.privateEndpointId === undefined ? {} : { privateEndpointId: spec.privateEndpointId }),
      ...(clientCertificates === undefined ? {} : { clientCertificates }),
      ...(spec.allowedSourceNetworks === undefined ? {} : { allowedSources: addressList(spec.allowedSourceNetworks) }),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw fault("validation", `${spec.configPath}: listener "${spec.name}" cannot listen on ${spec.host} port ${spec.port} (${code})`, { field: spec.configPath });
  }
}

/** The operator-material loader names server.tls in its messages; here the listener's own fields are meant. */
async function listenerTls(spec: ListenerSpec, files: NonNullable<ListenerSpec["tls"]>): Promise<TlsMaterial> {
  try {
    return await loadOperatorTls(files);
  } catch (error) {
    if (!isFault(error)) throw error;
    const field = (error.detail.field ?? "server.tls").replace(/^server\.tls/, `${spec.configPath}.tls`);
    throw fault("validation", error.message.replace(/^server\.tls/, `${spec.configPath}.tls`), { field });
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Reads and checks the client CA file before listening, so a wrong file fails start-up, not every handshake. */
async function clientCa(spec: ListenerSpec, settings: NonNullable<ListenerSpec["clientCertificates"]>): Promise<ClientCertificateOptions> {
  const field = `${spec.configPath}.clientCa`;
  let pem: string;
  try {
    pem = await readFile(settings.caFile, "utf8");
  } catch (error) {
    throw fault("validation", `${field}: cannot read file ${settings.caFile} (${(error as NodeJS.ErrnoException).code ?? "error"})`, { field });
  }
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw fault("validation", `${field}: ${settings.caFile} holds no PEM certificate`, { field });
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch {
      throw fault("validation", `${field}: ${settings.caFile} holds a certificate that cannot be parsed`, { field });
    }
  }
  return { ca: blocks.join("\n"), required: settings.required };
}

/** Refusals are logged per listener and reason at most this often, with a count of the rest. */
export const REFUSAL_LOG_INTERVAL_MS = 10_000;

/**
 * A refused connection costs the peer nothing, so a scan could otherwise turn each one into a
 * log line: the first refusal is logged at once, later ones within the interval are counted
 * and reported with the next line.
 */
export class RefusalLog {
  readonly #last = new Map<string, { at: number; unlogged: number }>();

  constructor(private readonly logger: Logger, private readonly clock: Clock) {}

  note(refusal: Refusal): void {
    const key = `${refusal.listener}\u0000${refusal.reason}`;
    const now = this.clock.now().getTime();
    const last = this.#last.get(key);
    if (last !== undefined && now - last.at < REFUSAL_LOG_INTERVAL_MS) {
      last.unlogged += 1;
      return;
    }
    this.#last.set(key, { at: now, unlogged: 0 });
    const unlogged = last?.unlogged ?? 0;
    this.logger.warn({ ...refusal, ...(unlogged > 0 ? { alsoRefused: unlogged } : {}) }, "connection refused");
  }
}
