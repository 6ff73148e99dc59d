import { parseArgs } from "node:util";
import { STORE_FLAGS, openOfflineStore } from "./offline-store.js";
import { inventoryOfStore } from "../service/inventory/index.js";
import type { StoredObject } from "../service/inventory/index.js";

const USAGE = `usage: plinth data <command> [options]

Reads what plinth stores, offline, from the database (plinth need not run); nothing is decrypted.

commands:
  inventory   every sealed object of an account as JSON lines: account, resource ARN, object id,
              kind, size in bytes, the KMS key it is sealed under and that key's state (Deleted:
              unreadable for good), created, retention (until-deleted, or days with the time it
              is deleted; and the account's data-retention mode)
              --account A       the account (default: the management account)

options for every command:
  --data-dir D      data directory (default ./data)
  --config C        the config file plinth runs with (for the region)
  --database-url U  postgres://... when the nodes share PostgreSQL
`;

export async function dataCommand(argv: readonly string[], env: Record<string, string | undefined>, out: (line: string) => void): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help") {
    out(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== "inventory") {
    out(`plinth data: unknown command '${command}'\n\n${USAGE}`);
    return 2;
  }
  const { values } = parseArgs({
    args: [...rest],
    options: { ...STORE_FLAGS, account: { type: "string" } },
    strict: true,
  });
  const { config, store } = await openOfflineStore(values, env);
  try {
    const accountId = values.account ?? (await store.identity.getManagementAccount())?.accountId;
    if (accountId === undefined || !/^\d{12}$/.test(accountId)) {
      out("plinth data inventory: --account must be a 12-digit account id (no management account is stored yet)");
      return 2;
    }
    // Headers only: the inventory names keys and sizes without opening anything, so it needs no key.
    const inventory = inventoryOfStore(store, config.region, config.invocationLogging.retentionDays, { now: () => new Date() });
    for (const o of await inventory.list(accountId)) out(JSON.stringify(inventoryLine(o)));
    return 0;
  } finally {
    await store.close();
  }
}

/** One object as a JSON line: dates as ISO 8601 text. */
function inventoryLine(o: StoredObject): Record<string, unknown> {
  const { expiresAt, ...retention } = o.retention;
  return { ...o, createdAt: o.createdAt.toISOString(), retention: { ...retention, ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}) } };
}
