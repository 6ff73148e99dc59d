import { invalid } from "../../../kernel/index.js";
import type { ImageFormat } from "../../../kernel/index.js";
import { blob } from "../validate.js";

/**
 * Base64 images in native bodies (Anthropic `source.data`, Llama `images`). The format comes
 * from the bytes' signature, so a body cannot claim PNG while sending something else to the
 * model; the declared media type, where there is one, must agree. The base64 itself is checked
 * by the same `blob` rule as Converse image bytes.
 */

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0): boolean =>
  signature.every((b, i) => bytes[offset + i] === b);

export function sniffImage(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return "gif";
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return "webp";
  return undefined;
}

/** Decodes and identifies an image; `expected` is the format the body declared, if any. */
export function decodeImage(value: unknown, field: string, maxBytes: number, expected?: ImageFormat): { format: ImageFormat; bytes: Uint8Array } {
  const bytes = blob(value, field, { min: 1, max: maxBytes });
  const format = sniffImage(bytes);
  if (format === undefined) throw invalid(field, "Member must be a PNG, JPEG, GIF or WebP image");
  if (expected !== undefined && format !== expected) throw invalid(field, "Member must be image data of the declared media_type");
  return { format, bytes };
}
