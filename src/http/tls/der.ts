/**
 * Just enough DER to write the CA's name constraints and read them back from a certificate
 * with node:crypto's raw bytes, so that a start which reuses its material still loads no X.509
 * library (see ensure.ts). Single-byte tags only: every tag used here is one.
 */

/** One encoded element: its tag byte and its content. */
export interface Tlv {
  readonly tag: number;
  readonly content: Buffer;
}

export function encode(tag: number, ...content: readonly Uint8Array[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** The elements one after another in `data`; throws on anything malformed or truncated. */
export function decodeAll(data: Buffer): Tlv[] {
  const out: Tlv[] = [];
  let at = 0;
  while (at < data.length) {
    const tag = byteAt(data, at);
    if ((tag & 0x1f) === 0x1f) throw new Error("DER: multi-byte tag");
    let length = byteAt(data, at + 1);
    at += 2;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 4) throw new Error("DER: bad length");
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + byteAt(data, at + i);
      at += count;
    }
    if (at + length > data.length) throw new Error("DER: truncated");
    out.push({ tag, content: data.subarray(at, at + length) });
    at += length;
  }
  return out;
}

/** The content of the only element in `data` having `tag`. */
export function decodeOne(data: Buffer, tag: number): Buffer {
  const [only, ...rest] = decodeAll(data);
  if (only === undefined || only.tag !== tag || rest.length > 0) throw new Error(`DER: expected one element of tag ${tag}`);
  return only.content;
}

function byteAt(data: Buffer, at: number): number {
  const value = data[at];
  if (value === undefined) throw new Error("DER: truncated");
  return value;
}

export const TAG = {
  boolean: 0x01,
  octetString: 0x04,
  oid: 0x06,
  sequence: 0x30,
} as const;
