import { isIP } from "node:net";
import { decodeAll, decodeOne, encode, TAG } from "./der.js";
import type { SanEntry } from "./names.js";

/**
 * The generated CA's NameConstraints (RFC 5280 4.2.1.10). Clients trust the CA, so without
 * them whoever obtains its key (a copied data directory, a backup) can vouch for any host name
 * to every client that trusts it. With them, it can vouch only for the names plinth itself
 * answers to: clients' TLS stacks (OpenSSL in node and Python, Go, Java, browsers) refuse a
 * certificate with a name outside these subtrees, whoever signed it.
 */
export type Subtree =
  /** The name and every name under it (`svc.example` permits `a.svc.example`), as RFC 5280 says. */
  | { readonly type: "dns"; readonly value: string }
  | { readonly type: "ip"; readonly address: string; readonly prefix: number };

/** Loopback, always permitted, since the server certificate always names 127.0.0.1 and ::1. */
const LOOPBACK: readonly Subtree[] = [
  { type: "ip", address: "127.0.0.0", prefix: 8 },
  { type: "ip", address: "::1", prefix: 128 },
];

export const OID_NAME_CONSTRAINTS = "2.5.29.30";
const OID_NAME_CONSTRAINTS_DER = Buffer.from([0x55, 0x1d, 0x1e]);
const DNS_NAME_TAG = 0x82; // GeneralName dNSName [2] IA5String, implicit
const IP_ADDRESS_TAG = 0x87; // GeneralName iPAddress [7] OCTET STRING (address then mask), implicit
const PERMITTED_TAG = 0xa0; // NameConstraints permittedSubtrees [0], implicit

/**
 * The subtrees that cover the server certificate's names (`serverSanEntries`): each DNS name
 * (a wildcard `*.svc.example` as `svc.example`), each IP address alone, and loopback. Sorted
 * and without repeats, so the same names give the same bytes however they were spelled.
 */
export function permittedSubtrees(names: readonly SanEntry[]): Subtree[] {
  const byKey = new Map<string, Subtree>(LOOPBACK.map((s) => [subtreeText(s), s]));
  for (const name of names) {
    const subtree: Subtree = name.type === "dns"
      ? { type: "dns", value: name.value.startsWith("*.") ? name.value.slice(2) : name.value }
      : { type: "ip", address: name.value, prefix: isIP(name.value) === 4 ? 32 : 128 };
    if (subtree.type === "ip" && LOOPBACK.some((range) => contains(range, subtree.address))) continue;
    byKey.set(subtreeText(subtree), subtree);
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}

/** As OpenSSL prints them: `DNS:localhost`, `IP:127.0.0.0/8`. */
export function subtreeText(subtree: Subtree): string {
  return subtree.type === "dns" ? `DNS:${subtree.value}` : `IP:${subtree.address}/${subtree.prefix}`;
}

/** The DER of a NameConstraints value with these permitted subtrees and nothing excluded. */
export function encodeNameConstraints(subtrees: readonly Subtree[]): Buffer {
  const generalSubtrees = subtrees.map((s) => encode(TAG.sequence, generalName(s)));
  return encode(TAG.sequence, encode(PERMITTED_TAG, ...generalSubtrees));
}

/**
 * How the DER certificate's NameConstraints compare with `subtrees`: "same" when it has a
 * critical extension permitting exactly those, "none" when it has none (a CA made by an older
 * plinth), "different" otherwise. Throws on a certificate it cannot read.
 */
export function compareNameConstraints(certificate: Buffer, subtrees: readonly Subtree[]): "same" | "none" | "different" {
  const found = nameConstraintsOf(certificate);
  if (found === undefined) return "none";
  return found.critical && found.value.equals(encodeNameConstraints(subtrees)) ? "same" : "different";
}

function nameConstraintsOf(certificate: Buffer): { critical: boolean; value: Buffer } | undefined {
  // Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { ..., [3] extensions }, ... }
  const [tbs] = decodeAll(decodeOne(certificate, TAG.sequence));
  if (tbs?.tag !== TAG.sequence) throw new Error("not a certificate");
  const extensions = decodeAll(tbs.content).find((e) => e.tag === 0xa3);
  if (extensions === undefined) return undefined;
  for (const extension of decodeAll(decodeOne(extensions.content, TAG.sequence))) {
    // Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
    const parts = decodeAll(extension.content);
    const [id] = parts;
    const value = parts[parts.length - 1];
    if (id?.tag !== TAG.oid || !id.content.equals(OID_NAME_CONSTRAINTS_DER)) continue;
    if (value?.tag !== TAG.octetString) throw new Error("malformed extension");
    const flag = parts.length === 3 ? parts[1] : undefined;
    return { critical: flag?.tag === TAG.boolean && flag.content[0] === 0xff, value: value.content };
  }
  return undefined;
}

function generalName(subtree: Subtree): Buffer {
  if (subtree.type === "dns") return encode(DNS_NAME_TAG, Buffer.from(subtree.value, "ascii"));
  const address = addressBytes(subtree.address);
  return encode(IP_ADDRESS_TAG, address, maskBytes(subtree.prefix, address.length));
}

function contains(range: Subtree, address: string): boolean {
  if (range.type !== "ip") return false;
  const base = addressBytes(range.address);
  const candidate = addressBytes(address);
  if (base.length !== candidate.length) return false;
  const mask = maskBytes(range.prefix, base.length);
  return base.every((byte, i) => (byte & mask[i]!) === (candidate[i]! & mask[i]!));
}

/** 4 or 16 bytes. The addresses here come from names.ts, which has checked and canonicalised them. */
function addressBytes(address: string): Buffer {
  if (isIP(address) === 4) return Buffer.from(address.split(".").map(Number));
  const [head = "", tail] = address.split("::");
  const groups = (part: string | undefined) => (part === undefined || part === "" ? [] : part.split(":"));
  const left = groups(head);
  const right = groups(tail);
  const fill = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill("0");
  const bytes = Buffer.alloc(16);
  [...left, ...fill, ...right].forEach((group, i) => bytes.writeUInt16BE(parseInt(group, 16), i * 2));
  return bytes;
}

function maskBytes(prefix: number, length: number): Buffer {
  const mask = Buffer.alloc(length);
  for (let bit = 0; bit < prefix; bit++) mask[bit >> 3] = (mask[bit >> 3] ?? 0) | (0x80 >> (bit & 7));
  return mask;
}
