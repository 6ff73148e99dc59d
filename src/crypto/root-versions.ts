import { promises as fs } from "node:fs";
import { join } from "node:path";
import { fault } from "../kernel/index.js";
import type { RootKey } from "./root-key.js";
import { ROOT_KEY_FILE, createKeyFile, readKeyFile, syncDirectory } from "./root-key-file.js";

/**
 * Where the versions of the root key live. A rotation adds a version; every value wrapped under
 * an older one is rewrapped under the newest; then the older ones are retired (removed for good).
 * Until then every version opens what it wrapped, so nothing is unreadable at any point.
 *
 * Version 1 keeps the file name plinth always used (`root.key`, `root.key.wrapped`), so a data
 * directory from before rotation existed is simply at version 1; later versions add `.v<N>`.
 */
export interface RootKeySource {
  /** For messages: which root of trust, without tokens or credentials. */
  readonly describe: string;
  /** The versions present, ascending: a directory listing, cheap enough to call before each root seal. */
  versions(): Promise<number[]>;
  /** One version's key; the caller destroys it. */
  open(version: number): Promise<RootKey>;
  /**
   * Makes version `after + 1` and returns it. Created with an exclusive link: when two processes
   * rotate at once, the first one's version is the version, and both go on with it.
   */
  add(after: number): Promise<number>;
  /** Removes a version for good: whatever only it wraps can no longer be opened by anyone. */
  retire(version: number): Promise<void>;
}

/** `base` for version 1, `base.v<N>` after it. */
export function versionFileName(base: string, version: number): string {
  return version === 1 ? base : `${base}.v${version}`;
}

/** The versions whose files are in `dataDir`, ascending. */
export async function listVersionFiles(dataDir: string, base: string): Promise<number[]> {
  const names = await fs.readdir(dataDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [] as string[];
    throw fault("internal", `cannot list ${dataDir} (${error.code ?? "unknown error"})`);
  });
  const versions: number[] = [];
  const escaped = base.replace(/\./g, "\\.");
  const pattern = new RegExp(`^${escaped}(?:\\.v([1-9][0-9]{0,8}))?$`);
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m) continue;
    const version = m[1] === undefined ? 1 : Number(m[1]);
    // `root.key.v1` is not a name plinth writes; ignoring it beats guessing which file is version 1.
    if (m[1] === undefined || version > 1) versions.push(version);
  }
  return versions.sort((a, b) => a - b);
}

/** Removes a version's file and makes the removal durable. */
export async function removeVersionFile(dataDir: string, base: string, version: number): Promise<void> {
  await fs.rm(join(dataDir, versionFileName(base, version)), { force: true });
  await syncDirectory(dataDir);
}

/** The local key files as the root of trust: one 0600 file of 32 random bytes per version. */
export function fileRootSource(dataDir: string): RootKeySource {
  const path = (version: number) => join(dataDir, versionFileName(ROOT_KEY_FILE, version));
  return {
    describe: `the root key files in ${dataDir}`,
    versions: () => listVersionFiles(dataDir, ROOT_KEY_FILE),
    async open(version) {
      const key = await readKeyFile(path(version));
      if (!key) throw fault("internal", `root key version ${version} (${path(version)}) is missing`);
      return key;
    },
    async add(after) {
      await createKeyFile(dataDir, path(after + 1));
      return after + 1;
    },
    retire: (version) => removeVersionFile(dataDir, ROOT_KEY_FILE, version),
  };
}
