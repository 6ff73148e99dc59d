import { createHash } from "node:crypto";
import { Fault, extended, isFault } from "../kernel/index.js";
import type { RequestContext, RequestNotes } from "../kernel/index.js";
import type { Authorizer } from "../service/authorize.js";
import type { Edge } from "./edge.js";
import { PipelineContext } from "./request-context.js";
import { readCredentialScope } from "../sigv4/index.js";
import type { Authentication, AuthSchemeName } from "./authenticate.js";
import type { Protocol } from "./protocols/protocol.js";
import { restJson, wireError } from "./protocols/rest-json.js";
import { queryPairs } from "./protocols/unicode.js";
import { EventStreamWriter } from "./eventstream.js";
import type { Exchange } from "./exchange.js";
import type { PipelineHooks, Step } from "./hooks.js";
import { withPersonalDataWarning } from "./personal-data-admission.js";
import type { ExchangeObserver, ExchangeRecord, Journal, StepName } from "./observe.js";
import type { Operation, Reply } from "./operation.js";
import type { Router } from "./router.js";
import { parseTraceParent } from "./tracing/trace-context.js";

export interface PipelineParts {
  readonly router: Router;
  readonly edge: Edge;
  readonly authentication: Authentication;
  readonly authorizer: Authorizer;
  readonly observers: readonly ExchangeObserver[];
  readonly hooks?: PipelineHooks;
  readonly maxBodyBytes: number;
  /** The audit trail: every answer waits until its record is durable. Absent in unit tests of the pipeline alone. */
  readonly journal?: Journal;
  /** Told when the journal could not commit a record (the answer was turned into a refusal). */
  readonly onJournalFault?: (error: unknown) => void;
  /** Told when an observer throws (it must not take the others, or the request, down). */
  readonly onObserverFault?: (observer: string, error: unknown) => void;
}

/**
 * The schemes a request to these candidate operations may use. All candidates share a signing
 * service and so, as served, one set of schemes: computed once per operation, not per request.
 */
