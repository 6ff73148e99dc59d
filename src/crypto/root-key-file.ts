import { randomBytes } from "node:crypto";
import { constants, promises as fs } from "node:fs";
import { join } from "node:path";
import { fault, isFault } from "../kernel/index.js";
import { ROOT_KEY_BYTES, RootKey } from "./root-key.js";

export const ROOT_KEY_FILE = "root.key";

/**
 * The root key of the embedded deployment, from `<dataDir>/root.key`, made on first start.
 *
 * Creation is atomic: the key is written and synced to a private temporary file (O_EXCL, 0600)
 * and then hard-linked into place, which fails if the name exists. A crash therefore never
 * leaves a short key file, and two processes starting at once agree on one key.
 *
 * Loading refuses a file that group or others may access, that is not a regular file (symlinks
 * are not followed) or that is not exactly 32 bytes: each would mean the key was exposed or
 * damaged, and starting anyway would seal new data under it.
 */
export async function loadOrCreateRootKey(dataDir: string): Promise<RootKey> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, ROOT_KEY_FILE);
  const existing = await readKeyFile(path);
  if (existing) return existing;
  await createKeyFile(dataDir, path);
  const created = await readKeyFile(path);
  if (!created) throw fault("internal", `root key file ${path} vanished after it was created`);
  return created;
}

/** The key file's key, with the same checks as at start, or undefined when there is none. */
export async function readRootKeyFile(dataDir: string): Promise<RootKey | undefined> {
  return readKeyFile(join(dataDir, ROOT_KEY_FILE));
}

/** One key file's key, with the same checks as at start (a rotated root key has one file per version). */
export async function readKeyFile(path: string): Promise<RootKey | undefined> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    if (errorCode(error) === "ENOENT") return undefined;
    if (errorCode(error) === "ELOOP") throw fault("internal", `root key file ${path} is a symbolic link; refusing to follow it`);
    throw fault("internal", `cannot open root key file ${path} (${errorCode(error) ?? "unknown error"})`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw fault("internal", `root key file ${path} is not a regular file`);
    const mode = stat.mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw fault("internal", `root key file ${path} has mode ${octal(mode)}; it must be readable by its owner only (chmod 600 ${path})`);
    }
    if (stat.size !== ROOT_KEY_BYTES) {
      throw fault("internal", `root key file ${path} holds ${stat.size} bytes, not ${ROOT_KEY_BYTES}; it is damaged or not a plinth root key`);
    }
    const bytes = new Uint8Array(ROOT_KEY_BYTES);
    const { bytesRead } = await handle.read(bytes, 0, ROOT_KEY_BYTES, 0);
    if (bytesRead !== ROOT_KEY_BYTES) throw fault("internal", `root key file ${path} could not be read in full`);
    try {
      return new RootKey(bytes);
    } finally {
      bytes.fill(0);
    }
  } catch (error) {
    if (isFault(error)) throw error;
    throw fault("internal", `cannot read root key file ${path} (${errorCode(error) ?? "unknown error"})`);
  } finally {
    await handle.close();
  }
}

/** Makes a key file at `path` unless one is there; when two processes race, the first link wins. */
export async function createKeyFile(dataDir: string, path: string): Promise<void> {
  const temporary = join(dataDir, `.${ROOT_KEY_FILE}.${randomBytes(8).toString("hex")}.tmp`);
  const bytes = randomBytes(ROOT_KEY_BYTES);
  try {
    const handle = await fs.open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.link(temporary, path);
    } catch (error) {
      // Another process created the key first: theirs is the key, ours is discarded.
      if (errorCode(error) !== "EEXIST") throw error;
    }
    await syncDirectory(dataDir);
  } catch (error) {
    if (isFault(error)) throw error;
    throw fault("internal", `cannot create root key file ${path} (${errorCode(error) ?? "unknown error"})`);
  } finally {
    bytes.fill(0);
    await fs.rm(temporary, { force: true });
  }
}

/** Makes the new directory entry durable, so a power loss cannot lose a key already in use. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
}

function octal(mode: number): string {
  return `0${mode.toString(8).padStart(3, "0")}`;
}
