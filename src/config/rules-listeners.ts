import { joinPath, type ConfigProblem } from "./problems.js";
import type { RawListener, RawServer } from "./raw.js";

/**
 * Listener checks that need more than one value: unique names and addresses, settings that
 * would silently do nothing (server.host beside listeners), and plain HTTP combined with TLS.
 */
export function checkListenerRules(server: RawServer | undefined): ConfigProblem[] {
  const listeners = server?.listeners;
  if (server === undefined || listeners === undefined) return [];
  return [
    ...shadowedServerFields(server),
    ...uniqueNames(listeners),
    ...uniqueAddresses(listeners),
    ...listeners.flatMap(plainWithTls),
  ];
}

/** With listeners, these would be ignored; saying so beats a listener that is not where it was asked for. */
function shadowedServerFields(server: RawServer): ConfigProblem[] {
  const fields = (["host", "port", "insecureHttp"] as const).filter((field) => server[field] !== undefined);
  return fields.map((field) => ({
    path: `server.${field}`,
    message: `has no effect when server.listeners is set: give each listener its own ${field}`,
  }));
}

function uniqueNames(listeners: readonly RawListener[]): ConfigProblem[] {
  const first = new Map<string, number>();
  return listeners.flatMap((listener, index) => {
    const earlier = first.get(listener.name);
    if (earlier === undefined) first.set(listener.name, index);
    return earlier === undefined ? [] : [{
      path: joinPath(["server", "listeners", index, "name"]),
      message: `duplicate listener name "${listener.name}" (also server.listeners[${earlier}])`,
    }];
  });
}

/** Port 0 picks a free port each time, so only fixed ports can collide. */
function uniqueAddresses(listeners: readonly RawListener[]): ConfigProblem[] {
  const first = new Map<string, number>();
  return listeners.flatMap((listener, index) => {
    if (listener.port === 0) return [];
    const key = `${listener.host.toLowerCase()} ${listener.port}`;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, index);
    return earlier === undefined ? [] : [{
      path: joinPath(["server", "listeners", index, "port"]),
      message: `${listener.host} port ${listener.port} is already used by server.listeners[${earlier}]`,
    }];
  });
}

function plainWithTls(listener: RawListener, index: number): ConfigProblem[] {
  if (listener.insecureHttp !== true) return [];
  const clashes = (["tls", "clientCa"] as const).filter((field) => listener[field] !== undefined);
  return clashes.map((field) => ({
    path: joinPath(["server", "listeners", index, field]),
    message: "cannot be combined with insecureHttp: a plain HTTP listener has no TLS",
  }));
}
