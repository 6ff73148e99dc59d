import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { renderSchemaJson } from "./schema.js";

/**
 * Writes the published schema from the one the loader uses. Run after changing the schema,
 * from the repository root: `npx tsc -p . && node dist/src/config/emit-schema.js`.
 * The schema-file test fails until schema/config.schema.json matches.
 */
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const target = resolve(process.argv[2] ?? "schema/config.schema.json");
  writeFileSync(target, renderSchemaJson());
}
