import { Fault } from "../../kernel/index.js";
import type { AuditFields, RequestContext } from "../../kernel/index.js";
import { SuppliedKeys } from "../../policy/index.js";
import type { ConditionMap } from "../../service/authorize.js";
import type { KeyNaming, KmsCaller, KmsService, ResolvedKey } from "../../service/kms/index.js";
import type { Tag } from "../../store/index.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
import { KMS_CONDITION_KEYS } from "./condition-keys.js";
import { readBody } from "./members.js";
import type { Obj } from "./members.js";
import { kmsProtocol } from "./protocol.js";

export type ConditionEntries = ReadonlyArray<readonly [string, string | boolean | number | readonly string[]]>;

/** One KMS operation: its members and the steps the pipeline runs, over the resolved input `R`. */
export interface KmsSpec<I, R, O> {
  readonly name: string;
  /** The IAM action, when it is not `kms:<name>` (ReEncrypt is kms:ReEncryptFrom). */
  readonly action?: string;
  readonly members: readonly string[];
  decode(o: Obj): I;
  /** The caller's key names to canonical keys, once. */
  resolve(input: I, caller: KmsCaller): Promise<R>;
  /** The key ARN authorised ("*" for CreateKey, ListKeys, ListAliases). */
  resource(r: R): string;
  /** Condition keys beyond kms:CallerAccount; only those the action declares are supplied. */
  keys?(r: R): ConditionEntries;
  also?(r: R): readonly { readonly resource: string; readonly action?: string; readonly keys?: ConditionEntries }[];
  /** CloudTrail's requestParameters: key ARNs, context, sizes; never plaintext or ciphertext. */
  audit?(r: R): AuditFields;
  /** DryRun: authorised, then answered with DryRunOperationException. */
  dryRun?(r: R): boolean;
  invoke(r: R, caller: KmsCaller, ctx: RequestContext): Promise<O>;
  encode(output: O): Record<string, unknown>;
}

const DECLARED = new SuppliedKeys(KMS_CONDITION_KEYS, []);

/** The condition keys `action` supplies: kms:CallerAccount and those of `entries` the action declares. */
export const conditionMap = (action: string, entries: ConditionEntries, ctx: RequestContext): ConditionMap =>
  new Map([["kms:CallerAccount", ctx.principal.accountId] as const, ...entries].filter(([key]) => DECLARED.supplies(action, key)));

/** `POST /` with `X-Amz-Target: TrentService.<name>`, signed for `kms`. */
export function rpc<I, R, O>(spec: KmsSpec<I, R, O>): Operation {
  const action = spec.action ?? `kms:${spec.name}`;
  const caller = (ctx: RequestContext): KmsCaller => ({ accountId: ctx.principal.accountId });
  return defineOperation<I, O, R>({
    name: spec.name, method: "POST", path: "/", signingService: "kms", protocol: kmsProtocol, target: spec.name, action,
    decode: ({ body, header }) => spec.decode(readBody(body, header("content-type"), spec.members, `${spec.name}Request`)),
    resolve: (input, ctx) => spec.resolve(input, caller(ctx)),
    resource: (r) => spec.resource(r),
    conditions: (r, ctx) => conditionMap(action, spec.keys?.(r) ?? [], ctx),
    ...(spec.also ? {
      alsoAuthorize: (r: R, ctx: RequestContext) => spec.also!(r).map((a) => ({
        resource: a.resource, action: a.action ?? action, conditions: conditionMap(a.action ?? action, a.keys ?? [], ctx),
      })),
    } : {}),
    ...(spec.audit ? { auditParameters: (r: R) => spec.audit!(r) } : {}),
    invoke: async (r, ctx) => {
      if (spec.dryRun?.(r)) throw new Fault("validation", "The request would have succeeded, but the DryRun option is set.", { reason: "dry-run" });
      return spec.invoke(r, caller(ctx), ctx);
    },
    encode: (output) => ({ kind: "json", status: 200, body: spec.encode(output) }),
  });
}

/** A key as the operations see it: resolved once, with what its condition keys need. */
export interface OnKey<I> {
  readonly input: I;
  readonly target: ResolvedKey;
  readonly tags: readonly Tag[];
  readonly aliases: readonly string[];
}

/**
 * `naming`: whether the member takes an alias name or ARN, and another account's key (KMS:
 * DescribeKey and cryptography take both; management takes a key id or key ARN of one's own).
 */
export async function onKey<I>(kms: KmsService, input: I, caller: KmsCaller, keyId: string, naming: KeyNaming = {}): Promise<OnKey<I>> {
  const target = await kms.keys.resolver.resolve(caller, keyId, naming);
  return withFacts(kms, input, target);
}

export async function withFacts<I>(kms: KmsService, input: I, target: ResolvedKey): Promise<OnKey<I>> {
  const [tags, aliases] = await Promise.all([kms.keys.listTags(target.key), kms.aliases.list({ accountId: target.key.accountId }, target.key.keyId)]);
  return { input, target, tags, aliases: aliases.map((a) => a.aliasName) };
}

/** The key's own condition keys (its resource type's, and the alias the caller named). */
export function keyFacts(on: Pick<OnKey<unknown>, "target" | "tags" | "aliases">): ConditionEntries {
  const k = on.target.key;
  return [
    ["kms:KeySpec", k.keySpec], ["kms:KeyUsage", k.keyUsage], ["kms:KeyOrigin", "AWS_KMS"], ["kms:MultiRegion", false],
    ["kms:ResourceAliases", on.aliases],
    ...on.tags.map((t) => [`aws:ResourceTag/${t.key}`, t.value] as const),
    ...(on.target.requestAlias === undefined ? [] : [["kms:RequestAlias", on.target.requestAlias] as const]),
  ];
}

/** kms:EncryptionContext:<key> per pair and kms:EncryptionContextKeys (absent for an empty context, as in KMS). */
export function contextFacts(context: Readonly<Record<string, string>>): ConditionEntries {
  const keys = Object.keys(context);
  if (keys.length === 0) return [];
  return [...keys.map((k) => [`kms:EncryptionContext:${k}`, context[k]!] as const), ["kms:EncryptionContextKeys", keys]];
}

export function requestTags(tags: readonly Tag[]): ConditionEntries {
  return tags.length === 0 ? [] : [...tags.map((t) => [`aws:RequestTag/${t.key}`, t.value] as const), ["aws:TagKeys", tags.map((t) => t.key)]];
}
