import { readFile, writeFile } from "node:fs/promises";

/**
 * Test support: copies a GGUF file with more metadata entries (u32 or string), so the small real models
 * can stand in for kinds of file there is none of here (an embedding model is a chat model's
 * file plus `<arch>.pooling_type`). Tensor offsets are relative to the data section, so the
 * tensors are copied as they are and only the padding before them is recomputed.
 */
const SCALAR_BYTES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const STRING = 8;
const ARRAY = 9;
const U32 = 4;

/** One metadata entry: a u32 or a string value. */
export type GgufEntry = readonly [key: string, value: number | string];

function encodeEntry([key, value]: GgufEntry): Buffer {
  const keyBytes = Buffer.from(key, "utf8");
  const head = Buffer.alloc(8 + keyBytes.length + 4);
  head.writeBigUInt64LE(BigInt(keyBytes.length), 0);
  keyBytes.copy(head, 8);
  head.writeUInt32LE(typeof value === "number" ? U32 : STRING, 8 + keyBytes.length);
  if (typeof value === "number") {
    const v = Buffer.alloc(4);
    v.writeUInt32LE(value, 0);
    return Buffer.concat([head, v]);
  }
  const text = Buffer.from(value, "utf8");
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(text.length), 0);
  return Buffer.concat([head, length, text]);
}

export async function copyGgufWith(source: string, target: string, entries: readonly GgufEntry[]): Promise<void> {
  const bytes = await readFile(source);
  let at = 8;
  const u32 = (): number => { const v = bytes.readUInt32LE(at); at += 4; return v; };
  const u64 = (): number => { const v = Number(bytes.readBigUInt64LE(at)); at += 8; return v; };
  const skipString = (): void => { const length = u64(); at += length; };
  const skipValue = (type: number): void => {
    if (type === STRING) skipString();
    else if (type === ARRAY) {
      const itemType = u32();
      const count = u64();
      for (let i = 0; i < count; i++) skipValue(itemType);
    } else at += SCALAR_BYTES[type] ?? Number.NaN;
  };
  const tensorCount = u64();
  const kvCount = u64();
  const kvStart = at;
  let alignment = 32;
  for (let i = 0; i < kvCount; i++) {
    const keyLength = u64();
    const name = bytes.toString("utf8", at, at + keyLength);
    at += keyLength;
    const type = u32();
    if (name === "general.alignment" && type === U32) alignment = bytes.readUInt32LE(at);
    skipValue(type);
  }
  const kvEnd = at;
  for (let i = 0; i < tensorCount; i++) {
    skipString();
    const dims = u32();
    at += dims * 8 + 4 + 8;
  }
  const infosEnd = at;
  const dataStart = Math.ceil(infosEnd / alignment) * alignment;

  const entry = Buffer.concat(entries.map(encodeEntry));
  const head = Buffer.from(bytes.subarray(0, kvStart));
  head.writeBigUInt64LE(BigInt(kvCount + entries.length), 16);
  const headerLength = head.length + (kvEnd - kvStart) + entry.length + (infosEnd - kvEnd);
  const padding = Buffer.alloc(Math.ceil(headerLength / alignment) * alignment - headerLength);
  await writeFile(target, Buffer.concat([head, bytes.subarray(kvStart, kvEnd), entry, bytes.subarray(kvEnd, infosEnd), padding, bytes.subarray(dataStart)]));
}
