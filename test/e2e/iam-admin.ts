import { Agent } from "node:https";
import { IAMClient } from "@aws-sdk/client-iam";
import { BedrockClient } from "@aws-sdk/client-bedrock";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { generate } from "otplib";
import type { RunningServer } from "./harness.js";

/**
 * Clients and small chores for the IAM end-to-end test: the official clients for any
 * credentials, policy documents, expected-error checks, and TOTP codes computed with otplib as
 * an authenticator app would compute them from the seed CreateVirtualMFADevice answered.
 */
export interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

const handler = (server: RunningServer) => new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca }) });
const base = (server: RunningServer, credentials: Keys) => ({ endpoint: server.url, region: server.region, credentials, maxAttempts: 1, requestHandler: handler(server) });

export const iamAs = (server: RunningServer, credentials: Keys = server.credentials): IAMClient => new IAMClient(base(server, credentials));
export const bedrockAs = (server: RunningServer, credentials: Keys): BedrockClient => new BedrockClient(base(server, credentials));
export const runtimeAs = (server: RunningServer, credentials: Keys): BedrockRuntimeClient => new BedrockRuntimeClient(base(server, credentials));
/** LookupEvents and the audit trail's other reads, as the administrator unless told otherwise. */
export const trailAs = (server: RunningServer, credentials: Keys = server.credentials): CloudTrailClient => new CloudTrailClient(base(server, credentials));

export const policy = (...statements: object[]): string => JSON.stringify({ Version: "2012-10-17", Statement: statements });
export const allow = (action: string | string[], resource: string | string[] = "*", extra: object = {}): object => ({ Effect: "Allow", Action: action, Resource: resource, ...extra });

/** Runs `call`, expecting it to fail with the SDK error named `name`; answers the error. */
export async function failsWith(call: Promise<unknown>, name: string, message?: RegExp): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  const error = await call.then(() => undefined, (e: unknown) => e as Error);
  if (!error) throw new Error(`expected ${name}, but the call succeeded`);
  if (error.name !== name) throw new Error(`expected ${name}, got ${error.name}: ${error.message}`);
  if (message && !message.test(error.message)) throw new Error(`${name} message ${JSON.stringify(error.message)} does not match ${message}`);
  return error;
}

/** The TOTP code of a 30-second step, from the base32 seed (as the SDK hands it: bytes of the text). */
export async function totp(seed: Uint8Array, step: number): Promise<string> {
  return generate({ secret: Buffer.from(seed).toString("utf8"), epoch: step * 30 });
}

export const currentStep = (): number => Math.floor(Date.now() / 30_000);
