import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { SessionTag } from "../../kernel/index.js";
import { TEMPORARY_KEY_ID } from "./ids.js";

/**
 * The bytes of a session token, apart from sealing (session-tokens.ts seals and opens them).
 *
 *   token   = base64( FORMAT (1 byte) | access key id (20 ASCII bytes) | sealed payload )
 *   payload = u16 length | JSON of the facts | packed session (optional)
 *
 * The key id travels outside the seal so that `open` can name the encryption context it was
 * sealed under (`{purpose: "session-token", accessKeyId}`); altering it makes opening fail.
 * Only the packed part (session policies, session tags: what the caller chose) is compressed,
 * which is also what `PackedPolicySize` measures; the rest is small.
 */
const FORMAT = 1;
const KEY_ID_BYTES = 20;
/** Packed policies and tags may use this many compressed bytes (PackedPolicySize 100%). */
export const PACKED_LIMIT = 2048;
/** An inflated packed part larger than this was not written by us. */
const MAX_UNPACKED = 256 * 1024;
/** Tokens stay under AWS's typical 4096 bytes; anything much longer was not issued here. */
export const MAX_TOKEN_CHARS = 8192;

export interface SessionPrincipal {
  readonly type: "IAMUser" | "AssumedRole";
  readonly accountId: string;
  readonly arn: string;
  readonly userId: string;
  readonly userName: string;
  readonly roleArn?: string;
  readonly roleId?: string;
}

/** What the caller chose for the session: it can only narrow or label it. */
export interface PackedSession {
  readonly policies: readonly string[];
  readonly tags: readonly SessionTag[];
  readonly transitiveTagKeys: readonly string[];
}

export interface TokenFacts {
  readonly secretAccessKey: string;
  readonly principal: SessionPrincipal;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  readonly mfaAuthenticatedAt?: Date;
  readonly sourceArn?: string;
  readonly sourceIdentity?: string;
  readonly packed?: PackedSession;
}

export function packSession(session: PackedSession): Buffer {
  const body = { p: session.policies, g: session.tags.map((t) => [t.key, t.value]), t: session.transitiveTagKeys };
  return deflateRawSync(Buffer.from(JSON.stringify(body), "utf8"), { level: 9 });
}

/** How full the packed space is, in percent, as AWS reports it (over 100: refused). */
export function packedPercent(packed: Buffer): number {
  return Math.ceil((packed.length * 100) / PACKED_LIMIT);
}

export function encodePayload(facts: TokenFacts, packed: Buffer | undefined): Buffer {
  const p = facts.principal;
  const json = Buffer.from(JSON.stringify({
    v: FORMAT, k: facts.secretAccessKey,
    p: { t: p.type, a: p.accountId, n: p.arn, u: p.userId, m: p.userName, r: p.roleArn, ri: p.roleId },
    i: facts.issuedAt.getTime(), e: facts.expiresAt.getTime(), f: facts.mfaAuthenticatedAt?.getTime(),
    s: facts.sourceArn, si: facts.sourceIdentity,
  }), "utf8");
  const length = Buffer.alloc(2);
  length.writeUInt16BE(json.length);
  return Buffer.concat([length, json, packed ?? Buffer.alloc(0)]);
}

/** undefined for anything not in the shape we write (the seal already proved who wrote it). */
export function decodePayload(bytes: Uint8Array): TokenFacts | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 2) return undefined;
  const length = buf.readUInt16BE(0);
  if (buf.length < 2 + length) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(buf.subarray(2, 2 + length).toString("utf8"));
  } catch {
    return undefined;
  }
  if (!isRecord(raw) || raw["v"] !== FORMAT || !isRecord(raw["p"])) return undefined;
  const p = raw["p"];
  const type = p["t"];
  if (type !== "IAMUser" && type !== "AssumedRole") return undefined;
  const strings = [raw["k"], p["a"], p["n"], p["u"], p["m"]];
  if (!strings.every((s) => typeof s === "string") || typeof raw["i"] !== "number" || typeof raw["e"] !== "number") return undefined;
  const rest = buf.subarray(2 + length);
  const packed = rest.length > 0 ? unpackSession(rest) : undefined;
  if (rest.length > 0 && !packed) return undefined;
  return {
    secretAccessKey: raw["k"] as string,
    principal: {
      type, accountId: p["a"] as string, arn: p["n"] as string, userId: p["u"] as string, userName: p["m"] as string,
      ...(typeof p["r"] === "string" ? { roleArn: p["r"] } : {}),
      ...(typeof p["ri"] === "string" ? { roleId: p["ri"] } : {}),
    },
    issuedAt: new Date(raw["i"]),
    expiresAt: new Date(raw["e"]),
    ...(typeof raw["f"] === "number" ? { mfaAuthenticatedAt: new Date(raw["f"]) } : {}),
    ...(typeof raw["s"] === "string" ? { sourceArn: raw["s"] } : {}),
    ...(typeof raw["si"] === "string" ? { sourceIdentity: raw["si"] } : {}),
    ...(packed ? { packed } : {}),
  };
}

function unpackSession(packed: Buffer): PackedSession | undefined {
  try {
    const raw: unknown = JSON.parse(inflateRawSync(packed, { maxOutputLength: MAX_UNPACKED }).toString("utf8"));
    if (!isRecord(raw) || !Array.isArray(raw["p"]) || !Array.isArray(raw["g"]) || !Array.isArray(raw["t"])) return undefined;
    const policies = raw["p"].filter((d): d is string => typeof d === "string");
    const tags = raw["g"].filter((g): g is [string, string] => Array.isArray(g) && typeof g[0] === "string" && typeof g[1] === "string");
    const transitive = raw["t"].filter((k): k is string => typeof k === "string");
    if (policies.length !== raw["p"].length || tags.length !== raw["g"].length || transitive.length !== raw["t"].length) return undefined;
    return { policies, tags: tags.map(([key, value]) => ({ key, value })), transitiveTagKeys: transitive };
  } catch {
    return undefined;
  }
}

export function frameToken(accessKeyId: string, sealed: Uint8Array): string {
  return Buffer.concat([Buffer.from([FORMAT]), Buffer.from(accessKeyId, "ascii"), sealed]).toString("base64");
}

/** Splits a token into the key id it claims and its sealed part; undefined when malformed. */
export function unframeToken(token: string): { accessKeyId: string; sealed: Buffer } | undefined {
  if (token.length === 0 || token.length > MAX_TOKEN_CHARS || !/^[A-Za-z0-9+/]+={0,2}$/.test(token)) return undefined;
  const bytes = Buffer.from(token, "base64");
  if (bytes.length <= 1 + KEY_ID_BYTES || bytes[0] !== FORMAT) return undefined;
  const accessKeyId = bytes.subarray(1, 1 + KEY_ID_BYTES).toString("ascii");
  if (!TEMPORARY_KEY_ID.test(accessKeyId)) return undefined;
  return { accessKeyId, sealed: bytes.subarray(1 + KEY_ID_BYTES) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
