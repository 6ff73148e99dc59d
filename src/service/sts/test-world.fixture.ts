import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EnvelopeSecretBox, RootKey, rootKeyring } from "../../crypto/index.js";
import type { Clock, Principal, RequestContext } from "../../kernel/index.js";
import { compilePolicy, loadIamCatalog } from "../../policy/index.js";
import type { CompiledPolicy, PolicyKind } from "../../policy/index.js";
import { openStore } from "../../store/index.js";
import type { Store } from "../../store/index.js";
import { requestContextValues } from "../authorization/context-keys.js";
import { accessKeySecretContext } from "../identity/index.js";
import { newAccessKeyId, newSecretAccessKey } from "../identity/ids.js";
import { codeAt, stepAt } from "../iam/totp.js";
import { mfaSeedContext } from "../iam/mfa-seed.js";
import { MfaVerifier } from "../iam/mfa-verify.js";
import type { StsDeps } from "./deps.js";
import type { CallerFacts, CallerFactsSource, ExtraContext } from "./ports.js";
import { SessionTokens } from "./session-tokens.js";

/**
 * Test support for the STS use cases: a real SQLite store in a temporary directory, the real
 * IAM MFA verifier and policy engine, and accounts, users and roles created through the store
 * port. `callerFacts` here is a plain test double of the authorizer's side (identity policies,
 * boundary, session policies, tags, no SCPs), not of STS's own code.
 */
export const MANAGEMENT = "111111111111";
export const MEMBER = "222222222222";
const CATALOG = loadIamCatalog();

export class TestClock implements Clock {
  at = new Date("2030-01-01T00:00:00Z").getTime();
  now(): Date { return new Date(this.at); }
}

const id = (prefix: string): string => prefix + [...randomBytes(16)].map((b) => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[b % 32]).join("");

export class StsWorld {
  readonly clock = new TestClock();
  readonly box = new EnvelopeSecretBox(rootKeyring(new RootKey(randomBytes(32))));
  readonly tokens = new SessionTokens(this.box, this.clock);
  private constructor(readonly store: Store, private readonly dir: string) {}

  static async open(): Promise<StsWorld> {
    const dir = await mkdtemp(join(tmpdir(), "plinth-sts-"));
    const world = new StsWorld(await openStore({ dataDir: dir }), dir);
    const createdAt = world.clock.now();
    await world.store.identity.createAccount({ accountId: MANAGEMENT, name: "management", createdAt, isManagement: true });
    await world.store.identity.createAccount({ accountId: MEMBER, name: "member", createdAt, isManagement: false });
    return world;
  }

  async close(): Promise<void> {
    await this.store.close();
    await rm(this.dir, { recursive: true, force: true });
  }

  deps(): StsDeps {
    return { tokens: this.tokens, roles: this.store.iam, mfa: new MfaVerifier({ iam: this.store.iam, box: this.box, clock: this.clock }), callers: this.callers, clock: this.clock, catalog: CATALOG };
  }

  async user(name: string, options: { account?: string; policies?: object[]; tags?: Record<string, string> } = {}): Promise<Principal> {
    const accountId = options.account ?? MANAGEMENT;
    const user = { userId: id("AIDA"), accountId, userName: name, path: "/", arn: `arn:aws:iam::${accountId}:user/${name}`, createdAt: this.clock.now() };
    await this.store.identity.createUser(user);
    for (const [i, document] of (options.policies ?? []).entries()) {
      await this.store.iam.putInlinePolicy({ kind: "user", entityId: user.userId, policyName: `p${i}`, document: JSON.stringify(document) });
    }
    const tags = Object.entries(options.tags ?? {}).map(([key, value]) => ({ key, value }));
    if (tags.length > 0) await this.store.iam.tagResource(user.arn, tags);
    return { type: "IAMUser", accountId, arn: user.arn, userId: user.userId, userName: name, accessKeyId: "AKIAIOSFODNN7EXAMPLE" };
  }

