import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";

/**
 * Searching bytes for a secret in the encodings it could be stored in: UTF-8, UTF-16LE, hex,
 * and base64 at each of the three alignments it can start at inside a longer base64 string
 * (the characters that also depend on neighbouring bytes are dropped from each needle).
 */
export interface Needle { readonly form: string; readonly bytes: Buffer }

export function needles(secret: string): Needle[] {
  const raw = Buffer.from(secret, "utf8");
  const out: Needle[] = [
    { form: "utf-8", bytes: raw },
    { form: "utf-16le", bytes: Buffer.from(secret, "utf16le") },
    { form: "hex", bytes: Buffer.from(raw.toString("hex")) },
  ];
  for (let shift = 0; shift < 3; shift++) {
    const padded = Buffer.concat([Buffer.alloc(shift), raw]);
    const b64 = padded.toString("base64").replace(/=+$/, "");
    const head = [0, 2, 3][shift]!;
    const tail = padded.length % 3 === 0 ? 0 : 1;
    const core = b64.slice(head, b64.length - tail);
    out.push({ form: `base64+${shift}`, bytes: Buffer.from(core) });
    out.push({ form: `base64url+${shift}`, bytes: Buffer.from(core.replace(/\+/g, "-").replace(/\//g, "_")) });
  }
  return out;
}

/** The encodings of `secret` found in `bytes` (empty when absent). */
export function formsIn(bytes: Buffer, secret: string): string[] {
  return needles(secret).filter((n) => bytes.includes(n.bytes)).map((n) => n.form);
}

/** Every regular file under `dir`, recursively, as absolute paths. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
}

export interface Sources {
  /** Named texts (stdout, stderr) and the files of a directory, read now. */
  readonly texts: Readonly<Record<string, string>>;
  readonly dir: string;
  /** Paths relative to `dir` not searched (e.g. the credentials file, for the secret only). */
  readonly skip?: readonly string[];
}

/** Where `secret` occurs, as "source (forms)" lines with a short excerpt for texts; empty when nowhere. */
export async function findSecret(secret: string, sources: Sources): Promise<string[]> {
  const hits: string[] = [];
  for (const [name, text] of Object.entries(sources.texts)) {
    const forms = formsIn(Buffer.from(text, "utf8"), secret);
    if (forms.length === 0) continue;
    const at = text.indexOf(secret);
    const line = at < 0 ? "" : text.slice(text.lastIndexOf("\n", at) + 1, text.indexOf("\n", at) < 0 ? undefined : text.indexOf("\n", at));
    hits.push(`${name} (${forms.join(", ")})${line ? `: ${line.slice(0, 400)}` : ""}`);
  }
  for (const file of await filesUnder(sources.dir)) {
    const rel = relative(sources.dir, file);
    if (sources.skip?.includes(rel)) continue;
    // A file may vanish between listing and reading (SQLite's -shm/-wal at shutdown).
    const bytes = await readFile(file).catch(() => undefined);
    if (!bytes) continue;
    const forms = formsIn(bytes, secret);
    if (forms.length > 0) hits.push(`${rel} (${forms.join(", ")})`);
  }
  return hits;
}
