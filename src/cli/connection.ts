import { readFile } from "node:fs/promises";
import { Agent } from "node:https";
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
  const region = flags.region ?? env["AWS_REGION"] ?? "us-east-1";
  const ca = await readFile(env["NODE_EXTRA_CA_CERTS"] ?? join(dataDir, "tls", "ca.pem"), "utf8").catch(() => undefined);
  const credentials = await credentialsFrom(env["AWS_SHARED_CREDENTIALS_FILE"] ?? join(dataDir, "credentials"), env["AWS_PROFILE"] ?? "default");
  const requestHandler = new NodeHttpHandler({ httpsAgent: new Agent({ ca }) });
  return { iam: new IAMClient({ endpoint, region, credentials, requestHandler, maxAttempts: 1 }), endpoint, region };
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
