import { test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { isFault } from "../kernel/index.js";
import { logOrigin, noteHash, parseCheckpoint, signCheckpoint, verifyCheckpoint } from "./checkpoint.js";
import { ed25519Signer, openNote, parseVerifierKey, verifierKeyString } from "./note.js";

// The example in c2sp.org/signed-note ("Verifier keys" / "Example"), C2SP/C2SP signed-note.md.
const specVkey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
const specNote = "This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

test("the signed-note spec's example verifies with its verifier key, and fails when altered", () => {
  const verifier = parseVerifierKey(specVkey);
  assert.equal(openNote(specNote, verifier), "This is an example message.\n");
  assert.throws(() => openNote(specNote.replace("example message", "example massage"), verifier), (e) => isFault(e) && e.kind === "invalid-signature");
  // The key id in a vkey must be the one its name and key produce.
  assert.throws(() => parseVerifierKey(specVkey.replace("530d903a", "530d903b")), /key id/);
});

function key(name: string) {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return { signer: ed25519Signer(name, privateKey), vkey: verifierKeyString(name, publicKey) };
}

const origin = logOrigin("eu-west-1", "node-a");
const root = new Uint8Array(32).fill(7);
const time = new Date("2026-12-05T07:00:00.000Z");

test("a checkpoint has the C2SP body, our time and previous lines, and verifies with the vkey", () => {
  const { signer, vkey } = key(origin);
  assert.match(vkey, /^plinth\/eu-west-1\/node-a\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
  assert.equal(verifyCheckpoint(signCheckpoint({ origin, size: 0, root, time }, signer), vkey).size, 0);
  const first = signCheckpoint({ origin, size: 3, root, time }, signer);
  assert.ok(first.startsWith(`plinth/eu-west-1/node-a\n3\n${Buffer.from(root).toString("base64")}\ntime 2026-12-05T07:00:00.000Z\n\n— plinth/eu-west-1/node-a `));
  const second = signCheckpoint({ origin, size: 5, root, time, previousNote: first }, signer);
  const cp = verifyCheckpoint(second, vkey);
  assert.equal(cp.size, 5);
  assert.equal(cp.origin, origin);
  assert.deepEqual(cp.root, root);
  assert.equal(cp.time.toISOString(), time.toISOString());
  assert.deepEqual(cp.previous, noteHash(first));
  assert.equal(parseCheckpoint(first).previous, undefined);
  // The signature's 4-byte key id is the vkey's.
  const sigBytes = Buffer.from(second.trimEnd().split(" ").pop()!, "base64");
  assert.equal(sigBytes.length, 68);
  assert.equal(sigBytes.subarray(0, 4).toString("hex"), vkey.split("+")[1]);
});

test("a checkpoint whose text changed, or signed by another key, is refused", () => {
  const { signer, vkey } = key(origin);
  const other = key(origin);
  const note = signCheckpoint({ origin, size: 3, root, time }, signer);
  const forged = note.replace("\n3\n", "\n4\n");
  assert.throws(() => verifyCheckpoint(forged, vkey), (e) => isFault(e) && e.kind === "invalid-signature");
  assert.throws(() => verifyCheckpoint(note, other.vkey), (e) => isFault(e) && e.kind === "invalid-signature");
  // Another signature (a witness) alongside ours is ignored, as the spec requires.
  const cosigned = note + `— witness.example/w ${Buffer.alloc(68, 1).toString("base64")}\n`;
  assert.equal(verifyCheckpoint(cosigned, vkey).size, 3);
});

test("malformed checkpoints are refused by the parser", () => {
  const { signer } = key(origin);
  const good = signCheckpoint({ origin, size: 3, root, time }, signer);
  const table: [string, string][] = [
    ["leading zero size", good.replace("\n3\n", "\n03\n")],
    ["short root", good.replace(Buffer.from(root).toString("base64"), "AAAA")],
    ["no time", good.replace(/time [^\n]+\n/, "")],
    ["unknown extension", good.replace("\n\n—", "\nfoo bar\n\n—")],
    ["no signature block", good.slice(0, good.indexOf("\n\n") + 1)],
    ["control character", good.replace("plinth", "pli\tnth")],
  ];
  for (const [name, note] of table) assert.throws(() => parseCheckpoint(note), (e) => isFault(e) && e.kind === "validation", name);
});
