import type { Migration, MigrationProvider } from "kysely";
import type { DialectTypes } from "./dialect-types.js";
import { identity } from "./0001_identity.js";
import { meta } from "./0002_meta.js";

/**
 * Every migration, in code rather than discovered on disk, so the build output is complete by
 * itself. Names sort in the order they run; a released migration is never edited, only followed.
 */
export function migrationProvider(types: DialectTypes): MigrationProvider {
  const migrations: Record<string, Migration> = {
    "0001_identity": identity(types),
    "0002_meta": meta(),
  };
  return { getMigrations: async () => migrations };
}
