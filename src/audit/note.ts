import { createHash, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { Fault, invalid } from "../kernel/index.js";

/**
 * C2SP signed notes (c2sp.org/signed-note) with Ed25519 keys: the envelope a checkpoint travels
 * in. A note is text ending in a newline, a blank line, then lines `— <name> <base64(key id ||
 * signature)>`. Only the Ed25519 signature type (0x01) is produced or checked.
 */
const ED25519 = 0x01;
const MAX_SIGNATURES = 16;

export interface NoteSigner {
  readonly name: string;
  readonly keyId: Uint8Array;
  sign(text: Uint8Array): Uint8Array;
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: Uint8Array;
  readonly publicKey: KeyObject;
}

export interface NoteSignature {
  readonly name: string;
  readonly keyId: Uint8Array;
  readonly signature: Uint8Array;
}

/** key ID = SHA-256(key name || 0x0A || 0x01 || 32-byte Ed25519 public key)[:4] */
export function ed25519KeyId(name: string, rawPublicKey: Uint8Array): Uint8Array {
  const h = createHash("sha256").update(name, "utf8").update(Uint8Array.of(0x0a, ED25519)).update(rawPublicKey).digest();
  return new Uint8Array(h.subarray(0, 4));
}

function checkKeyName(name: string): void {
  if (name.length === 0 || /[\s+]/u.test(name)) throw invalid("keyName", "must be non-empty, without spaces or '+'");
}

/** The 32-byte RFC 8032 encoding of an Ed25519 public key. */
export function rawEd25519PublicKey(key: KeyObject): Uint8Array {
  if (key.asymmetricKeyType !== "ed25519") throw invalid("key", "must be an Ed25519 key");
  const x = key.export({ format: "jwk" }).x;
  if (typeof x !== "string") throw invalid("key", "must be an Ed25519 key");
  return new Uint8Array(Buffer.from(x, "base64url"));
}

export function ed25519Signer(name: string, privateKey: KeyObject): NoteSigner {
  checkKeyName(name);
  if (privateKey.type !== "private") throw invalid("key", "must be a private key");
  const keyId = ed25519KeyId(name, rawEd25519PublicKey(createPublicKey(privateKey)));
  return { name, keyId, sign: (text) => new Uint8Array(sign(null, text, privateKey)) };
}

/** `<name>+<hex key id>+<base64(0x01 || public key)>`, the form operators pin and pass around. */
export function verifierKeyString(name: string, publicKey: KeyObject): string {
  checkKeyName(name);
  const raw = rawEd25519PublicKey(publicKey);
  return `${name}+${Buffer.from(ed25519KeyId(name, raw)).toString("hex")}+${Buffer.concat([Uint8Array.of(ED25519), raw]).toString("base64")}`;
}

export function parseVerifierKey(vkey: string): NoteVerifier {
  // The base64 part may itself hold '+', so only the first two separate fields.
  const first = vkey.indexOf("+");
  const second = vkey.indexOf("+", first + 1);
  const [name, idHex, keyB64] = first < 0 || second < 0 ? [] : [vkey.slice(0, first), vkey.slice(first + 1, second), vkey.slice(second + 1)];
  if (!name || !idHex || !keyB64 || !/^[0-9a-f]{8}$/.test(idHex)) throw invalid("verifierKey", "must be <name>+<8 hex digits>+<base64 key>");
  checkKeyName(name);
  const material = Buffer.from(keyB64, "base64");
  if (material.length !== 33 || material[0] !== ED25519) throw invalid("verifierKey", "must hold an Ed25519 key (type 0x01, 32 bytes)");
  const raw = new Uint8Array(material.subarray(1));
  const keyId = Buffer.from(idHex, "hex");
  // The id in the string is a claim; it must be the one the key and name produce.
  if (!keyId.equals(ed25519KeyId(name, raw))) throw invalid("verifierKey", "key id does not match the name and key");
  const publicKey = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(raw).toString("base64url") }, format: "jwk" });
  return { name, keyId: new Uint8Array(keyId), publicKey };
}

export function signNote(text: string, signer: NoteSigner): string {
  checkText(text);
  const signature = signer.sign(Buffer.from(text, "utf8"));
  return `${text}\n— ${signer.name} ${Buffer.concat([signer.keyId, signature]).toString("base64")}\n`;
}

function checkText(text: string): void {
  if (!text.endsWith("\n")) throw invalid("note", "text must end in a newline");
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) throw invalid("note", "must not contain control characters other than newline");
}

/** Splits a note into its text and signature lines; the text is everything before the last blank line. */
export function parseNote(note: string): { text: string; signatures: NoteSignature[] } {
  checkText(note);
  const cut = note.lastIndexOf("\n\n");
  if (cut < 0) throw invalid("note", "has no signature block");
  const text = note.slice(0, cut + 1);
  const lines = note.slice(cut + 2, -1).split("\n");
  if (lines.length > MAX_SIGNATURES) throw invalid("note", `has more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line) => {
    const m = /^— (\S+) ([A-Za-z0-9+/]+={0,2})$/u.exec(line);
    if (!m || m[1]!.includes("+")) throw invalid("note", "has a malformed signature line");
    const bytes = Buffer.from(m[2]!, "base64");
    if (bytes.length < 5) throw invalid("note", "has a signature too short to hold a key id");
    return { name: m[1]!, keyId: new Uint8Array(bytes.subarray(0, 4)), signature: new Uint8Array(bytes.subarray(4)) };
  });
  return { text, signatures };
}

/**
 * The note's text if a signature by `verifier` verifies. Signatures by other keys are ignored, as
 * the spec requires (they may be witnesses); a failing signature by the known key rejects the note.
 */
export function openNote(note: string, verifier: NoteVerifier): string {
  const { text, signatures } = parseNote(note);
  const mine = signatures.filter((s) => s.name === verifier.name && Buffer.from(s.keyId).equals(verifier.keyId));
  if (mine.length === 0) throw new Fault("invalid-signature", `the note carries no signature by ${verifier.name}`);
  for (const s of mine) {
    if (!verify(null, Buffer.from(text, "utf8"), verifier.publicKey, s.signature)) throw new Fault("invalid-signature", `a signature by ${verifier.name} does not verify`);
  }
  return text;
}
