import { randomBytes, webcrypto } from "node:crypto";
import { request as httpRequest } from "node:http";
import { connect as connectHttp2 } from "node:http2";
import { request as httpsRequest } from "node:https";
import { connect as netConnect } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { pino } from "pino";
import type { Logger } from "pino";
import { fixedClock } from "../kernel/index.js";
import type { EdgeFacts } from "../kernel/index.js";
import { Edge } from "./edge.js";
import type { Exchange } from "./exchange.js";
import type { EdgeLimits } from "./limits.js";
import type { RequestHandler } from "./server.js";
import {
  AuthorityKeyIdentifierExtension, BasicConstraintsExtension, ExtendedKeyUsage, ExtendedKeyUsageExtension,
  KeyUsageFlags, KeyUsagesExtension, PemConverter, SubjectKeyIdentifierExtension, X509Certificate,
  X509CertificateGenerator,
} from "./tls/x509.js";

/**
 * For tests of mutual TLS (unit and end to end): a client CA and client certificates made on
 * the spot, so no test depends on key material checked into the repository.
 */
export interface PemPair {
  readonly certPem: string;
  readonly keyPem: string;
}

export interface ClientCa extends PemPair {
  /** A client certificate (extended key usage clientAuth) for `subject`, e.g. `CN=alice, O=Example`. */
  issue(subject: string, options?: { readonly expired?: boolean }): Promise<PemPair>;
}

const ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const DAY_MS = 86_400_000;
type X509Crypto = NonNullable<Parameters<typeof X509CertificateGenerator.create>[1]>;
const x509Crypto = webcrypto as unknown as X509Crypto;
const subtle = webcrypto.subtle;

export async function createClientCa(subject: string): Promise<ClientCa> {
  const now = Date.now();
  const keys = await subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  const cert = await X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(), name: subject, keys, signingAlgorithm: ALGORITHM,
    notBefore: new Date(now - DAY_MS), notAfter: new Date(now + 30 * DAY_MS),
    extensions: [
      new BasicConstraintsExtension(true, 0, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
      await SubjectKeyIdentifierExtension.create(keys.publicKey, false, x509Crypto),
    ],
  }, x509Crypto);
  return {
    certPem: cert.toString("pem"),
    keyPem: await pkcs8(keys.privateKey),
    issue: (clientSubject, options = {}) => issue(cert, keys.privateKey, clientSubject, options.expired === true),
  };
}

async function issue(ca: X509Certificate, caKey: webcrypto.CryptoKey, subject: string, expired: boolean): Promise<PemPair> {
  const now = Date.now();
  const keys = await subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  const cert = await X509CertificateGenerator.create({
    serialNumber: serial(), subject, issuer: ca.subject, publicKey: keys.publicKey, signingKey: caKey,
    signingAlgorithm: ALGORITHM,
    notBefore: new Date(now - (expired ? 10 : 1) * DAY_MS), notAfter: new Date(now + (expired ? -DAY_MS : 7 * DAY_MS)),
    extensions: [
      new BasicConstraintsExtension(false, undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
      new ExtendedKeyUsageExtension([ExtendedKeyUsage.clientAuth]),
      await AuthorityKeyIdentifierExtension.create(ca, false, x509Crypto),
    ],
  }, x509Crypto);
  return { certPem: cert.toString("pem"), keyPem: await pkcs8(keys.privateKey) };
}

function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x3f) | 0x40;
  return bytes.toString("hex");
}

async function pkcs8(key: webcrypto.CryptoKey): Promise<string> {
  return PemConverter.encode(await subtle.exportKey("pkcs8", key), "PRIVATE KEY");
}

/** What a test client saw: an answer, or the error that ended the attempt. */
export interface Outcome {
  readonly status?: number;
  readonly body?: string;
  readonly error?: string;
}

export interface ClientOptions {
  readonly ca: string;
  readonly cert?: string;
  readonly key?: string;
  /** Connect from this loopback address (all of 127.0.0.0/8 is loopback on Linux). */
  readonly localAddress?: string;
}

/** One GET over HTTP/1.1 (or plain HTTP for an http: URL) on a fresh connection. */
export function getHttp1(url: string, options: ClientOptions): Promise<Outcome> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const get = target.protocol === "https:" ? httpsRequest : httpRequest;
    const req = get(target, {
      agent: false, ca: options.ca, cert: options.cert, key: options.key, localAddress: options.localAddress,
    }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => { body += chunk; });
      res.on("end", () => resolve({ status: res.statusCode, body }));
      res.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end();
  });
}

/** One GET over HTTP/2 on a fresh session, closed afterwards. */
export function getHttp2(url: string, options: ClientOptions): Promise<Outcome> {
  return new Promise((resolve) => {
    let settled = false;
    const target = new URL(url);
    // Our own connection, because connect()'s and tls.connect()'s options have no typed localAddress.
    const session = connectHttp2(url, {
      createConnection: () => tlsConnect({
        socket: netConnect({ host: target.hostname, port: Number(target.port), localAddress: options.localAddress }),
        ALPNProtocols: ["h2"], ca: options.ca, cert: options.cert, key: options.key,
      }),
    });
    const finish = (outcome: Outcome): void => {
      if (settled) return;
      settled = true;
      session.destroy();
      resolve(outcome);
    };
    session.on("error", (error: NodeJS.ErrnoException) => finish({ error: error.code ?? error.message }));
    const stream = session.request({ ":path": target.pathname });
    let status: number | undefined;
    let body = "";
    stream.setEncoding("utf8");
    stream.on("response", (headers) => { status = Number(headers[":status"]); });
    stream.on("data", (chunk: string) => { body += chunk; });
    // A session torn down by the server can end a stream without any response: that is a refusal too.
    stream.on("end", () => finish(status === undefined ? { error: "no response" } : { status, body }));
    stream.on("close", () => finish(status === undefined ? { error: "no response" } : { status, body }));
    stream.on("error", (error: NodeJS.ErrnoException) => finish({ error: error.code ?? error.message }));
    stream.end();
  });
}

/** Stands in for the pipeline: answers each request with the edge facts it was given. */
/** The configuration's default limits (config/defaults.ts), for listeners started by tests. */
export const TEST_LIMITS: EdgeLimits = Object.freeze({
  maxConnections: 10_000, maxConnectionsPerSource: 256,
  maxUnauthenticatedBodyBytes: 64 * 1024 * 1024, maxUnauthenticatedBodyBytesPerConnection: 20 * 1024 * 1024,
  bodyIdleTimeoutMs: 30_000, requestTimeoutMs: 300_000, headersTimeoutMs: 30_000, idleTimeoutMs: 120_000,
  keepAliveTimeoutMs: 5_000, tlsHandshakeTimeoutMs: 10_000, http2MaxConcurrentStreams: 100,
});

export class FactsProbe implements RequestHandler {
  readonly seen: EdgeFacts[] = [];
  readonly #edge = new Edge({ region: "eu-west-2", trustedProxies: [], secure: true }, fixedClock(new Date("2026-01-01T00:00:00Z")));

  async handle(ex: Exchange): Promise<void> {
    const facts = this.#edge.facts(ex);
    this.seen.push(facts);
    ex.send(200, { "content-type": "application/json" }, JSON.stringify(facts));
  }
}

/** A pino logger writing its lines into an array, for tests that read the log. */
export function captureLog(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: "info" }, { write: (line: string) => { lines.push(JSON.parse(line) as Record<string, unknown>); } });
  return { logger, lines };
}
