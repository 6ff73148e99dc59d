import { createHash } from "node:crypto";
import { Fault, isFault } from "../kernel/index.js";
import type { Principal, RequestContext } from "../kernel/index.js";
import type { Authorizer } from "../service/authorize.js";
import type { Edge } from "./edge.js";
import { readCredentialScope } from "../sigv4/index.js";
import type { Protocol } from "./protocols/protocol.js";
import { restJson, wireError } from "./protocols/rest-json.js";
import { EventStreamWriter } from "./eventstream.js";
import type { Exchange } from "./exchange.js";
import type { ExchangeObserver, ExchangeRecord } from "./observe.js";
import type { Operation, Reply } from "./operation.js";
import type { Router } from "./router.js";

export interface Authenticated {
  readonly principal: Principal;
  /** Lower-case names of the headers the signature covers; only these may carry operation input. */
  readonly signedHeaders: ReadonlySet<string>;
}

export interface Authenticator {
  /** Verifies the request's signature for `service` and returns who sent it; throws a Fault. */
  authenticate(ex: Exchange, bodySha256: string, service: string): Promise<Authenticated>;
}

export interface PipelineParts {
  readonly router: Router;
  readonly edge: Edge;
  readonly authenticator: Authenticator;
  readonly authorizer: Authorizer;
  readonly observers: readonly ExchangeObserver[];
  readonly maxBodyBytes: number;
}

/**
 * RPC services share `POST /`: the credential scope's service (read without verifying; the
 * signature is checked next, for that same service) says whose operations these are.
 */
function serviceOperations(ops: readonly Operation[], ex: Exchange): readonly Operation[] {
  if (ops.length === 1 && ops[0]!.target === undefined) return ops;
  const service = readCredentialScope({ rawTarget: ex.rawTarget, headers: ex.rawHeaders })?.service;
  const mine = ops.filter((op) => op.signingService === service);
  if (mine.length > 0) return mine;
  throw new Fault(service === undefined ? "missing-authentication" : "invalid-signature",
    service === undefined ? "Missing Authentication Token" : "Credential should be scoped to correct service.");
}

function selectOperation(candidates: readonly Operation[], protocol: Protocol, ex: Exchange, body: Buffer): Operation {
  if (candidates.length === 1 && candidates[0]!.target === undefined) return candidates[0]!;
  const target = protocol.target?.(ex, body);
  const op = candidates.find((o) => o.target === target);
  if (!op) throw protocol.unknownTarget?.(target) ?? new Fault("unknown-operation", "No operation matches this request");
  return op;
}

/** Paths are recorded as their route template: a path is caller text until a route matched it. */
const UNMATCHED = "(no route)";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The one request pipeline. Its steps run in a fixed order: route, read body, authenticate,
 * decode, authorize, invoke, encode. Observers see a content-free record after every exchange,
 * whatever the outcome; no failure, however malformed the input, becomes a 500 with a trace.
 */
export class Pipeline {
  constructor(private readonly parts: PipelineParts) {}

