/**
 * The ciphertext blob plinth's KMS returns (format version 1). It names the key and material
 * version that made it, so Decrypt needs no KeyId, as in KMS:
 *
 *   offset 0   1 byte    0x70 ("p"): a plinth KMS blob
 *          1   1 byte    format version, 0x01
 *          2   16 bytes  key id (the UUID's bytes)
 *         18   4 bytes   material version, unsigned big-endian
 *         22   12 bytes  AES-GCM IV (random)
 *         34   n bytes   AES-256-GCM ciphertext
 *       34+n   16 bytes  GCM tag
 *
 * The authenticated data is the 22-byte header followed by the canonical encryption context, so
 * neither the key named nor the context can change without the tag failing.
 */
export const BLOB_MAGIC = 0x70;
export const BLOB_VERSION = 0x01;
export const HEADER_BYTES = 22;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
export const BLOB_OVERHEAD = HEADER_BYTES + IV_BYTES + TAG_BYTES;

export interface BlobHeader {
  /** Lower-case UUID text. */
  readonly keyId: string;
  readonly materialVersion: number;
}

export interface ParsedBlob extends BlobHeader {
  readonly header: Uint8Array;
  readonly iv: Uint8Array;
  readonly body: Uint8Array;
  readonly tag: Uint8Array;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeHeader({ keyId, materialVersion }: BlobHeader): Uint8Array {
  if (!UUID.test(keyId)) throw new RangeError("a key id is a lower-case UUID");
  if (!Number.isInteger(materialVersion) || materialVersion < 1 || materialVersion > 0xffffffff) throw new RangeError("a material version is 1 to 2^32-1");
  const header = Buffer.alloc(HEADER_BYTES);
  header[0] = BLOB_MAGIC;
  header[1] = BLOB_VERSION;
  Buffer.from(keyId.replaceAll("-", ""), "hex").copy(header, 2);
  header.writeUInt32BE(materialVersion, 18);
  return header;
}

/** The blob's parts, or undefined when it is not a version-1 plinth blob (nothing here is yet authenticated). */
export function parseBlob(blob: Uint8Array): ParsedBlob | undefined {
  if (blob.length < BLOB_OVERHEAD || blob[0] !== BLOB_MAGIC || blob[1] !== BLOB_VERSION) return undefined;
  const b = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const hex = b.subarray(2, 18).toString("hex");
  const keyId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const materialVersion = b.readUInt32BE(18);
  if (materialVersion === 0) return undefined;
  return {
    keyId, materialVersion,
    header: b.subarray(0, HEADER_BYTES),
    iv: b.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES),
    body: b.subarray(HEADER_BYTES + IV_BYTES, b.length - TAG_BYTES),
    tag: b.subarray(b.length - TAG_BYTES),
  };
}
