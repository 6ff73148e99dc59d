import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";
import { fixedClock } from "../../kernel/index.js";
import { compilePolicy } from "../../policy/index.js";
import { openStore } from "../../store/index.js";
import type { Store } from "../../store/index.js";
import { PolicyChangeNotifier } from "../policy-changes.js";
import type { OrganizationPorts } from "./ports.js";
import { OrganizationService } from "./service.js";

export const MANAGEMENT = "111111111111";
export const AT = new Date("2026-03-01T12:00:00Z");

/**
 * The real store (SQLite on a temporary directory, removed when the test ends) and the real
 * policy engine, as a deployment has them after bootstrap: the management account, nothing else.
 */
export async function openTestStore(t: TestContext): Promise<{ store: Store; ports: OrganizationPorts }> {
  const dataDir = await mkdtemp(join(tmpdir(), "plinth-org-test-"));
  const clock = fixedClock(AT);
  const store = await openStore({ dataDir, clock });
  t.after(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  await store.identity.createAccount({ accountId: MANAGEMENT, name: "management", createdAt: AT, isManagement: true });
  const ports: OrganizationPorts = {
    organizations: store.organization, identity: store.identity, iam: store.iam, meta: store.meta, compile: compilePolicy, clock,
    changes: new PolicyChangeNotifier(),
  };
  return { store, ports };
}

/** An OrganizationService on a fresh store, its organisation made as at start-up. */
export async function startedService(t: TestContext) {
  const { store, ports } = await openTestStore(t);
  const service = new OrganizationService(ports);
  const org = await service.ensureOrganization();
  return { store, ports, service, org };
}
