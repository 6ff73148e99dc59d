import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import {
  AddUserToGroupCommand, AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand, CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand, PutUserPolicyCommand, SimulatePrincipalPolicyCommand,
} from "@aws-sdk/client-iam";
import type { ContextEntry } from "@aws-sdk/client-iam";
import { connect } from "./connection.js";
import { validatePolicyFile } from "./validate-policy.js";

export const IAM_USAGE = `usage: plinth iam <chore> [options]    (talks to a running plinth through its IAM API)

  create-user NAME [--policy FILE] [--managed-policy ARN] [--group GROUP] [--no-keys]
        create a user, optionally with an inline policy, a managed policy and group, and an access key
  enrol-mfa USER [--name DEVICE] [--code1 C1 --code2 C2]
        create a virtual MFA device, show its seed, and enable it with two consecutive codes
  simulate --principal ARN --action ACTION [--action ...] --resource ARN [--context key=type:value ...]
        can this principal do this on that, and which statements decide it
  validate FILE [--type identity|boundary|session|scp|resource|trust]
        check a policy document offline, as Access Analyzer does: errors, and warnings such as a
        condition on a key plinth never supplies for the statement's actions (no connection needed)

  connection: --data-dir D (default ./data: credentials and CA written by 'plinth start'),
              --endpoint URL (default $AWS_ENDPOINT_URL or https://127.0.0.1:8443), --region R
`;

const connection = { "data-dir": { type: "string" }, endpoint: { type: "string" }, region: { type: "string" } } as const;

export async function iamCommand(argv: readonly string[], env: Record<string, string | undefined>, out: (line: string) => void): Promise<number> {
  const [chore, ...rest] = argv;
  switch (chore) {
    case "create-user": return createUser(rest, env, out);
    case "enrol-mfa": return enrolMfa(rest, env, out);
    case "simulate": return simulate(rest, env, out);
    case "validate": return validatePolicyFile(rest, out, () => usage(out));
    default:
      out(IAM_USAGE);
      return chore === undefined || chore === "help" ? 0 : 2;
  }
}

async function createUser(argv: readonly string[], env: Record<string, string | undefined>, out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: {
    ...connection, policy: { type: "string" }, "managed-policy": { type: "string" }, group: { type: "string" }, "no-keys": { type: "boolean" } } });
  const name = positionals[0];
  if (!name) return usage(out);
  const { iam } = await connect(values, env);
  const user = await iam.send(new CreateUserCommand({ UserName: name }));
  out(`created user ${user.User?.Arn}`);
  if (values.policy) {
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: "inline", PolicyDocument: await readFile(values.policy, "utf8") }));
    out(`put inline policy 'inline' from ${values.policy}`);
  }
  if (values["managed-policy"]) {
    await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: values["managed-policy"] }));
    out(`attached ${values["managed-policy"]}`);
  }
  if (values.group) {
    await iam.send(new AddUserToGroupCommand({ UserName: name, GroupName: values.group }));
    out(`added to group ${values.group}`);
  }
  if (!values["no-keys"]) {
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
    // Shown once, as `aws iam create-access-key` does: plinth keeps only its encrypted form.
    out(`created access key ${key.AccessKey?.AccessKeyId}`);
    out(`[${name}]\naws_access_key_id = ${key.AccessKey?.AccessKeyId}\naws_secret_access_key = ${key.AccessKey?.SecretAccessKey}`);
    out("(the secret is shown this once; add the lines above to a credentials file)");
  }
  return 0;
}

async function enrolMfa(argv: readonly string[], env: Record<string, string | undefined>, out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: {
    ...connection, name: { type: "string" }, code1: { type: "string" }, code2: { type: "string" } } });
  const user = positionals[0];
  if (!user) return usage(out);
  const { iam } = await connect(values, env);
  const device = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: values.name ?? user }));
  const serial = device.VirtualMFADevice?.SerialNumber;
  const seed = Buffer.from(device.VirtualMFADevice?.Base32StringSeed ?? new Uint8Array()).toString("utf8");
  out(`created virtual MFA device ${serial}`);
  out(`seed (base32): ${seed}`);
  out(`otpauth://totp/plinth:${encodeURIComponent(user)}?secret=${seed}&issuer=plinth`);
  let [code1, code2] = [values.code1, values.code2];
  if (!code1 || !code2) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    code1 = await rl.question("first code from the authenticator: ");
    code2 = await rl.question("next code (wait for it to change): ");
    rl.close();
  }
  await iam.send(new EnableMFADeviceCommand({ UserName: user, SerialNumber: serial, AuthenticationCode1: code1.trim(), AuthenticationCode2: code2.trim() }));
  out(`enabled ${serial} for ${user}`);
  return 0;
}

async function simulate(argv: readonly string[], env: Record<string, string | undefined>, out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: {
    ...connection, principal: { type: "string" }, action: { type: "string", multiple: true }, resource: { type: "string", multiple: true }, context: { type: "string", multiple: true } } });
  if (!values.principal || !values.action) return usage(out);
  const { iam } = await connect(values, env);
  const result = await iam.send(new SimulatePrincipalPolicyCommand({
    PolicySourceArn: values.principal, ActionNames: values.action, ResourceArns: values.resource, ContextEntries: (values.context ?? []).map(contextEntry),
  }));
  let allowedAll = true;
  for (const r of result.EvaluationResults ?? []) {
    allowedAll &&= r.EvalDecision === "allowed";
    out(`${r.EvalDecision?.padEnd(13)} ${r.EvalActionName} on ${r.EvalResourceName ?? "*"}`);
    for (const m of r.MatchedStatements ?? []) out(`    by ${m.SourcePolicyType ?? "policy"} ${m.SourcePolicyId ?? ""}`);
    if (r.EvalDecision !== "allowed" && (r.MatchedStatements ?? []).length === 0) out("    no statement allows it");
    if ((r.MissingContextValues ?? []).length > 0) out(`    missing context: ${r.MissingContextValues!.join(", ")}`);
  }
  return allowedAll ? 0 : 1;
}

/** `aws:SourceIp=ip:203.0.113.7`, `aws:MultiFactorAuthPresent=boolean:true`, or `key=value` (string). */
function contextEntry(text: string): ContextEntry {
  const eq = text.indexOf("=");
  const key = text.slice(0, eq);
  const rest = text.slice(eq + 1);
  const colon = rest.indexOf(":");
  const types = ["string", "stringList", "numeric", "numericList", "boolean", "booleanList", "ip", "ipList", "binary", "binaryList", "date", "dateList"];
  const [type, value] = colon > 0 && types.includes(rest.slice(0, colon)) ? [rest.slice(0, colon), rest.slice(colon + 1)] : ["string", rest];
  return { ContextKeyName: key, ContextKeyType: type as ContextEntry["ContextKeyType"], ContextKeyValues: type.endsWith("List") ? value.split(",") : [value] };
}

function usage(out: (line: string) => void): number {
  out(IAM_USAGE);
  return 2;
}
