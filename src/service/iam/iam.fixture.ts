import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EnvelopeSecretBox, RootKey, rootKeyring } from "../../crypto/index.js";
import assert from "node:assert/strict";
import { iamUserArn, isFault } from "../../kernel/index.js";
import type { Clock, Fault, Principal, RequestContext } from "../../kernel/index.js";
import { loadIamCatalog } from "../../policy/index.js";
import { openStore } from "../../store/index.js";
import type { Store } from "../../store/index.js";
import { newAccountId, newUserId } from "../identity/ids.js";
import { ensureAwsManagedPolicies } from "./aws-managed.js";
import type { PolicyProblem } from "../../policy/index.js";
import type { GroupRecord, IamEntityKind, ManagedPolicyRecord, MfaDeviceRecord, RoleRecord } from "../../store/iam-port.js";
import type { AccessKeyWithOwner, UserRecord } from "../../store/index.js";
import { PolicyChangeNotifier } from "../policy-changes.js";
import type { PolicyChange } from "../policy-changes.js";
import type { PolicyHolder, Target } from "./targets.js";
import type { IamDeps } from "./deps.js";
import { IamService } from "./iam-service.js";
import type { MfaRefusal } from "./mfa-attempts.js";

/**
 * For the IAM use-case tests: the real store (SQLite in a temporary directory), a real
 * SecretBox, a clock the test moves, and two accounts, each with an administrator, so tests
 * can show that accounts stay apart. Not used outside tests.
 */
export class TestClock implements Clock {
  constructor(private at: Date) {}
  now(): Date { return new Date(this.at.getTime()); }
  advance(ms: number): void { this.at = new Date(this.at.getTime() + ms); }
  set(at: Date): void { this.at = at; }
}

export interface IamFixture {
  readonly store: Store;
  readonly service: IamService;
  readonly deps: IamDeps;
  readonly clock: TestClock;
  /** The first account's administrator and a request context for it. */
  readonly admin: RequestContext;
  /** An administrator of a second account. */
  readonly otherAdmin: RequestContext;
  /** Access key ids and service-credential aliases forgotten, in order. */
  readonly forgotten: string[];
  /** The MFA refusals reported through `onMfaRefusal`, in order. */
  readonly refusals: MfaRefusal[];
  /** The store's data directory, for a second store over the same database (another node). */
  readonly dataDir: string;
  /** Findings reported about policies accepted (IamDeps.advise). */
  readonly advice: { label: string; findings: readonly PolicyProblem[] }[];
  /** Changes announced (IamDeps.changes). */
  readonly changed: PolicyChange[];
  contextFor(principal: Principal): RequestContext;
  /** What a request names, found as the operations' resolve step finds it. */
  user(ctx: RequestContext, userName: string | undefined): Promise<Target<UserRecord>>;
  group(ctx: RequestContext, groupName: string): Promise<Target<GroupRecord>>;
  role(ctx: RequestContext, roleName: string): Promise<Target<RoleRecord>>;
  holder(ctx: RequestContext, kind: IamEntityKind, name: string): Promise<Target<PolicyHolder>>;
  policy(ctx: RequestContext, policyArn: string): Promise<Target<ManagedPolicyRecord>>;
  mfa(ctx: RequestContext, serialNumber: string): Promise<Target<MfaDeviceRecord>>;
  key(ctx: RequestContext, accessKeyId: string): Promise<Target<AccessKeyWithOwner>>;
  close(): Promise<void>;
}

export async function iamFixture(options: { at?: Date } = {}): Promise<IamFixture> {
  const dir = await mkdtemp(join(tmpdir(), "plinth-iam-"));
  const clock = new TestClock(options.at ?? new Date("2025-06-01T12:00:00.000Z"));
  const store = await openStore({ dataDir: dir, clock });
  const box = new EnvelopeSecretBox(rootKeyring(new RootKey(randomBytes(32))));
  const forgotten: string[] = [];
  const refusals: MfaRefusal[] = [];
  const advice: { label: string; findings: readonly PolicyProblem[] }[] = [];
  const changes = new PolicyChangeNotifier();
  const changed: PolicyChange[] = [];
  changes.subscribe((c) => changed.push(c));
  const deps: IamDeps = {
    identity: store.identity, iam: store.iam, box, clock, catalog: loadIamCatalog(),
    forgetAccessKey: (id) => { forgotten.push(id); },
    onMfaRefusal: (refusal) => { refusals.push(refusal); },
    serviceCredentials: store.serviceCredentials,
    forgetServiceCredential: (alias) => { forgotten.push(alias); },
    changes, advise: (label, findings) => { advice.push({ label, findings }); },
  };
  await ensureAwsManagedPolicies(store.iam, clock);
  const contextFor = (principal: Principal): RequestContext => ({
    requestId: "test-request", notes: {}, receivedAt: clock.now(), sourceIp: "127.0.0.1", listener: "default", secureTransport: true,
    region: "eu-west-2", principal, signal: new AbortController().signal,
  });
  const administrator = async (isManagement: boolean): Promise<Principal> => {
    const accountId = newAccountId();
    await store.identity.createAccount({ accountId, name: isManagement ? "management" : "member", createdAt: clock.now(), isManagement });
    const user = { userId: newUserId(), accountId, userName: "administrator", path: "/", arn: iamUserArn(accountId, "administrator"), createdAt: clock.now() };
    await store.identity.createUser(user);
    return { type: "IAMUser", accountId, arn: user.arn, userId: user.userId, userName: user.userName, accessKeyId: "AKIAADMINISTRATOR000" };
  };
  const admin = contextFor(await administrator(true));
  const otherAdmin = contextFor(await administrator(false));
  const service = new IamService(deps);
  const t = service.targets;
  return {
    store, service, deps, clock, admin, otherAdmin, forgotten, refusals, dataDir: dir, advice, changed, contextFor,
    user: (ctx, name) => t.user(ctx, name), group: (ctx, name) => t.group(ctx, name), role: (ctx, name) => t.role(ctx, name),
    holder: (ctx, kind, name) => t.holder(ctx, kind, name), policy: (ctx, arn) => t.policy(ctx, arn),
    mfa: (ctx, serial) => t.mfaDevice(ctx, serial), key: (ctx, id) => t.accessKey(ctx, id),
    close: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Expects a Fault of `kind` (and IAM `code` when given) whose message matches. */
export async function refused(call: Promise<unknown>, kind: Fault["kind"], message: RegExp, code?: string): Promise<Fault> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  assert.ok(isFault(error), `expected a ${kind} fault, got ${String(error)}`);
  assert.equal(error.kind, kind, error.message);
  assert.match(error.message, message);
  if (code !== undefined) assert.equal(error.detail.reason, code);
  return error;
}

