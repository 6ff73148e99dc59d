import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { fault } from "../kernel/index.js";
import type { Sensitive } from "../kernel/index.js";
import { ROOT_KEY_BYTES } from "../crypto/index.js";
import type { RootKeyWrapper } from "../crypto/index.js";

/** A HashiCorp Vault or OpenBao Transit key as the root of trust. */
export interface TransitRootSettings {
  readonly type: "transit";
  /** http(s)://host:port, without /v1. */
  readonly address: string;
  readonly mount: string;
  readonly keyName: string;
  readonly token: Sensitive<string>;
  /** PEM text of the CA that signed Vault's certificate, when it is not a public one. */
  readonly ca?: string;
}

const TIMEOUT_MS = 10_000;
/** Transit answers are a few hundred bytes; a huge one is not Transit. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Wraps the root key with Transit: `datakey/plaintext` makes it (Vault returns the key and its
 * wrapping), `decrypt` unwraps it at each start, `rewrap` moves it to the newest key version
 * after `keys/<name>/rotate` (which `plinth root rotate` calls), and `encrypt` wraps the key file's key when a data directory moves
 * to Transit. The token is sent in X-Vault-Token and appears nowhere else.
 */
export function transitRootWrapper(settings: TransitRootSettings): RootKeyWrapper {
  const describe = `Vault Transit key ${settings.keyName} (mount ${settings.mount}) at ${settings.address}`;
  const call = (path: string, body: object, answers = true): Promise<Record<string, unknown>> => transitCall(settings, describe, path, body, answers);
  const name = encodeURIComponent(settings.keyName);
  return {
    source: "transit",
    keyRef: `${settings.mount}/${settings.keyName}`,
    describe,
    async generate() {
      const data = await call(`datakey/plaintext/${name}`, { bits: ROOT_KEY_BYTES * 8 });
      return { plaintext: fromBase64(data["plaintext"], describe), wrapped: ciphertext(data, describe) };
    },
    async wrap(plaintext) {
      return ciphertext(await call(`encrypt/${name}`, { plaintext: Buffer.from(plaintext).toString("base64") }), describe);
    },
    async unwrap(wrapped) {
      return fromBase64((await call(`decrypt/${name}`, { ciphertext: wrapped }))["plaintext"], describe);
    },
    async rewrap(wrapped) {
      const rewrapped = ciphertext(await call(`rewrap/${name}`, { ciphertext: wrapped }), describe);
      // Rewrap draws a fresh nonce even when the version is unchanged: only a newer version is worth a write.
      return keyVersion(rewrapped) > keyVersion(wrapped) ? rewrapped : undefined;
    },
    async rotate() {
      // Vault answers 204, or 200 with the key's description: neither carries anything plinth needs.
      await call(`keys/${name}/rotate`, {}, false);
    },
  };
}

async function transitCall(settings: TransitRootSettings, describe: string, path: string, body: object, answers: boolean): Promise<Record<string, unknown>> {
  const url = new URL(`${settings.address.replace(/\/+$/, "")}/v1/${settings.mount}/${path}`);
  const payload = JSON.stringify(body);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = send(url, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), "x-vault-token": settings.token.reveal() },
      timeout: TIMEOUT_MS,
      ...(settings.ca === undefined ? {} : { ca: settings.ca }),
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) req.destroy(new Error("response too large"));
        else chunks.push(chunk);
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    req.on("error", reject);
    req.end(payload);
  }).catch((error: unknown) => {
    // Only the error's code or message: the request options that hold the token are not repeated.
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : "unknown error");
    throw fault("internal", `the root of trust (${describe}) cannot be reached: ${reason}`);
  });
  let parsed: { data?: Record<string, unknown>; errors?: unknown } = {};
  try {
    parsed = text === "" ? {} : JSON.parse(text) as typeof parsed;
  } catch {
    // Handled below: a body that is not Transit's JSON is reported by status alone.
  }
  if (status < 200 || status > 299) {
    throw fault("internal", `the root of trust (${describe}) refused ${path.endsWith("/rotate") ? "rotate" : path.split("/")[0]}: ${errorText(parsed.errors)} (HTTP ${status})` +
      (status === 403 ? "; check the token server.rootKey.token names and its policy on this key" : ""));
  }
  if (!answers) return {};
  if (typeof parsed.data !== "object" || parsed.data === null) {
    throw fault("internal", `the root of trust (${describe}) answered ${path.split("/")[0]} without data`);
  }
  return parsed.data;
}

/** Vault's error strings name the problem (permission denied, key not found), never a token; bounded anyway. */
function errorText(errors: unknown): string {
  if (!Array.isArray(errors) || errors.length === 0) return "no reason given";
  return errors.filter((e): e is string => typeof e === "string").join("; ").slice(0, 300);
}

function ciphertext(data: Record<string, unknown>, describe: string): string {
  const value = data["ciphertext"];
  if (typeof value !== "string" || !/^vault:v[0-9]+:/.test(value)) {
    throw fault("internal", `the root of trust (${describe}) returned no vault:v<n>: ciphertext`);
  }
  return value;
}

/** The `n` of `vault:v<n>:`; 0 for anything else, so a damaged prefix never looks newer. */
function keyVersion(wrapped: string): number {
  const m = /^vault:v([0-9]+):/.exec(wrapped);
  return m ? Number(m[1]) : 0;
}

function fromBase64(value: unknown, describe: string): Uint8Array {
  if (typeof value !== "string") throw fault("internal", `the root of trust (${describe}) returned no plaintext`);
  return new Uint8Array(Buffer.from(value, "base64"));
}
