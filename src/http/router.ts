import type { Operation } from "./operation.js";
import type { Protocol } from "./protocols/protocol.js";
import { decodePathLabel } from "./protocols/unicode.js";

/**
 * Routes by method and path template. Labels match one raw (still-encoded) segment and are
 * percent-decoded once here, strictly: a bad escape or bytes that are not UTF-8 are a
 * validation error naming the label, not a crash and not a U+FFFD.
 */
interface CompiledRoute {
  readonly op: Operation;
  readonly segments: readonly (string | { readonly label: string })[];
}

export interface RouteMatch {
  /** One operation for a REST route; every operation of every RPC service sharing the path otherwise. */
  readonly ops: readonly Operation[];
  readonly params: Record<string, string>;
}

export class Router {
  readonly #routes: CompiledRoute[];
  /**
   * The routes by their number of segments, each list in declaration order: a path is only
   * compared with the routes of its own length (the trailing-slash case scans them all).
   */
  readonly #byLength = new Map<number, CompiledRoute[]>();
  /** The surfaces served under a path prefix of their own, longest prefix first. */
  readonly #prefixed: readonly Protocol[];

  constructor(operations: readonly Operation[]) {
    const seen = new Set<string>();
    this.#routes = operations.map((op) => {
      // RPC operations share a path; they differ by signing service and target.
      const key = `${op.method} ${op.path}${op.target === undefined ? "" : ` ${op.signingService}:${op.target}`}`;
      if (seen.has(key)) throw new Error(`two operations share the route ${key}`);
      seen.add(key);
      const segments = op.path.split("/").slice(1).map((s) => (s.startsWith("{") && s.endsWith("}") ? { label: s.slice(1, -1) } : s));
      return { op, segments };
    });
    for (const route of this.#routes) {
      const list = this.#byLength.get(route.segments.length);
      if (list) list.push(route);
      else this.#byLength.set(route.segments.length, [route]);
    }
    const prefixed = new Set(operations.flatMap((op) => (op.protocol?.pathPrefix === undefined ? [] : [op.protocol])));
    this.#prefixed = [...prefixed].sort((a, b) => b.pathPrefix!.length - a.pathPrefix!.length);
  }

  /** The protocol of the surface whose prefix a path falls under (for a path no route matched), if any. */
  protocolFor(rawPath: string): Protocol | undefined {
    return this.#prefixed.find((p) => rawPath.startsWith(p.pathPrefix!));
  }

  /** undefined: no such path at all; `allowed`: the path exists for other methods. */
  match(method: string, rawPath: string): RouteMatch | { readonly allowed: string[] } | undefined {
    const parts = rawPath.split("/").slice(1);
    // SigV4 signs the normalised path; route only paths already in normal form so that what was
    // signed and what is served can never differ (no `.`/`..` segments, no empty ones inside).
    if (!rawPath.startsWith("/") || parts.some((p, i) => p === "." || p === ".." || (p === "" && i < parts.length - 1))) return undefined;
    const allowed: string[] = [];
    const ops: Operation[] = [];
    let matched: Record<string, string> | undefined;
    // A path with a trailing slash may match routes one segment shorter: those scan every route.
    const routes = parts.at(-1) === "" ? this.#routes : this.#byLength.get(parts.length) ?? [];
    // Each label is decoded once per path, not once per route sharing its position.
    const decoded: (string | undefined)[] = [];
    for (const route of routes) {
      const params = matchSegments(route.segments, parts, decoded);
      if (!params) continue;
      if (route.op.method !== method) {
        allowed.push(route.op.method);
        continue;
      }
      if (route.op.target === undefined) return { ops: [route.op], params };
      ops.push(route.op);
      matched = params;
    }
    if (ops.length > 0) return { ops, params: matched! };
    return allowed.length > 0 ? { allowed } : undefined;
  }
}

function matchSegments(template: CompiledRoute["segments"], parts: readonly string[], decoded: (string | undefined)[]): Record<string, string> | undefined {
  // Bedrock clients send a trailing slash on some collection paths; treat it as absent.
  const effective = parts.length > template.length && parts.at(-1) === "" ? parts.slice(0, -1) : parts;
  if (effective.length !== template.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i]!;
    const p = effective[i]!;
    if (typeof t === "string") {
      if (t !== p) return undefined;
    } else {
      if (p.length === 0) return undefined;
      // A segment that decoded once decodes the same under any label's name; one that fails
      // throws here, at its first use, naming the label as before.
      params[t.label] = decoded[i] ??= decodePathLabel(p, t.label);
    }
  }
  return params;
}
