import { randomBytes } from "node:crypto";
import { constants, promises as fs } from "node:fs";
import { join } from "node:path";
import { fault, isFault } from "../kernel/index.js";
import { ROOT_KEY_BYTES, RootKey } from "./root-key.js";
import { ROOT_KEY_FILE, readRootKeyFile } from "./root-key-file.js";
import { syncDirectory } from "./root-key-file.js";
import { listVersionFiles } from "./root-versions.js";

/** Holds the root key wrapped by an external key manager; the plaintext never touches the disk. */
export const WRAPPED_ROOT_KEY_FILE = "root.key.wrapped";

/**
 * The port an external root of trust (Vault Transit, AWS KMS) implements. It never hands out its
 * own key: it makes a data key and unwraps what it wrapped, so the secret that protects
 * everything stays in the key manager and plinth holds the data key only in memory.
 */
export interface RootKeyWrapper {
  /** Stored with the wrapped key: a key manager of another kind or key refuses to open it. */
  readonly source: string;
  readonly keyRef: string;
  /** For messages: which root of trust this is, without tokens or credentials. */
  readonly describe: string;
  generate(): Promise<{ readonly plaintext: Uint8Array; readonly wrapped: string }>;
  /** Wraps a root key that exists already: the local key file's, when it moves to this root of trust. */
  wrap(plaintext: Uint8Array): Promise<string>;
  unwrap(wrapped: string): Promise<Uint8Array>;
  /** The same key wrapped under the key manager's newest key version; undefined when it has none newer. */
  rewrap?(wrapped: string): Promise<string | undefined>;
  /** Makes a new version of the key manager's key (Transit's `rotate`); absent where plinth cannot. */
  rotate?(): Promise<void>;
}

export interface WrappedRecord {
  readonly v: 1;
  readonly source: string;
  readonly keyRef: string;
  readonly wrapped: string;
}

/**
 * The root key, unwrapped by `wrapper` from `<dataDir>/root.key.wrapped`, made by it on first
 * start. After the key manager's key is rotated, the stored form is rewrapped under the newest
 * version at the next start, so older versions can be retired without losing the data. A data
 * directory that has a local key file moves to `wrapper` keeping its root key (moveKeyFile).
 * The moved key was on disk once: copies of the file (backups) still open what it protects.
 */
export async function loadOrCreateWrappedRootKey(dataDir: string, wrapper: RootKeyWrapper): Promise<RootKey> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, WRAPPED_ROOT_KEY_FILE);
  const moved = await moveKeyFile(dataDir, path, wrapper);
  if (moved) return moved;
  let record = await readRecord(path);
  if (record === undefined) {
    const made = await wrapper.generate();
    try {
      await writeRecord(dataDir, path, { v: 1, source: wrapper.source, keyRef: wrapper.keyRef, wrapped: made.wrapped }, true);
    } finally {
      made.plaintext.fill(0);
    }
    // Read back: when two processes start at once, the first record written is the root key.
    record = (await readRecord(path))!;
  }
  const rootKey = await unwrapRecord(record, path, wrapper);
  const rewrapped = await wrapper.rewrap?.(record.wrapped);
  if (rewrapped !== undefined && rewrapped !== record.wrapped) {
    await writeRecord(dataDir, path, { ...record, wrapped: rewrapped }, false);
  }
  return rootKey;
}

export async function unwrapRecord(record: WrappedRecord, path: string, wrapper: RootKeyWrapper): Promise<RootKey> {
  if (record.source !== wrapper.source || record.keyRef !== wrapper.keyRef) {
    throw fault("internal", `the root key in ${path} is wrapped by ${record.source} key ${record.keyRef}, but the root of trust is configured as ${wrapper.describe}; ` +
      "moving between external roots of trust is not supported yet: configure server.rootKey as it was");
  }
  const plaintext = await wrapper.unwrap(record.wrapped);
  try {
    if (plaintext.byteLength !== ROOT_KEY_BYTES) {
      throw fault("internal", `${wrapper.describe} unwrapped a root key of ${plaintext.byteLength} bytes, not ${ROOT_KEY_BYTES}`);
    }
    return new RootKey(plaintext);
  } finally {
    plaintext.fill(0);
  }
}

/**
 * A data directory that used the local key file moves to `wrapper` keeping the same root key,
 * so nothing sealed has to change: the key is wrapped, the wrapped form written and checked to
 * unwrap to the same key, and only then is the key file removed. A crash at any point leaves a
 * key file, a wrapped key, or both (the next start finishes the move), never neither.
 */
async function moveKeyFile(dataDir: string, path: string, wrapper: RootKeyWrapper): Promise<RootKey | undefined> {
  const fileKey = await readRootKeyFile(dataDir);
  if (!fileKey) return undefined;
  try {
    if (await readRecord(path) === undefined) {
      const wrapped = await fileKey.use((bytes) => wrapper.wrap(bytes));
      await writeRecord(dataDir, path, { v: 1, source: wrapper.source, keyRef: wrapper.keyRef, wrapped }, true);
    }
    const record = (await readRecord(path))!;
    const unwrapped = await unwrapRecord(record, path, wrapper);
    if (!unwrapped.equals(fileKey)) {
      unwrapped.destroy();
      throw fault("internal", `${path} and ${ROOT_KEY_FILE} hold different root keys; remove the one that is not in use`);
    }
    await fs.rm(join(dataDir, ROOT_KEY_FILE), { force: true });
    await syncDirectory(dataDir);
    return unwrapped;
  } finally {
    fileKey.destroy();
  }
}

/** Whether `<dataDir>` holds a root key (any version) wrapped by an external root of trust. */
export async function hasWrappedRootKey(dataDir: string): Promise<boolean> {
  return (await listVersionFiles(dataDir, WRAPPED_ROOT_KEY_FILE)).length > 0;
}

export async function readRecord(path: string): Promise<WrappedRecord | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw fault("internal", `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "unknown error"})`);
  }
  try {
    const parsed = JSON.parse(text) as Partial<WrappedRecord>;
    if (parsed.v === 1 && typeof parsed.source === "string" && typeof parsed.keyRef === "string" && typeof parsed.wrapped === "string") {
      return parsed as WrappedRecord;
    }
  } catch {
    // Reported below, with the same words as a record of the wrong shape.
  }
  throw fault("internal", `${path} is damaged or not a plinth wrapped root key`);
}

/**
 * Written to a private temporary file and synced first. A new record is hard-linked into place
 * (failing if another process made one first: theirs wins); a rewrapped one replaces the old by
 * rename, so a crash leaves either the old wrapping or the new, both of which unwrap.
 */
export async function writeRecord(dataDir: string, path: string, record: WrappedRecord, create: boolean): Promise<void> {
  const temporary = join(dataDir, `.${WRAPPED_ROOT_KEY_FILE}.${randomBytes(8).toString("hex")}.tmp`);
  try {
    const handle = await fs.open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(record)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (create) {
      await fs.link(temporary, path).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "EEXIST") throw error;
      });
    } else {
      await fs.rename(temporary, path);
    }
    await syncDirectory(dataDir);
  } catch (error) {
    if (isFault(error)) throw error;
    throw fault("internal", `cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? "unknown error"})`);
  } finally {
    await fs.rm(temporary, { force: true });
  }
}
