/**
 * The policy corpus: JSON cases written from AWS's evaluation-logic documentation (each names its
 * page in `source`), loaded into engine requests and policy sets. Shared by the table test and the
 * differential test.
 *
 * File format: { "description", "defaults": { principal, action, resource, resourceAccount,
 * context, policies }, "cases": [{ name, source, ...overrides, expect }] }. A policy may be written
 * as a whole document, a list of statements, or one statement (wrapped in Version 2012-10-17).
 * `policies` holds identity: [..], boundary, session: [..], scp: [[level 0], [level 1]], resource,
* trust, key (a KMS key policy); a case's policies replace the defaults kind by kind.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compilePolicy, loadIamCatalog } from "../../src/policy/index.js";
import type { AuthzPrincipal, AuthzRequest, CompiledPolicy, ConditionValue, DecisionKind, PolicyKind, PolicySet } from "../../src/policy/index.js";

export const PRINCIPALS: Record<string, AuthzPrincipal> = {
  alice: { arn: "arn:aws:iam::111122223333:user/alice", accountId: "111122223333", isManagementAccount: false },
  bob: { arn: "arn:aws:iam::111122223333:user/bob", accountId: "111122223333", isManagementAccount: false },
  "dev-session": { arn: "arn:aws:sts::111122223333:assumed-role/dev/app1", accountId: "111122223333", roleArn: "arn:aws:iam::111122223333:role/dev", isManagementAccount: false },
  root: { arn: "arn:aws:iam::111122223333:root", accountId: "111122223333", isManagementAccount: false, isRoot: true },
  carlos: { arn: "arn:aws:iam::111111111111:user/carlossalazar", accountId: "111111111111", isManagementAccount: false },
  "mgmt-admin": { arn: "arn:aws:iam::999988887777:user/admin", accountId: "999988887777", isManagementAccount: true },
  "partner-bob": { arn: "arn:aws:iam::444455556666:user/Bob", accountId: "444455556666", isManagementAccount: false },
  "partner-session": {
    arn: "arn:aws:sts::444455556666:assumed-role/cross-account-read-only-role/cross-account-audit-app",
    accountId: "444455556666", roleArn: "arn:aws:iam::444455556666:role/cross-account-read-only-role", isManagementAccount: false,
  },
  "partner-root": { arn: "arn:aws:iam::444455556666:root", accountId: "444455556666", isManagementAccount: false, isRoot: true },
};

type Json = unknown;
interface PolicyDocs {
  identity?: Json[]; boundary?: Json; session?: Json[]; scp?: Json[][]; resource?: Json; trust?: Json; key?: Json;
}
interface RawCase {
  name: string; source?: string;
  principal?: string | AuthzPrincipal; action?: string; resource?: string; resourceAccount?: string;
  context?: Record<string, ConditionValue | ConditionValue[]>;
  policies?: PolicyDocs;
  expect: { decision: DecisionKind; deniedBy?: PolicyKind; kind?: PolicyKind; sid?: string };
}
interface RawFile { description: string; defaults?: Omit<RawCase, "name" | "expect">; cases: RawCase[] }

export interface CorpusCase {
  readonly file: string;
  readonly name: string;
  readonly source: string;
  readonly request: AuthzRequest;
  readonly docs: PolicyDocs;
  readonly expect: RawCase["expect"];
}

const here = dirname(fileURLToPath(import.meta.url));
/** The JSON lives beside the sources; tests run from dist/, so look in the source tree. */
export const CORPUS_DIR = join(here, "..", "..", "..", "test", "policy", "corpus");

export function loadCorpus(): CorpusCase[] {
  const out: CorpusCase[] = [];
  for (const file of readdirSync(CORPUS_DIR).filter((f) => f.endsWith(".json")).sort()) {
    const raw = JSON.parse(readFileSync(join(CORPUS_DIR, file), "utf8")) as RawFile;
    const d = raw.defaults ?? {};
    for (const c of raw.cases) {
      const principalRef = c.principal ?? d.principal ?? "alice";
      const principal = typeof principalRef === "string" ? PRINCIPALS[principalRef] : principalRef;
      if (!principal) throw new Error(`${file}: ${c.name}: unknown principal ${String(principalRef)}`);
      const context = new Map<string, ConditionValue | readonly ConditionValue[]>();
      for (const [k, v] of Object.entries({ ...d.context, ...c.context })) if (v !== null) context.set(k.toLowerCase(), v);
      const resource = c.resource ?? d.resource ?? "*";
      out.push({
        file, name: c.name, source: c.source ?? d.source ?? "",
        request: { principal, action: c.action ?? d.action ?? "", resource, resourceAccount: c.resourceAccount ?? d.resourceAccount ?? accountOf(resource), context },
        docs: { ...d.policies, ...c.policies },
        expect: c.expect,
      });
    }
  }
  return out;
}

/** The account in an ARN's fifth component ("" for foundation models and S3 buckets, which name none). */
function accountOf(arn: string): string {
  return arn.split(":")[4] ?? "";
}

/** Corpus shorthand: a statement or a list of statements stands for a 2012-10-17 document. */
export function documentOf(p: Json): Json {
  if (Array.isArray(p)) return { Version: "2012-10-17", Statement: p };
  if (typeof p === "object" && p !== null && !("Statement" in p)) return { Version: "2012-10-17", Statement: [p] };
  return p;
}

export function compileSet(docs: PolicyDocs): PolicySet {
  const catalog = sharedCatalog;
  const one = (doc: Json, kind: PolicyKind, label: string): CompiledPolicy => {
    const r = compilePolicy(JSON.stringify(documentOf(doc)), kind, label, { catalog });
    if (!r.ok) throw new Error(`${label} does not compile: ${r.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
    return r.policy;
  };
  const resource = docs.trust != null ? one(docs.trust, "trust", "trust") : docs.key != null ? one(docs.key, "key", "key") : docs.resource != null ? one(docs.resource, "resource", "resource") : undefined;
  return {
    identity: (docs.identity ?? []).map((p, i) => one(p, "identity", `identity[${i}]`)),
    ...(docs.boundary != null ? { boundary: one(docs.boundary, "boundary", "boundary") } : {}),
    ...(docs.session !== undefined ? { session: docs.session.map((p, i) => one(p, "session", `session[${i}]`)) } : {}),
    ...(docs.scp !== undefined ? { scpLevels: docs.scp.map((level, l) => level.map((p, i) => one(p, "scp", `scp[${l}][${i}]`))) } : {}),
    ...(resource ? { resource } : {}),
  };
}

const sharedCatalog = loadIamCatalog();
