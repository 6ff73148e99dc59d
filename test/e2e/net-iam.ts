import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { Agent } from "node:https";
import type { RunningServer } from "./harness.js";

/** An IAM user holding one inline policy, with an access key: for the network-condition tests. */
export async function userWithPolicy(
  server: RunningServer, userName: string, policy: unknown,
): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const iam = new IAMClient({
    endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca }) }),
  });
  try {
    await iam.send(new CreateUserCommand({ UserName: userName }));
    await iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: "network", PolicyDocument: JSON.stringify(policy) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey!;
    return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  } finally {
    iam.destroy();
  }
}

/** An identity policy allowing ListFoundationModels under one condition block. */
export function allowListModelsWhen(condition: Record<string, Record<string, string | string[]>>): unknown {
  return {
    Version: "2012-10-17",
    Statement: [{ Sid: "ListModelsWhen", Effect: "Allow", Action: "bedrock:ListFoundationModels", Resource: "*", Condition: condition }],
  };
}
