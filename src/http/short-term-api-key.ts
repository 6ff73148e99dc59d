import { Fault, isFault } from "../kernel/index.js";
import type { Clock, Principal, Sensitive } from "../kernel/index.js";
import type { TemporaryCredentialResolver } from "../service/sts/index.js";
import { SigningKeyCache, beginSigV4, readCredentialScope } from "../sigv4/index.js";

/**
 * Bedrock short-term API keys, as AWS's token generators build them: a SigV4 presigned URL for
 * `POST https://bedrock.amazonaws.com/?Action=CallWithBearerToken` (service `bedrock`, one
 * region, at most 12 hours), without its scheme, with `&Version=1` appended after signing, as
 * base64 behind the prefix `bedrock-api-key-`. The key carries everything needed to check it:
 * the presigned URL is verified as the request it stands for, with the keys that signed it
 * (long-term, or temporary with the session token inside), here, in this region.
 */
export const SHORT_TERM_KEY_PREFIX = "bedrock-api-key-";
/** The generators' X-Amz-Expires, and AWS's limit for a short-term key. */
export const MAX_SHORT_TERM_SECONDS = 43_200;

const PRESIGNED_HOST = "bedrock.amazonaws.com";
const VERSION = "&Version=1";
/** Room for a presigned URL carrying the longest session token plinth issues (8 KiB), encoded twice. */
const MAX_KEY_CHARS = 24_576;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** The presigned request had no body: its payload hash is the hash of nothing. */
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** The presigned request a short-term key stands for. */
export interface PresignedCall {
  readonly host: string;
  /** `/?Action=CallWithBearerToken&X-Amz-...`, still percent-encoded, without `&Version=1`. */
  readonly rawTarget: string;
  /** Its query, decoded; each name once. */
  readonly params: ReadonlyMap<string, string>;
}

/**
 * The presigned call inside a key, or undefined when the key is not one: a canonical base64 of
 * a URL for bedrock.amazonaws.com whose query is Action=CallWithBearerToken and X-Amz-* only,
 * so a URL presigned for anything else cannot stand in for a key.
 */
export function decodeShortTermKey(key: string): PresignedCall | undefined {
  if (!key.startsWith(SHORT_TERM_KEY_PREFIX) || key.length > MAX_KEY_CHARS) return undefined;
  const encoded = key.slice(SHORT_TERM_KEY_PREFIX.length);
  if (!BASE64.test(encoded)) return undefined;
  const bytes = Buffer.from(encoded, "base64");
  if (bytes.toString("base64") !== encoded) return undefined;
  const url = bytes.toString("latin1");
  if (!/^[\x21-\x7e]+$/.test(url) || !url.endsWith(VERSION)) return undefined;
  const slash = url.indexOf("/");
  if (slash < 0 || url.slice(0, slash) !== PRESIGNED_HOST) return undefined;
  const rawTarget = url.slice(slash, url.length - VERSION.length);
  if (!rawTarget.startsWith("/?")) return undefined;
  const params = new Map<string, string>();
  for (const piece of rawTarget.slice(2).split("&")) {
    const eq = piece.indexOf("=");
    if (eq < 1) return undefined;
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(piece.slice(0, eq));
      value = decodeURIComponent(piece.slice(eq + 1));
    } catch {
      return undefined;
    }
    if (params.has(name) || (name !== "Action" && !name.startsWith("X-Amz-"))) return undefined;
    params.set(name, value);
  }
  if (params.get("Action") !== "CallWithBearerToken") return undefined;
  return { host: PRESIGNED_HOST, rawTarget, params };
}

const invalidKey = (): Fault => new Fault("unrecognized-client", "The API key included in the request is invalid.");

/** When the key stops being valid, from its own X-Amz-Date and X-Amz-Expires; undefined when malformed. */
function expiryOf(call: PresignedCall): number | undefined {
  const date = AMZ_DATE.exec(call.params.get("X-Amz-Date") ?? "");
  const expires = call.params.get("X-Amz-Expires") ?? "";
  if (!date || !/^\d{1,6}$/.test(expires) || Number(expires) > MAX_SHORT_TERM_SECONDS) return undefined;
  const [, y, mo, d, h, mi, s] = date.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s) + Number(expires) * 1000;
}

/**
 * Verifies short-term keys for this deployment's region. The principal is whoever signed the
 * URL: an IAM user's long-term key, or temporary credentials whose session (and its expiry)
 * travels in X-Amz-Security-Token. Verification faults become one "unrecognized-client" answer
 * that names nothing from the key; an expired key (or session) is "expired-token".
 */
export class ShortTermKeyVerifier {
  readonly #signingKeys = new SigningKeyCache();

  constructor(
    private readonly credentials: Pick<TemporaryCredentialResolver, "resolve">,
    private readonly clock: Clock,
    private readonly region: string,
    private readonly maxSkewSeconds: number,
  ) {}

  async verify(key: Sensitive<string>): Promise<Principal> {
    const call = decodeShortTermKey(key.reveal());
    if (!call) throw invalidKey();
    const expiresAt = expiryOf(call);
    if (expiresAt === undefined) throw invalidKey();
    if (this.clock.now().getTime() >= expiresAt) throw new Fault("expired-token", "The API key included in the request is expired.");
    const headers: ReadonlyArray<readonly [string, string]> = [["host", call.host]];
    const scope = readCredentialScope({ rawTarget: call.rawTarget, headers });
    if (!scope || scope.service !== "bedrock") throw invalidKey();
    if (scope.region !== this.region) {
      throw new Fault("unrecognized-client", `The API key was issued for another region; this endpoint serves '${this.region}'.`);
    }
    const sessionToken = call.params.get("X-Amz-Security-Token");
    let principal: Principal | undefined;
    try {
      const started = await beginSigV4({ method: "POST", rawTarget: call.rawTarget, headers }, {
        clock: this.clock, maxSkewSeconds: this.maxSkewSeconds, signingKeys: this.#signingKeys,
        lookup: async (accessKeyId) => {
          // Temporary (ASIA) keys only with the token they were issued in; long-term keys never with one.
          const resolved = await this.credentials.resolve(accessKeyId, sessionToken);
          principal = resolved?.principal;
          return resolved && { secretAccessKey: resolved.secretAccessKey };
        },
      });
      const verified = started.finish(EMPTY_SHA256);
      if (verified.sessionToken !== sessionToken || !principal) throw invalidKey();
      return principal;
    } catch (error) {
      // An expired session, or a bug of ours, keeps its kind; every other refusal reads the same.
      if (isFault(error) && (error.kind === "expired-token" || error.kind === "internal" || error.kind === "service-unavailable")) throw error;
      if (!isFault(error)) throw error;
      throw invalidKey();
    }
  }
}