  async role(name: string, trust: object, options: { account?: string; maxSessionDurationSeconds?: number; policies?: object[] } = {}): Promise<string> {
    const accountId = options.account ?? MANAGEMENT;
    const role = {
      roleId: id("AROA"), accountId, roleName: name, path: "/", arn: `arn:aws:iam::${accountId}:role/${name}`,
      trustPolicy: JSON.stringify(trust), maxSessionDurationSeconds: options.maxSessionDurationSeconds ?? 3600, createdAt: this.clock.now(),
    };
    await this.store.iam.createRole(role);
    for (const [i, document] of (options.policies ?? []).entries()) {
      await this.store.iam.putInlinePolicy({ kind: "role", entityId: role.roleId, policyName: `p${i}`, document: JSON.stringify(document) });
    }
    return role.arn;
  }

  /** A long-term access key for the user, as IAM's CreateAccessKey stores it. */
  async accessKey(user: Principal): Promise<{ accessKeyId: string; secretAccessKey: string }> {
    const accessKeyId = newAccessKeyId();
    const secretAccessKey = newSecretAccessKey();
    const secretCiphertext = await this.box.seal(Buffer.from(secretAccessKey), accessKeySecretContext(accessKeyId, user.accountId));
    await this.store.identity.createAccessKey({ accessKeyId, userId: user.userId, secretCiphertext, status: "Active", createdAt: this.clock.now() });
    return { accessKeyId, secretAccessKey };
  }

  /** A virtual MFA device enabled for the user; `code()` gives the current code. */
  async mfaDevice(user: Principal, name = user.userName): Promise<{ serialNumber: string; code(offsetSteps?: number): Promise<string> }> {
    const serialNumber = `arn:aws:iam::${user.accountId}:mfa/${name}`;
    const seed = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    const seedCiphertext = await this.box.seal(Buffer.from(seed), mfaSeedContext(serialNumber, user.accountId));
    await this.store.iam.createMfaDevice({ serialNumber, accountId: user.accountId, seedCiphertext, createdAt: this.clock.now() });
    await this.store.iam.enableMfaDevice(serialNumber, user.userId, this.clock.now());
    return { serialNumber, code: (offset = 0) => codeAt(seed, stepAt(this.clock.now()) + offset) };
  }

  ctx(principal: Principal): RequestContext {
    return {
      requestId: "req-1", notes: {}, receivedAt: this.clock.now(), sourceIp: "127.0.0.1", listener: "default", secureTransport: true,
      region: "eu-west-2", principal, signal: new AbortController().signal,
    };
  }

  readonly callers: CallerFactsSource = {
    callerFacts: async (ctx: RequestContext, extra: ExtraContext): Promise<CallerFacts> => {
      const p = ctx.principal;
      const own = p.roleId !== undefined ? await this.store.iam.policiesForRole(p.roleId) : await this.store.iam.policiesForUser(p.userId);
      const tags = new Map(own.tags.map((t) => [t.key, t.value]));
      for (const t of p.session?.tags ?? []) tags.set(t.key, t.value);
      const session = (p.session?.policies ?? []).map((d, i) => compile(d, "session", `session/${i}`));
      return {
        principal: { arn: p.arn, accountId: p.accountId, ...(p.roleArn !== undefined ? { roleArn: p.roleArn } : {}), isManagementAccount: p.accountId === MANAGEMENT },
        policies: {
          identity: own.identity.map((d) => compile(d.document, "identity", d.label)),
          ...(own.boundary ? { boundary: compile(own.boundary.document, "boundary", own.boundary.label) } : {}),
          ...(session.length > 0 ? { session } : {}),
        },
        context: requestContextValues(ctx, { tags }, extra),
      };
    },
  };
}

function compile(document: string, kind: PolicyKind, label: string): CompiledPolicy {
  const result = compilePolicy(document, kind, label, { maxLength: Number.MAX_SAFE_INTEGER, catalog: CATALOG });
  if (!result.ok) throw new Error(`test policy ${label} does not compile: ${JSON.stringify(result.problems)}`);
  return result.policy;
}
