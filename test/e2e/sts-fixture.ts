import { randomInt } from "node:crypto";
import { Agent } from "node:https";
import { BedrockClient } from "@aws-sdk/client-bedrock";
import {
  CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand,
  IAMClient, PutRolePolicyCommand, PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import { STSClient } from "@aws-sdk/client-sts";
import type { Credentials } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { generate } from "otplib";
import type { RunningServer } from "./harness.js";

/**
 * Clients and chores for the STS end-to-end tests: IAM and STS clients for any credentials,
 * users with keys and policies, roles, and virtual MFA devices whose codes are computed here
 * with otplib, as an authenticator app would.
 */
export interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

const handler = (server: RunningServer) => new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca }) });

export function stsClient(server: RunningServer, credentials: Keys = server.credentials, systemClockOffset = 0): STSClient {
  return new STSClient({ endpoint: server.url, region: server.region, credentials, maxAttempts: 1, systemClockOffset, requestHandler: handler(server) });
}

export function bedrockClient(server: RunningServer, credentials: Keys): BedrockClient {
  return new BedrockClient({ endpoint: server.url, region: server.region, credentials, maxAttempts: 1, requestHandler: handler(server) });
}

export function iamClient(server: RunningServer, credentials: Keys = server.credentials): IAMClient {
  return new IAMClient({ endpoint: server.url, region: server.region, credentials, maxAttempts: 1, requestHandler: handler(server) });
}

export function temporaryKeys(c: Credentials | undefined): Keys {
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error("no credentials in the answer");
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

export const document = (statements: object[]): string => JSON.stringify({ Version: "2012-10-17", Statement: statements });

export async function createUser(iam: IAMClient, userName: string, policy?: object[]): Promise<{ arn: string; keys: Keys }> {
  const { User } = await iam.send(new CreateUserCommand({ UserName: userName }));
  if (policy) await iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: "inline", PolicyDocument: document(policy) }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  return { arn: User!.Arn!, keys: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! } };
}

export async function createRole(iam: IAMClient, roleName: string, trust: object[], options: { policy?: object[]; maxSessionDuration?: number } = {}): Promise<string> {
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: document(trust), MaxSessionDuration: options.maxSessionDuration }));
  if (options.policy) await iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: "inline", PolicyDocument: document(options.policy) }));
  return Role!.Arn!;
}

const STEP = 30;

/**
 * A virtual MFA device enabled for a user. Each code is for a later time step than the one
 * before (plinth, like AWS, accepts a step once), at most one step ahead of the clock.
 */
export class MfaDevice {
  #lastStep: number;
  private constructor(readonly serialNumber: string, private readonly seed: string, lastStep: number) { this.#lastStep = lastStep; }

  static async enable(iam: IAMClient, userName: string): Promise<MfaDevice> {
    const { VirtualMFADevice } = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: userName }));
    const seed = Buffer.from(VirtualMFADevice!.Base32StringSeed!).toString("ascii");
    const now = currentStep();
    // Two consecutive codes ending one step back, so the current step is still free afterwards.
    await iam.send(new EnableMFADeviceCommand({
      UserName: userName, SerialNumber: VirtualMFADevice!.SerialNumber!,
      AuthenticationCode1: await codeFor(seed, now - 2), AuthenticationCode2: await codeFor(seed, now - 1),
    }));
    return new MfaDevice(VirtualMFADevice!.SerialNumber!, seed, now - 1);
  }

  /** A well-formed code that no step within two of now produces: wrong whatever the drift. */
  async wrongCode(): Promise<string> {
    const now = currentStep();
    const near = new Set(await Promise.all([-2, -1, 0, 1, 2].map((d) => codeFor(this.seed, now + d))));
    for (;;) {
      const code = String(randomInt(1_000_000)).padStart(6, "0");
      if (!near.has(code)) return code;
    }
  }

  async nextCode(): Promise<string> {
    const step = Math.max(this.#lastStep + 1, currentStep() - 1);
    if (step > currentStep() + 1) throw new Error("no unused MFA step within reach; wait for the clock");
    this.#lastStep = step;
    return codeFor(this.seed, step);
  }
}

const currentStep = (): number => Math.floor(Date.now() / 1000 / STEP);
const codeFor = (seed: string, step: number): Promise<string> =>
  generate({ secret: seed, epoch: step * STEP, period: STEP, digits: 6, algorithm: "sha1" });
