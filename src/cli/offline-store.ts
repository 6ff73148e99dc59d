import { loadConfig } from "../config/index.js";
import type { ResolvedConfig } from "../config/index.js";
import { postgresTarget } from "../main.js";
import { openStore } from "../store/index.js";
import type { Store } from "../store/index.js";

/** The flags every offline command (audit, data) takes to find a node's configuration and store. */
export const STORE_FLAGS = { "data-dir": { type: "string" }, config: { type: "string" }, "database-url": { type: "string" } } as const;

/**
 * The configuration and store an offline command reads, as the server would find them: the
 * config file, then the flags over it. The caller closes the store.
 */
export async function openOfflineStore(
  values: { readonly "data-dir"?: string; readonly config?: string; readonly "database-url"?: string },
  env: Record<string, string | undefined>,
): Promise<{ config: ResolvedConfig; store: Store }> {
  const config = loadConfig({
    file: values.config, env,
    overrides: { ...(values["data-dir"] ? { dataDir: values["data-dir"] } : {}), ...(values["database-url"] ? { databaseUrl: values["database-url"] } : {}) },
  });
  const databaseUrl = config.server.databaseUrl?.reveal();
  return { config, store: await openStore(databaseUrl ? postgresTarget(databaseUrl) : { dataDir: config.server.dataDir }) };
}
