import { createHash } from "node:crypto";
import { invalid } from "../kernel/index.js";
import { openNote, parseNote, parseVerifierKey, signNote, type NoteSigner, type NoteVerifier } from "./note.js";

/**
 * C2SP checkpoints (c2sp.org/tlog-checkpoint): a signed note whose text is
 * `<origin>\n<size>\n<base64 root>\n` and, here, two extension lines: `time <ISO-8601>` and
 * `previous <base64 SHA-256 of the previous whole note>`. The previous-note hash chains the
 * checkpoints, so removing or rewriting one breaks every later one even where the roots agree.
 */
export interface CheckpointInput {
  /** The log's identity, e.g. `plinth/<region>/<node>`; the signing key's name should match it. */
  readonly origin: string;
  readonly size: number;
  readonly root: Uint8Array;
  readonly time: Date;
  /** The whole previous note of this log; absent on the first checkpoint. */
  readonly previousNote?: string;
}

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Uint8Array;
  readonly time: Date;
  /** SHA-256 of the previous whole note, absent on the first. */
  readonly previous?: Uint8Array;
  /** The signed text (body and extension lines). */
  readonly text: string;
}

/** The origin of one node's log. */
export function logOrigin(region: string, node: string): string {
  return `plinth/${region}/${node}`;
}

/** SHA-256 of a whole note, as the next checkpoint's `previous` line holds it. */
export function noteHash(note: string): Uint8Array {
  return new Uint8Array(createHash("sha256").update(note, "utf8").digest());
}

export function signCheckpoint(input: CheckpointInput, signer: NoteSigner): string {
  if (input.origin.length === 0 || /[\s+]/u.test(input.origin)) throw invalid("origin", "must be non-empty, without spaces or '+'");
  if (!Number.isSafeInteger(input.size) || input.size < 0) throw invalid("size", "must be a non-negative integer");
  if (input.root.length !== 32) throw invalid("root", "must be a 32-byte SHA-256 hash");
  if (Number.isNaN(input.time.getTime())) throw invalid("time", "must be a valid time");
  let text = `${input.origin}\n${input.size}\n${Buffer.from(input.root).toString("base64")}\ntime ${input.time.toISOString()}\n`;
  if (input.previousNote !== undefined) text += `previous ${Buffer.from(noteHash(input.previousNote)).toString("base64")}\n`;
  return signNote(text, signer);
}

/** Reads a checkpoint's fields without checking its signature (use verifyCheckpoint for that). */
export function parseCheckpoint(note: string): Checkpoint {
  return parseText(parseNote(note).text);
}

function parseText(text: string): Checkpoint {
  const lines = text.slice(0, -1).split("\n");
  const [origin, sizeLine, rootLine, ...extensions] = lines;
  if (!origin) throw invalid("checkpoint.origin", "must be non-empty");
  if (!sizeLine || !/^(0|[1-9][0-9]*)$/.test(sizeLine) || !Number.isSafeInteger(Number(sizeLine))) throw invalid("checkpoint.size", "must be a decimal integer without leading zeros");
  const root = Buffer.from(rootLine ?? "", "base64");
  if (root.length !== 32 || root.toString("base64") !== rootLine) throw invalid("checkpoint.root", "must be the base64 of a 32-byte hash");
  let time: Date | undefined;
  let previous: Uint8Array | undefined;
  for (const line of extensions) {
    const [key, value, ...rest] = line.split(" ");
    if (rest.length > 0 || value === undefined) throw invalid("checkpoint", "has a malformed extension line");
    if (key === "time" && time === undefined) {
      time = new Date(value);
      if (Number.isNaN(time.getTime()) || time.toISOString() !== value) throw invalid("checkpoint.time", "must be an ISO-8601 UTC time");
    } else if (key === "previous" && previous === undefined) {
      const hash = Buffer.from(value, "base64");
      if (hash.length !== 32 || hash.toString("base64") !== value) throw invalid("checkpoint.previous", "must be the base64 of a 32-byte hash");
      previous = new Uint8Array(hash);
    } else {
      throw invalid("checkpoint", `has an unexpected extension line '${key}'`);
    }
  }
  if (time === undefined) throw invalid("checkpoint.time", "is missing");
  const base = { origin, size: Number(sizeLine), root: new Uint8Array(root), time, text };
  return previous === undefined ? base : { ...base, previous };
}

/**
 * The checkpoint, if `verifierKey` (a C2SP vkey string or a parsed one) signed it. Throws a Fault
 * (`invalid-signature`, or `validation` for a malformed note) otherwise.
 */
export function verifyCheckpoint(note: string, verifierKey: string | NoteVerifier): Checkpoint {
  const verifier = typeof verifierKey === "string" ? parseVerifierKey(verifierKey) : verifierKey;
  return parseText(openNote(note, verifier));
}