const accepted = new WeakMap<Operation, ReadonlySet<AuthSchemeName>>();
function schemesOf(ops: readonly Operation[]): ReadonlySet<AuthSchemeName> {
  const first = ops[0]!;
  let set = accepted.get(first);
  if (!set) accepted.set(first, (set = new Set(first.authSchemes ?? ["sigv4"])));
  // Candidates declaring different schemes (none do today) are unioned; the chosen operation is re-checked.
  return ops.every((op) => op.authSchemes === first.authSchemes) ? set : new Set(ops.flatMap((op) => op.authSchemes ?? ["sigv4"]));
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

function selectOperation(candidates: readonly Operation[], protocol: Protocol, ex: Exchange, body: Buffer, signed: ReadonlySet<string>): Operation {
  if (candidates.length === 1 && candidates[0]!.target === undefined) return candidates[0]!;
  const target = protocol.target?.({
    signedHeader: (n) => (signed.has(n) ? ex.header(n) : undefined), header: (n) => ex.header(n), rawQuery: ex.rawQuery, body,
  });
  const op = candidates.find((o) => o.target === target);
  if (!op) throw protocol.unknownTarget?.(target) ?? new Fault("unknown-operation", "No operation matches this request");
  return op;
}

export const PROCESSING_REGION_HEADER = "x-plinth-processing-region";

/** Paths are recorded as their route template: a path is caller text until a route matched it. */
const UNMATCHED = "(no route)";
/** The Host a client sent, bounded: a record field, not a place to store caller text. */
const MAX_HOST = 255;
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The one request pipeline. Its steps run in a fixed order (STEPS in observe.ts): route,
 * authenticate (before a byte of the body is read), read the body (bounded), verify (the
 * signature over that body), decode, resolve (the caller's identifiers to canonical resources,
 * once), authorize (a decision value; a deny is thrown here), admit, guard input, invoke, guard
 * output, encode. Observers see a content-free record after every exchange, whatever the
 * outcome; no failure, however malformed the input, becomes a 500 with a trace.
 */
export class Pipeline {
  readonly #hooks: Required<PipelineHooks>;

  constructor(private readonly parts: PipelineParts) {
    this.#hooks = { admission: parts.hooks?.admission ?? [], inputGuards: parts.hooks?.inputGuards ?? [], outputGuards: parts.hooks?.outputGuards ?? [] };
  }

  async handle(ex: Exchange): Promise<void> {
    const started = performance.now();
    const edge = this.parts.edge.facts(ex);
    const notes: RequestNotes = {};
    const host = ex.header("host") ?? ex.header(":authority");
    const traceParent = parseTraceParent(ex.header("traceparent"));
    const record: Mutable<ExchangeRecord> = {
      requestId: edge.requestId, receivedAt: edge.receivedAt, method: ex.method, path: UNMATCHED,
      httpVersion: ex.httpVersion, sourceIp: edge.sourceIp, listener: edge.listener, sourceVpce: edge.sourceVpce, secureTransport: edge.secureTransport,
      userAgent: edge.userAgent, status: 200, latencyMs: 0, region: edge.region, notes,
      ...(edge.tls === undefined ? {} : { tls: edge.tls }),
      ...(host === undefined ? {} : { host: host.slice(0, MAX_HOST) }),
      ...(traceParent === undefined ? {} : { traceParent }),
    };
    const send = async (status: number, headers: Record<string, string>, body: string | Uint8Array): Promise<void> => {
      record.status = status;
      if (await this.#commit(record, started)) ex.send(status, headers, body);
      else this.#sendUnrecorded(ex, protocol, edge.requestId);
    };
    const baseHeaders = { "x-amzn-requestid": edge.requestId };
    let protocol: Protocol = restJson;
    let step: StepName = "route";
    try {
      if (ex.rawPath === "/health" && (ex.method === "GET" || ex.method === "HEAD")) {
        record.path = "/health";
        record.operation = "Health";
        // Not an API call: a load balancer's probe is not audited, and waits for nothing.
        ex.send(200, extended(baseHeaders, { "content-type": "application/json" }), '{"status":"ok"}');
        return;
      }
      // A surface with a path prefix of its own answers every refusal under it, routing's included.
      protocol = this.parts.router.protocolFor(ex.rawPath) ?? restJson;
      const match = this.parts.router.match(ex.method, ex.rawPath);
      if (!match || "allowed" in match) {
        throw new Fault("unknown-operation", `No operation matches ${ex.method} on this path`);
      }
      const candidates = serviceOperations(match.ops, ex);
      protocol = candidates[0]!.protocol ?? restJson;
      record.service = candidates[0]!.signingService;
      if (candidates.length === 1) record.path = candidates[0]!.path;

      step = "authenticate";
      const pending = await this.parts.authentication.begin(ex, candidates[0]!.signingService, schemesOf(candidates));
      record.authScheme = pending.scheme;
      if (pending.accessKeyId !== undefined) record.accessKeyId = pending.accessKeyId;
      step = "read";
      const body = await ex.readBody(this.parts.maxBodyBytes);
      step = "verify";
      const bodySha256 = !pending.needsBodyHash ? undefined : body.length === 0 ? EMPTY_SHA256 : createHash("sha256").update(body).digest("hex");
      const { principal, signedHeaders, scheme, requires } = await pending.finish(bodySha256);
      record.principalArn = principal.arn;
      record.principal = principal;
      record.accessKeyId = principal.accessKeyId;
      record.authScheme = scheme;

      step = "route";
      const op = selectOperation(candidates, protocol, ex, body, signedHeaders);
      record.path = op.path;
      record.operation = op.name;
      record.action = op.action;
      if (!(op.authSchemes ?? ["sigv4"]).includes(scheme)) throw new Fault("missing-authentication", "This operation does not accept these credentials");
      const ctx: RequestContext = new PipelineContext(edge, principal, notes, ex);

      step = "decode";
      const decoded = op.decode({ params: match.params, query: operationQuery(ex.rawQuery), header: (n) => (signedHeaders.has(n) ? ex.header(n) : undefined), body });
      step = "resolve";
      const input = op.resolve ? await op.resolve(decoded, ctx) : decoded;
      record.subject = op.subject?.(input);
      const parameters = op.auditParameters?.(input);
      if (parameters !== undefined) notes.requestParameters = parameters;
      const action = op.actionOf?.(input) ?? op.action;
      record.action = action;
      const resource = op.resource(input, ctx);
      // An operation on a named thing that names nothing of ours acts on caller text: not recorded.
      if (op.subject === undefined || record.subject !== undefined) record.resource = resource;

      step = "authorize";
      // What the credentials themselves need (a Bedrock API key: bedrock:CallWithBearerToken), whatever the operation.
      for (const need of requires ?? []) {
        const decision = await this.parts.authorizer.decide(ctx, need.action, need.resource, need.conditions);
        if (!decision.allowed) {
          record.decision = { allowed: false, statements: decision.statements };
          throw new Fault("access-denied", decision.message ?? `User: ${principal.arn} is not authorized to perform: ${need.action}`);
        }
      }
      if ((op.authorization ?? "policy") === "policy") {
        const decision = await this.parts.authorizer.decide(ctx, action, resource, op.conditions?.(input, ctx));
        record.decision = { allowed: decision.allowed, statements: decision.statements };
        if (!decision.allowed) throw new Fault("access-denied", decision.message ?? `User: ${principal.arn} is not authorized to perform: ${action}`);
        for (const also of op.alsoAuthorize?.(input, ctx) ?? []) {
          const alsoAction = also.action ?? action;
          const more = await this.parts.authorizer.decide(ctx, alsoAction, also.resource, also.conditions);
          if (!more.allowed) {
            record.decision = { allowed: false, statements: more.statements };
            throw new Fault("access-denied", more.message ?? `User: ${principal.arn} is not authorized to perform: ${alsoAction}`);
          }
        }
      }
      let current: Step = { op, ctx, resource, input, bodyBytes: body.length };
      step = "admit";
      for (const admission of this.#hooks.admission) await admission.admit(current);
      step = "guard-input";
      for (const guard of this.#hooks.inputGuards) current = extended(current, { input: await guard.guardInput(current) });
      step = "invoke";
      let output = await op.invoke(current.input, ctx);
      record.processingRegion = op.processingRegion?.(current.input);
      step = "guard-output";
      for (const guard of this.#hooks.outputGuards) output = await guard.guardOutput(current, output);
      step = "encode";
      await this.#write(ex, op.encode(output, ctx), baseHeaders, record, send, started);
    } catch (error) {
      const f = asFault(error);
      const reply = protocol.error(f, edge.requestId);
      record.status = reply.status;
      record.errorKind = f.kind;
      record.errorName = reply.code;
      record.refusedAt = step;
      if (f.kind === "internal") record.bug = bugReport(f.cause ?? error);
      // A stream whose answer began is finished (and committed) by #write; nothing more goes out.
      if (!this.#began.has(record)) await send(reply.status, extended(baseHeaders, reply.headers), reply.body);
    } finally {
      if (record.latencyMs === 0) record.latencyMs = performance.now() - started;
      this.#observe(record);
    }
  }

  /** Records whose answer has begun (a stream's head is out): they can no longer be replaced. */
  readonly #began = new WeakSet<ExchangeRecord>();

  /** Makes the record durable; false when it could not be (the answer must then not go out). */
  async #commit(record: Mutable<ExchangeRecord>, started: number): Promise<boolean> {
    record.latencyMs = performance.now() - started;
    if (!this.parts.journal) return true;
    try {
      await this.parts.journal.commit(record);
      return true;
    } catch (error) {
      record.status = 503;
      record.errorKind = "service-unavailable";
      record.errorName = "ServiceUnavailableException";
      try { this.parts.onJournalFault?.(error); } catch { /* the reporter itself failed */ }
      return false;
    }
  }

  /** The answer when the audit trail cannot record the exchange: fail closed, say nothing of the result. */
  #sendUnrecorded(ex: Exchange, protocol: Protocol, requestId: string): void {
    const reply = protocol.error(new Fault("service-unavailable", "The service cannot record this request in its audit trail; it was not answered"), requestId);
    ex.send(reply.status, extended({ "x-amzn-requestid": requestId }, reply.headers), reply.body);
  }

  /** Each observer on its own: one that throws is reported, and the rest still see the record. */
  #observe(record: ExchangeRecord): void {
    for (const observer of this.parts.observers) {
      try {
        observer.observe(record);
      } catch (error) {
        try { this.parts.onObserverFault?.(observer.name ?? "observer", error); } catch { /* the reporter itself failed: nothing more to do */ }
      }
    }
  }

  async #write(
    ex: Exchange, reply: Reply, headers: Record<string, string>, record: Mutable<ExchangeRecord>,
    send: (status: number, headers: Record<string, string>, body: string | Uint8Array) => Promise<void>, started: number,
  ): Promise<void> {
    // plinth's own header (not an AWS one): which region's provider processed the request.
    const region = record.processingRegion === undefined ? headers : extended(headers, { [PROCESSING_REGION_HEADER]: record.processingRegion });
    const base = withPersonalDataWarning(region, record.notes);
    switch (reply.kind) {
      case "json":
        return send(reply.status, extended(base, reply.headers ?? {}, { "content-type": "application/json" }), JSON.stringify(reply.body));
      case "bytes":
        return send(reply.status, extended(base, reply.headers ?? {}, { "content-type": reply.contentType }), reply.body);
      case "stream": {
        record.status = reply.status;
        this.#began.add(record);
        const sink = ex.stream(reply.status, extended(base, reply.headers ?? {}));
        try {
          for await (const frame of reply.frames) {
            if (ex.clientGone.aborted) break;
            await sink.write(frame);
          }
        } catch (error) {
          // Headers are sent: a failure mid-stream travels as an exception event, as in AWS.
          const f = asFault(error);
          record.errorKind = f.kind;
          record.errorName = wireError(f.kind).streamMember;
          if (!ex.clientGone.aborted) await sink.write(streamFault(reply, f));
        } finally {
          // The stream's end is what tells a client it has the whole answer: it waits for the record.
          if (!(await this.#commit(record, started))) {
            if (!ex.clientGone.aborted) await sink.write(streamFault(reply, new Fault("service-unavailable", "The service cannot record this request in its audit trail"))).catch(() => undefined);
          } else if (reply.trailer !== undefined && record.errorKind === undefined && !ex.clientGone.aborted) {
            await sink.write(typeof reply.trailer === "function" ? reply.trailer() : reply.trailer).catch(() => undefined);
          }
          sink.end();
        }
        return;
      }
    }
  }
}

/** A fault after a stream's head: in the stream's own framing (an event-stream exception unless it says otherwise). */
function streamFault(reply: Extract<Reply, { kind: "stream" }>, f: Fault): Uint8Array {
  return reply.fault ? reply.fault(f) : new EventStreamWriter().exception(f);
}

/**
 * The query an operation sees: strictly decoded (ill-formed text is refused here, naming the
 * parameter), without the X-Amz-* members a presigned URL carries for SigV4.
 */
function operationQuery(rawQuery: string): URLSearchParams {
  if (rawQuery === "") return new URLSearchParams(); // most requests: nothing to parse or filter
  return new URLSearchParams(queryPairs(rawQuery).filter(([key]) => !/^x-amz-/i.test(key)));
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