  async handle(ex: Exchange): Promise<void> {
    const started = performance.now();
    const edge = this.parts.edge.facts(ex);
    const record: Mutable<ExchangeRecord> = {
      requestId: edge.requestId, receivedAt: edge.receivedAt, method: ex.method, path: UNMATCHED,
      httpVersion: ex.httpVersion, sourceIp: edge.sourceIp, listener: edge.listener, sourceVpce: edge.sourceVpce, secureTransport: edge.secureTransport,
      userAgent: edge.userAgent, status: 200, latencyMs: 0,
    };
    const baseHeaders = { "x-amzn-requestid": edge.requestId };
    let protocol: Protocol = restJson;
    try {
      if (ex.rawPath === "/health" && (ex.method === "GET" || ex.method === "HEAD")) {
        record.path = "/health";
        record.operation = "Health";
        ex.send(200, { ...baseHeaders, "content-type": "application/json" }, '{"status":"ok"}');
        return;
      }
      const match = this.parts.router.match(ex.method, ex.rawPath);
      if (!match || "allowed" in match) {
        throw new Fault("unknown-operation", `No operation matches ${ex.method} on this path`);
      }
      const candidates = serviceOperations(match.ops, ex);
      protocol = candidates[0]!.protocol ?? restJson;
      const body = await ex.readBody(this.parts.maxBodyBytes);
      const op = selectOperation(candidates, protocol, ex, body);
      record.path = op.path;
      record.operation = op.name;
      record.action = op.action;
      const bodySha256 = createHash("sha256").update(body).digest("hex");
      const { principal, signedHeaders } = await this.parts.authenticator.authenticate(ex, bodySha256, op.signingService);
      record.principalArn = principal.arn;
      record.accessKeyId = principal.accessKeyId;
      const ctx: RequestContext = { ...edge, principal, signal: ex.signal };
      const input = op.decode({ params: match.params, query: operationQuery(ex.rawQuery), header: (n) => (signedHeaders.has(n) ? ex.header(n) : undefined), body });
      record.subject = op.subject?.(input);
      const resource = op.resource(input, ctx);
      record.resource = resource;
      if ((op.authorization ?? "policy") === "policy") {
        record.matched = (await this.parts.authorizer.authorize(ctx, op.action, resource, op.conditions?.(input, ctx))).matched;
      }
      const output = await op.invoke(input, ctx).catch((error: unknown) => {
        // An identifier the caller chose that named nothing is caller text: keep it out of records.
        if (isFault(error) && (error.kind === "not-found" || error.kind === "validation")) record.subject = undefined;
        throw error;
      });
      record.status = await this.#write(ex, op.encode(output, ctx), baseHeaders, record);
    } catch (error) {
      const f = asFault(error);
      const reply = protocol.error(f, edge.requestId);
      record.status = reply.status;
      record.errorKind = f.kind;
      record.errorName = reply.code;
      if (f.kind === "internal") record.bug = bugReport(f.cause ?? error);
      ex.send(reply.status, { ...baseHeaders, ...reply.headers }, reply.body);
    } finally {
      record.latencyMs = performance.now() - started;
      for (const observer of this.parts.observers) observer.observe(record);
    }
  }

  async #write(ex: Exchange, reply: Reply, base: Record<string, string>, record: Mutable<ExchangeRecord>): Promise<number> {
    switch (reply.kind) {
      case "json":
        ex.send(reply.status, { ...base, ...reply.headers, "content-type": "application/json" }, JSON.stringify(reply.body));
        return reply.status;
      case "bytes":
        ex.send(reply.status, { ...base, ...reply.headers, "content-type": reply.contentType }, reply.body);
        return reply.status;
      case "stream": {
        const sink = ex.stream(reply.status, { ...base, ...reply.headers });
        try {
          for await (const frame of reply.frames) {
            if (ex.signal.aborted) break;
            await sink.write(frame);
          }
        } catch (error) {
          // Headers are sent: a failure mid-stream travels as an exception event, as in AWS.
          const f = asFault(error);
          record.errorKind = f.kind;
          record.errorName = wireError(f.kind).streamMember;
          if (!ex.signal.aborted) await sink.write(new EventStreamWriter().exception(f));
        } finally {
          sink.end();
        }
        return reply.status;
      }
    }
  }
}

/** The query an operation sees: without the X-Amz-* members a presigned URL carries for SigV4. */
function operationQuery(rawQuery: string): URLSearchParams {
  if (rawQuery === "") return new URLSearchParams(); // most requests: nothing to parse or filter
  const query = new URLSearchParams(rawQuery);
  for (const key of [...query.keys()]) if (/^x-amz-/i.test(key)) query.delete(key);
  return query;
}

function asFault(error: unknown): Fault {
  if (isFault(error)) return error;
  // An unexpected error is a bug of ours: answer without detail (the message could hold anything).
  return new Fault("internal", "An internal error occurred. Quote the request id when reporting it.", {}, error);
}

/**
 * What the operator's log may say about a bug: the error's class and stack frames. Not its
 * message, which may quote input (JSON.parse does).
 */
function bugReport(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const frames = (error.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line)).slice(0, 12);
  return [error.name, ...frames.map((f) => f.trim())].join(" | ");
}
