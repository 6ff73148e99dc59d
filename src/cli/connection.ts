import { readFile } from "node:fs/promises";
import { Agent } from "node:https";
import { rootCertificates } from "node:tls";
import { join, resolve } from "node:path";
import { IAMClient } from "@aws-sdk/client-iam";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/**
 * How the CLI reaches a running plinth: through its public API, like any client, with the
 * credentials file and CA that `plinth start` wrote into the data directory (or the ordinary
 * AWS environment variables when they are set).
 */
export interface ConnectionFlags {
  readonly "data-dir"?: string;
  readonly endpoint?: string;
  readonly region?: string;
}

export interface Connection {
  readonly iam: IAMClient;
  readonly endpoint: string;
  readonly region: string;
}

export async function connect(flags: ConnectionFlags, env: Record<string, string | undefined>): Promise<Connection> {
  const dataDir = resolve(flags["data-dir"] ?? "data");
  const endpoint = flags.endpoint ?? env["AWS_ENDPOINT_URL"] ?? "https://127.0.0.1:8443";
  const region = flags.region ?? env["AWS_REGION"] ?? env["AWS_DEFAULT_REGION"] ?? "us-east-1";
  const credentials = await credentialsFrom(env["AWS_SHARED_CREDENTIALS_FILE"] ?? join(dataDir, "credentials"), env["AWS_PROFILE"] ?? "default");
  const requestHandler = new NodeHttpHandler({ httpsAgent: new Agent({ ca: await trustedCas(dataDir, env) }), connectionTimeout: 10_000 });
  const iam = new IAMClient({ endpoint, region, credentials, requestHandler, maxAttempts: 1 });
  // Outermost, so a refused connection or an untrusted certificate is explained once, whichever chore hit it.
  iam.middlewareStack.add((next) => async (args) => {
    try {
      return await next(args);
    } catch (error) {
      throw unreachable(error, endpoint, dataDir) ?? error;
    }
  }, { step: "initialize", name: "plinthUnreachable" });
  return { iam, endpoint, region };
}

/**
 * The data directory's CA first, then the ones the shell names and the public roots. Giving
 * `ca` replaces Node's store, NODE_EXTRA_CA_CERTS included, so a shell set up for another
 * deployment must not hide the CA of the one `--data-dir` names; all are kept.
 */
async function trustedCas(dataDir: string, env: Record<string, string | undefined>): Promise<string[]> {
  const files = [join(dataDir, "tls", "ca.pem"), env["AWS_CA_BUNDLE"], env["NODE_EXTRA_CA_CERTS"]];
  const read = await Promise.all(files.map((f) => (f ? readFile(f, "utf8").catch(() => undefined) : undefined)));
  return [...read.filter((pem): pem is string => pem !== undefined), ...rootCertificates];
}

const UNREACHABLE = new Set(["ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EPIPE", "EPROTO", "TimeoutError"]);
const UNTRUSTED = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

/** A network or trust failure, said in the operator's terms: the URL tried and the flag that changes it. */
export function unreachable(error: unknown, endpoint: string, dataDir: string): Error | undefined {
  const e = error as { code?: unknown; name?: unknown };
  const code = typeof e.code === "string" ? e.code : e.name === "TimeoutError" ? "TimeoutError" : undefined;
  if (code === undefined) return undefined;
  if (UNREACHABLE.has(code)) {
    return new Error(`cannot reach plinth at ${endpoint} (${code}): is it running there? Give its address with --endpoint URL (plinth start prints it)`);
  }
  if (UNTRUSTED.test(code)) {
    return new Error(`the certificate of ${endpoint} is not trusted (${code}): give --data-dir of the plinth serving it (its CA is tls/ca.pem there; looked in ${dataDir}), or the right --endpoint URL`);
  }
  return undefined;
}

async function credentialsFrom(file: string, profile: string): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }> {
  const text = await readFile(file, "utf8").catch(() => {
    throw new Error(`no credentials: ${file} cannot be read (give --data-dir, or set AWS_SHARED_CREDENTIALS_FILE)`);
  });
  const section = text.split(/^\[/m).find((s) => s.startsWith(`${profile}]`));
  const value = (key: string): string | undefined => section?.match(new RegExp(`^\\s*${key}\\s*=\\s*(\\S+)`, "m"))?.[1];
  const accessKeyId = value("aws_access_key_id");
  const secretAccessKey = value("aws_secret_access_key");
  if (!accessKeyId || !secretAccessKey) throw new Error(`no credentials for profile '${profile}' in ${file}`);
  const sessionToken = value("aws_session_token");
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}
