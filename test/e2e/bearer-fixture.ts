import { Agent } from "node:https";
import { BedrockClient } from "@aws-sdk/client-bedrock";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import * as IAM from "@aws-sdk/client-iam";
import { NodeHttp2Handler, NodeHttpHandler } from "@smithy/node-http-handler";
import { shortTermKey } from "../../src/http/bedrock-token.fixture.js";
import type { RunningServer } from "./harness.js";
import { allow, policy } from "./iam-admin.js";
import type { Keys } from "./iam-admin.js";

/**
 * Clients and chores for the Bedrock API key tests: the official Bedrock clients authenticating
 * with a bearer token only (the SDK's `token` identity, preferred over SigV4 as
 * AWS_BEARER_TOKEN_BEDROCK would make it), and users holding a long-term key and an access key
 * to mint short-term keys with, the way AWS's token generator does.
 */
export const BEDROCK = "bedrock.amazonaws.com";

const bearer = (server: RunningServer, token: string) => ({
  endpoint: server.url, region: server.region, maxAttempts: 1, token: { token }, authSchemePreference: ["httpBearerAuth"],
});

export const runtimeWith = (server: RunningServer, token: string): BedrockRuntimeClient =>
  new BedrockRuntimeClient({ ...bearer(server, token), requestHandler: new NodeHttp2Handler({ nodeHttp2ConnectOptions: { ca: server.ca } }) });

export const controlWith = (server: RunningServer, token: string): BedrockClient =>
  new BedrockClient({ ...bearer(server, token), requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca }) }) });

export interface KeyHolder {
  readonly arn: string;
  /** The long-term key, as CreateServiceSpecificCredential answered it (ServiceCredentialSecret). */
  readonly longTerm: string;
  readonly credentialId: string;
  /** An access key of the same user, to presign short-term keys with. */
  readonly keys: Keys;
  shortTerm(options?: Parameters<typeof shortTermKey>[2]): Promise<string>;
}

/** What a key holder may do by default: inference, reading the catalogue, and using API keys. */
export const BEARER_USER = [
  "bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:CountTokens",
  "bedrock:ListFoundationModels", "bedrock:GetFoundationModel", "bedrock:CallWithBearerToken",
];

export async function keyHolder(iam: IAM.IAMClient, server: RunningServer, userName: string, actions = BEARER_USER): Promise<KeyHolder> {
  const { User } = await iam.send(new IAM.CreateUserCommand({ UserName: userName }));
  await iam.send(new IAM.PutUserPolicyCommand({ UserName: userName, PolicyName: "bedrock", PolicyDocument: policy(allow(actions)) }));
  const { ServiceSpecificCredential: c } = await iam.send(new IAM.CreateServiceSpecificCredentialCommand({ UserName: userName, ServiceName: BEDROCK, CredentialAgeDays: 1 }));
  const { AccessKey } = await iam.send(new IAM.CreateAccessKeyCommand({ UserName: userName }));
  const keys = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
  return {
    arn: User!.Arn!, longTerm: c!.ServiceCredentialSecret!, credentialId: c!.ServiceSpecificCredentialId!, keys,
    shortTerm: (options) => shortTermKey(keys, server.region, options),
  };
}
