import { BedrockClient } from "@aws-sdk/client-bedrock";
import { NodeHttp2Handler, NodeHttpHandler } from "@smithy/node-http-handler";
import { Agent } from "node:https";
import type { PemPair } from "../../src/http/listeners.fixture.js";
import type { RunningServer } from "./harness.js";

/**
 * Reading a multi-listener server: each listener logs its URL on stdout when it starts (ports
 * are picked free, so the log is the only place to learn them), and refusals are logged there.
 */
export type LogLine = Record<string, unknown>;

export function logLines(server: RunningServer): LogLine[] {
  return server.stdout().split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as LogLine);
}

/** Waits until every named listener has logged its start, and returns name -> URL. */
export async function listenerUrls(server: RunningServer, names: readonly string[]): Promise<Map<string, string>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const started = new Map(logLines(server).filter((l) => l.msg === "listener started").map((l) => [String(l.listener), String(l.url)]));
    if (names.every((name) => started.has(name))) return started;
    if (Date.now() > deadline) throw new Error(`listeners did not all start: ${[...started.keys()].join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Polls the log for a line (log lines can arrive a little after the event that caused them). */
export async function waitForLine(server: RunningServer, match: (line: LogLine) => boolean): Promise<LogLine | undefined> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const line = logLines(server).find(match);
    if (line !== undefined || Date.now() > deadline) return line;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface NetClientOptions {
  readonly http2?: boolean;
  /** The client certificate to present (mutual TLS). */
  readonly certificate?: PemPair;
  /** The loopback address to connect from. */
  readonly localAddress?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** The official Bedrock control-plane client, aimed at one listener. */
export function bedrockAt(server: RunningServer, url: string, options: NetClientOptions = {}): BedrockClient {
  const tls = {
    ca: server.ca,
    ...(options.certificate ? { cert: options.certificate.certPem, key: options.certificate.keyPem } : {}),
  };
  return new BedrockClient({
    endpoint: url, region: server.region, credentials: options.credentials ?? server.credentials, maxAttempts: 1,
    requestHandler: options.http2
      ? new NodeHttp2Handler({ nodeHttp2ConnectOptions: tls })
      : new NodeHttpHandler({ httpsAgent: new Agent({ ...tls, keepAlive: false, ...(options.localAddress ? { localAddress: options.localAddress } : {}) }) }),
  });
}

/** What an SDK call's failure says, whichever layer (TLS, socket, service) raised it. */
export function failureOf(error: unknown): string {
  const e = error as { name?: string; code?: string; message?: string };
  return `${e.name ?? ""} ${e.code ?? ""} ${e.message ?? ""}`;
}
