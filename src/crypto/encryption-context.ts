import type { EncryptionContext } from "./secret-box.js";

/**
 * One byte sequence per encryption context, whatever order the caller wrote its pairs in, so
 * it can be authenticated data: a count, then each pair as length-prefixed UTF-8, sorted by the
 * key's UTF-8 bytes (as the AWS Encryption SDK serialises its context). Lengths are 16-bit; the
 * codec bounds a context well below that.
 */
export function canonicalContext(context: EncryptionContext): Uint8Array {
  const pairs = Object.entries(context).map(([k, v]) => [Buffer.from(k, "utf8"), Buffer.from(v, "utf8")] as const);
  pairs.sort((a, b) => Buffer.compare(a[0], b[0]));
  const parts: Buffer[] = [u16(pairs.length)];
  for (const [k, v] of pairs) parts.push(u16(k.length), k, u16(v.length), v);
  return Buffer.concat(parts);
}

function u16(n: number): Buffer {
  if (n > 0xffff) throw new RangeError("an encryption context member is longer than 65535 bytes");
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}
