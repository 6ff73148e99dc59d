import { mkdtemp, rm } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";
import { EnvelopeSecretBox, RootKey, rootKeyring } from "../../crypto/index.js";
import type { SecretBox, VersionedKeyring } from "../../crypto/index.js";
import type { Clock } from "../../kernel/index.js";
import { compilePolicy, loadIamCatalog } from "../../policy/index.js";
import { openStore } from "../../store/index.js";
import type { Store } from "../../store/index.js";
import { PolicyChangeNotifier } from "../policy-changes.js";
import type { PolicyChange } from "../policy-changes.js";
import { KmsService } from "./service.js";

export const REGION = "eu-west-2";
export const ACCOUNT = "111111111111";
export const OTHER = "222222222222";

/** A clock the test moves. */
export class TestClock implements Clock {
  constructor(public at = new Date("2026-12-05T09:00:00Z")) {}
  now(): Date { return new Date(this.at.getTime()); }
  advanceDays(days: number): void { this.at = new Date(this.at.getTime() + days * 86_400_000); }
}

export interface KmsWorld {
  readonly kms: KmsService;
  readonly store: Store;
  readonly clock: TestClock;
  readonly dataDir: string;
  readonly changes: PolicyChange[];
  /** The root-key box the KMS seals material with. */
  readonly rootBox: SecretBox;
}

/** KMS over the real SQLite store (temporary), a real root-key box, two accounts. */
export async function kmsWorld(t: TestContext, options: {
  readonly maxKeysPerAccount?: number;
  /** The root keyring, made in the world's data directory; a fixed random root key when absent. */
  readonly root?: (dataDir: string) => Promise<VersionedKeyring>;
} = {}): Promise<KmsWorld> {
  const { root, ...kmsOptions } = options;
  const dataDir = await mkdtemp(join(tmpdir(), "plinth-kms-test-"));
  const store = await openStore({ dataDir });
  t.after(async () => { await store.close(); await rm(dataDir, { recursive: true, force: true }); });
  for (const accountId of [ACCOUNT, OTHER]) await store.identity.createAccount({ accountId, name: accountId, createdAt: new Date(0), isManagement: accountId === ACCOUNT });
  const clock = new TestClock();
  const catalog = loadIamCatalog();
  const notifier = new PolicyChangeNotifier();
  const changes: PolicyChange[] = [];
  notifier.subscribe((c) => changes.push(c));
  const rootBox = new EnvelopeSecretBox(root ? await root(dataDir) : rootKeyring(new RootKey(randomBytes(32))));
  const kms = new KmsService({
    store: store.kms, policies: store.resourcePolicies, box: rootBox, clock, region: REGION,
    compile: (document, kind, label, o) => compilePolicy(document, kind, label, { ...o, catalog }), changes: notifier, ...kmsOptions,
  });
  return { kms, store, clock, dataDir, changes, rootBox };
}
