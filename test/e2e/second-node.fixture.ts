import { chmod, copyFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A data directory for a second node of the first one's deployment: the same root key (what seals
 * the secrets in the shared database, which every node must hold) and, for the harness's
 * convenience, the administrator's credentials file.
 */
export async function secondNodeDataDir(first: { readonly dataDir: string }, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  for (const file of ["root.key", "credentials"]) {
    await copyFile(join(first.dataDir, file), join(dir, file));
    await chmod(join(dir, file), 0o600);
  }
  return dir;
}
