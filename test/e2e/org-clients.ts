import { Agent } from "node:https";
import { BedrockClient } from "@aws-sdk/client-bedrock";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { RunningServer } from "./harness.js";

/**
 * Clients for the Organizations end-to-end tests, trusting the server's CA, for the bootstrap
 * administrator or any other credentials. Organizations is a global service whose client signs
 * for us-east-1 by default: plinth wants its own region in the scope, so the region is given.
 */
export interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

const base = (server: RunningServer, credentials: Keys) => ({
  endpoint: server.url, region: server.region, credentials, maxAttempts: 1,
  requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca }) }),
});

export const organizationsClient = (server: RunningServer, credentials: Keys = server.credentials): OrganizationsClient =>
  new OrganizationsClient(base(server, credentials));

export const bedrockClient = (server: RunningServer, credentials: Keys = server.credentials): BedrockClient =>
  new BedrockClient(base(server, credentials));

export const runtimeClient = (server: RunningServer, credentials: Keys): BedrockRuntimeClient =>
  new BedrockRuntimeClient(base(server, credentials));

export const policyDocument = (statements: object[]): string => JSON.stringify({ Version: "2012-10-17", Statement: statements });

/** Resolves to the error a call failed with, or fails the test when it succeeded. */
export async function failure(call: Promise<unknown>): Promise<Error & { Reason?: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error("the call succeeded; a refusal was expected");
}
