import { isIP } from "node:net";
import { joinPath, type ConfigProblem } from "./problems.js";
import type { RawProvider } from "./raw.js";
import type { ResolvedConfig } from "./types.js";

/**
 * Plain http:// to a provider on another machine carries prompts, completions and the
 * provider's credentials across the network unencrypted. It is refused unless the provider
 * says `allowInsecureHttp: true`, and then plinth warns at every start (main.ts). Loopback is
 * exempt: the traffic never leaves the machine (a local vLLM, Ollama or llama.cpp server).
 */

/** Which field holds each kind of provider's URL. */
function urlOf(provider: RawProvider): { field: string; url: string | undefined } | undefined {
  if (provider.type === "llamacpp") return undefined;
  if (provider.type === "bedrock") return { field: "endpoint", url: provider.endpoint };
  return { field: "baseUrl", url: provider.baseUrl };
}

/**
 * localhost, 127.0.0.0/8 or ::1. The hostname is the WHATWG URL parser's, which has already
 * normalised `127.1`, `0x7f.0.0.1` and `LOCALHOST`; an IPv4-mapped `::ffff:127.0.0.1` is not
 * taken as loopback (write 127.0.0.1).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.endsWith(".") ? hostname.slice(0, -1) : hostname;
  if (host === "localhost") return true;
  if (host === "[::1]") return true;
  return isIP(host) === 4 && host.startsWith("127.");
}

/** True for an http:// URL whose host is not loopback. The URL is assumed to parse (the schema checked it). */
export function isPlainHttpToAnotherHost(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === "http:" && !isLoopbackHost(parsed.hostname);
}

/**
 * The provider's URL problems: plain http to another host without the opt-in, or an opt-in
 * its URL does not need (left in place, it would silently allow a later change to http).
 */
export function plainHttpProblems(provider: RawProvider, index: number): ConfigProblem[] {
  const target = urlOf(provider);
  if (target === undefined) return [];
  const allowed = "allowInsecureHttp" in provider && provider.allowInsecureHttp === true;
  const insecure = target.url !== undefined && isPlainHttpToAnotherHost(target.url);
  const optIn = joinPath(["providers", index, "allowInsecureHttp"]);
  if (insecure && !allowed) {
    return [{
      path: joinPath(["providers", index, target.field]),
      message: "must be https: plain http to another machine would carry prompts and credentials unencrypted " +
        `(localhost and loopback addresses are exempt); to accept that on a trusted network, set ${optIn}: true`,
    }];
  }
  if (allowed && !insecure) {
    return [{
      path: optIn,
      message: `is not needed: ${joinPath(["providers", index, target.field])} is not plain http to another machine; remove it`,
    }];
  }
  return [];
}

/** The ids of the providers reached over plain http on another machine (each one opted in). */
export function insecureHttpProviders(config: ResolvedConfig): string[] {
  return config.providers.flatMap((provider) => {
    const url = provider.type === "bedrock" ? provider.endpoint : provider.type === "llamacpp" ? undefined : provider.baseUrl;
    return url !== undefined && isPlainHttpToAnotherHost(url) ? [provider.id] : [];
  });
}
