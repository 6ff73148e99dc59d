import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { lstat, mkdir, open, readFile } from "node:fs/promises";
import { join } from "node:path";
import { Fault } from "../kernel/index.js";
import { ed25519Signer, verifierKeyString, type NoteSigner } from "./note.js";

/** The file the audit checkpoint key lives in, inside the data directory. */
export const SIGNING_KEY_FILE = "audit-signing-key.pem";

export interface AuditSigningKey {
  readonly signer: NoteSigner;
  /** The C2SP vkey (`<name>+<id>+<key>`) an auditor pins to verify checkpoints. */
  readonly verifierKey: string;
}

/**
 * Loads the Ed25519 key that signs this node's checkpoints, creating it on first start. The key
 * is the one secret of the audit trail: a file anyone else can read would let them re-sign a
 * rewritten log, so a mode wider than 0600 (or a symlink) is refused rather than repaired.
 * `keyName` is the checkpoint origin (`plinth/<region>/<node>`).
 */
export async function loadOrCreateSigningKey(dir: string, keyName: string): Promise<AuditSigningKey> {
  const path = join(dir, SIGNING_KEY_FILE);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let pem = await readKeyFile(path);
  if (pem === undefined) {
    const { privateKey } = generateKeyPairSync("ed25519");
    const created = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    try {
      const handle = await open(path, "wx", 0o600);
      try {
        await handle.writeFile(created);
        await handle.sync();
      } finally {
        await handle.close();
      }
      pem = created;
    } catch (e) {
      // Another process created it first: use theirs, so one node has one key.
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      pem = await readKeyFile(path);
      if (pem === undefined) throw new Fault("internal", "the audit signing key file vanished while it was being created");
    }
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(pem);
  } catch (e) {
    throw new Fault("internal", `${path} does not hold a PEM private key`, { reason: "audit-signing-key-invalid" }, e);
  }
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Fault("internal", `${path} is not an Ed25519 key`, { reason: "audit-signing-key-invalid" });
  return { signer: ed25519Signer(keyName, privateKey), verifierKey: verifierKeyString(keyName, createPublicKey(privateKey)) };
}

async function readKeyFile(path: string): Promise<string | undefined> {
  let stat;
  try {
    stat = await lstat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  if (!stat.isFile()) throw new Fault("internal", `${path} is not a regular file`, { reason: "audit-signing-key-permissions" });
  if ((stat.mode & 0o077) !== 0) {
    throw new Fault("internal", `${path} has mode ${(stat.mode & 0o777).toString(8)}; the audit signing key must be 0600`, { reason: "audit-signing-key-permissions" });
  }
  return readFile(path, "utf8");
}
