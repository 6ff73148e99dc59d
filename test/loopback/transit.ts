import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback that speaks HashiCorp Vault's Transit API for real: versioned AES-256-GCM keys,
 * `datakey/plaintext`, `encrypt`, `decrypt`, `rewrap`, `keys/<name>` (create) and
 * `keys/<name>/rotate`, `vault:v<n>:` ciphertexts (base64 of nonce, ciphertext and tag), the
 * X-Vault-Token header and Vault's `{ "errors": [...] }` answers. What plinth sees from it is
 * what it would see from Vault or OpenBao; only the storage (memory) and auth (one token) are small.
 */
export interface TransitLoopback {
  readonly address: string;
  readonly mount: string;
  /** Paths called, in order (`decrypt/plinth-root`, ...), for tests that check what was asked. */
  readonly calls: string[];
  /** Creates a key with its first version, as `vault write -f transit/keys/<name>` does. */
  createKey(name: string): void;
  rotate(name: string): void;
  /** Refuses decryption with versions below `version`, as Vault's min_decryption_version does. */
  setMinDecryptionVersion(name: string, version: number): void;
  latestVersion(name: string): number;
  close(): Promise<void>;
}

interface TransitKey {
  readonly versions: Buffer[];
  minDecryptionVersion: number;
}

class TransitError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export async function startTransitLoopback(options: { token: string; mount?: string }): Promise<TransitLoopback> {
  const mount = options.mount ?? "transit";
  const keys = new Map<string, TransitKey>();
  const calls: string[] = [];
  const key = (name: string): TransitKey => {
    const found = keys.get(name);
    if (!found) throw new TransitError(400, "encryption key not found");
    return found;
  };
  const seal = (name: string, plaintext: Buffer): string => {
    const k = key(name);
    const version = k.versions.length;
    const nonce = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", k.versions[version - 1]!, nonce);
    const body = Buffer.concat([nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return `vault:v${version}:${body.toString("base64")}`;
  };
  const open = (name: string, ciphertext: unknown): Buffer => {
    const k = key(name);
    const m = typeof ciphertext === "string" ? /^vault:v([0-9]+):(.+)$/.exec(ciphertext) : null;
    if (!m) throw new TransitError(400, "invalid ciphertext: no prefix");
    const version = Number(m[1]);
    if (version < k.minDecryptionVersion) throw new TransitError(400, "ciphertext or signature version is disallowed by policy (too old)");
    const material = k.versions[version - 1];
    if (!material) throw new TransitError(400, "invalid key version");
    const body = Buffer.from(m[2]!, "base64");
    try {
      const decipher = createDecipheriv("aes-256-gcm", material, body.subarray(0, 12));
      decipher.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([decipher.update(body.subarray(12, body.length - 16)), decipher.final()]);
    } catch {
      throw new TransitError(400, "cipher: message authentication failed");
    }
  };
  const routes: Record<string, (name: string, body: Record<string, unknown>) => object | undefined> = {
    "datakey/plaintext": (name, body) => {
      const bits = body["bits"] ?? 256;
      if (bits !== 128 && bits !== 256 && bits !== 512) throw new TransitError(400, "invalid bits value");
      const plaintext = randomBytes(Number(bits) / 8);
      return { plaintext: plaintext.toString("base64"), ciphertext: seal(name, plaintext), key_version: key(name).versions.length };
    },
    encrypt: (name, body) => {
      if (!keys.has(name)) keys.set(name, { versions: [randomBytes(32)], minDecryptionVersion: 1 }); // Vault's upsert
      return { ciphertext: seal(name, Buffer.from(String(body["plaintext"] ?? ""), "base64")) };
    },
    decrypt: (name, body) => ({ plaintext: open(name, body["ciphertext"]).toString("base64") }),
    rewrap: (name, body) => ({ ciphertext: seal(name, open(name, body["ciphertext"])) }),
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://loopback");
    const prefix = `/v1/${mount}/`;
    try {
      if (req.method !== "POST" && req.method !== "PUT") throw new TransitError(405, "unsupported operation");
      if (!url.pathname.startsWith(prefix)) throw new TransitError(404, "no handler for route");
      const path = url.pathname.slice(prefix.length);
      calls.push(path);
      if (req.headers["x-vault-token"] !== options.token) throw new TransitError(403, "permission denied");
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString("utf8");
      const body = (text === "" ? {} : JSON.parse(text)) as Record<string, unknown>;
      const rotate = /^keys\/([^/]+)\/rotate$/.exec(path);
      const create = /^keys\/([^/]+)$/.exec(path);
      if (rotate) { api.rotate(decodeURIComponent(rotate[1]!)); return reply(res, 204); }
      if (create) { api.createKey(decodeURIComponent(create[1]!)); return reply(res, 204); }
      const op = /^(datakey\/plaintext|encrypt|decrypt|rewrap)\/([^/]+)$/.exec(path);
      if (!op) throw new TransitError(404, "no handler for route");
      reply(res, 200, { data: routes[op[1]!]!(decodeURIComponent(op[2]!), body) });
    } catch (error) {
      if (error instanceof TransitError) reply(res, error.status, { errors: [error.message] });
      else reply(res, 500, { errors: ["internal error"] });
    }
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const api: TransitLoopback = {
    address: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    mount,
    calls,
    createKey: (name) => { if (!keys.has(name)) keys.set(name, { versions: [randomBytes(32)], minDecryptionVersion: 1 }); },
    rotate: (name) => { key(name).versions.push(randomBytes(32)); },
    setMinDecryptionVersion: (name, version) => { key(name).minDecryptionVersion = version; },
    latestVersion: (name) => key(name).versions.length,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  return api;
}

function reply(res: ServerResponse, status: number, body?: object): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
