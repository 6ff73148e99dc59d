import { endianness } from "node:os";

/**
 * The first n code units as a string. On a little-endian machine (every one node runs on in
 * practice) the array's bytes are UTF-16LE already, and node copies them without checking pairs,
 * so a lone surrogate stays as it was; elsewhere by apply, in slices small enough for arguments.
 */
export function stringOf(units: Uint16Array, n: number): string {
  if (LITTLE_ENDIAN) return Buffer.from(units.buffer, units.byteOffset, n * 2).toString("utf16le");
  const parts: string[] = [];
  for (let i = 0; i < n; i += 8192) parts.push(String.fromCharCode.apply(null, units.subarray(i, Math.min(n, i + 8192)) as unknown as number[]));
  return parts.join("");
}

const LITTLE_ENDIAN = endianness() === "LE";
