import { Fault } from "../../kernel/index.js";
import type { AuditFields, RequestContext } from "../../kernel/index.js";
import { ROTATION_PERIOD } from "../../service/kms/index.js";
import type { KmsCaller, KmsService, CreateKeyInput, KeyPage } from "../../service/kms/index.js";
import type { ConditionMap } from "../../service/authorize.js";
import type { Operation } from "../operation.js";
import { keyMetadata, rotationStatus, tagList } from "./encode.js";
import { optBool, optEnum, optInt, optString, own, refuse, string, stringList, tags } from "./members.js";
import type { Obj } from "./members.js";
import { conditionMap, keyFacts, onKey, requestTags, rpc } from "./rpc.js";
import type { ConditionEntries, OnKey } from "./rpc.js";

export interface KmsDeps {
  readonly kms: KmsService;
  /**
   * The lockout safety check: could this caller still PutKeyPolicy under the proposed policy?
   * `conditions` are the condition keys that PutKeyPolicy request would carry, so a policy
   * conditioned on them is judged as it will be applied.
   */
  readonly lockout?: (ctx: RequestContext, keyArn: string, document: string, conditions: ConditionMap) => Promise<boolean>;
}

const KEY_ID = (o: Obj): string => string(o, "KeyId", 1, 2048);
/** Of the key operations, those whose KeyId may be an alias name or alias ARN (the others take a key id or key ARN). */
const TAKES_ALIAS = new Set(["DescribeKey"]);
/** Of the key operations, those KMS performs on another account's key (its key policy permitting); the rest are the owner's alone. */
const CROSS_ACCOUNT = new Set(["DescribeKey", "GetKeyRotationStatus"]);
const keyAudit = (on: OnKey<unknown>): AuditFields => ({ keyId: on.target.key.arn });

/** An operation on one key named by `KeyId`: resolved once, authorised on the key's ARN, audited with it. */
function keyOp<I, O>(name: string, members: readonly string[], decode: (o: Obj) => I, deps: KmsDeps,
  invoke: (on: OnKey<I>, caller: KmsCaller, ctx: RequestContext) => Promise<O>, encode: (o: O, on?: never) => Record<string, unknown>,
  extra: { keys?: (on: OnKey<I>) => ConditionEntries; audit?: (on: OnKey<I>) => AuditFields } = {}): Operation {
  return rpc<{ keyId: string; rest: I }, OnKey<I>, O>({
    name, members: ["KeyId", ...members],
    decode: (o) => ({ keyId: KEY_ID(o), rest: decode(o) }),
    resolve: (i, caller) => onKey(deps.kms, i.rest, caller, i.keyId, { aliases: TAKES_ALIAS.has(name), crossAccount: CROSS_ACCOUNT.has(name) }),
    resource: (on) => on.target.key.arn,
    keys: (on) => [...keyFacts(on), ...(extra.keys?.(on) ?? [])],
    audit: (on) => ({ ...keyAudit(on), ...(extra.audit?.(on) ?? {}) }),
    invoke, encode,
  });
}

/** What every key plinth makes is (kms:KeySpec, KeyUsage, KeyOrigin, MultiRegion). */
const KIND: ConditionEntries = [["kms:KeySpec", "SYMMETRIC_DEFAULT"], ["kms:KeyUsage", "ENCRYPT_DECRYPT"], ["kms:KeyOrigin", "AWS_KMS"], ["kms:MultiRegion", false]];

/** The facts of the key CreateKey is about to make, as a later request on it would see them: its tags, no aliases yet. */
const newKeyFacts = (i: CreateKeyInput): ConditionEntries => [...KIND, ["kms:ResourceAliases", []], ...i.tags.map((t) => [`aws:ResourceTag/${t.key}`, t.value] as const)];

const none = (): undefined => undefined;
const empty = (): Record<string, unknown> => ({});

export function keyOperations(deps: KmsDeps): Operation[] {
  const { kms } = deps;
  const unused = (on: OnKey<unknown>) => ["kms:TrailingDaysWithoutKeyUsage", kms.keys.trailingDaysWithoutUse(on.target.key)] as const;
  // The later PutKeyPolicy the check imagines: on this key, with its facts, without the bypass.
  const lockout = (ctx: RequestContext, facts: ConditionEntries) => {
    const conditions = conditionMap("kms:PutKeyPolicy", [...facts, ["kms:BypassPolicyLockoutSafetyCheck", false]], ctx);
    return deps.lockout && ((arn: string, doc: string) => deps.lockout!(ctx, arn, doc, conditions));
  };
  return [
    rpc<CreateKeyInput, CreateKeyInput, Awaited<ReturnType<KmsService["keys"]["create"]>>>({
      name: "CreateKey",
      members: ["Policy", "Description", "KeyUsage", "CustomerMasterKeySpec", "KeySpec", "Origin", "CustomKeyStoreId", "BypassPolicyLockoutSafetyCheck", "Tags", "MultiRegion", "XksKeyId"],
      decode: decodeCreateKey,
      resolve: async (i) => i,
      resource: () => "*",
      keys: (i) => [...KIND, ["kms:BypassPolicyLockoutSafetyCheck", i.bypassPolicyLockoutSafetyCheck], ...requestTags(i.tags)],
      audit: (i) => ({ keySpec: "SYMMETRIC_DEFAULT", keyUsage: "ENCRYPT_DECRYPT", tagKeys: i.tags.map((t) => t.key), policyGiven: i.policy !== undefined }),
      invoke: (i, caller, ctx) => kms.keys.create(caller, i, lockout(ctx, newKeyFacts(i))),
      encode: (k) => ({ KeyMetadata: keyMetadata(k) }),
    }),
    keyOp("DescribeKey", ["GrantTokens"], none, deps, (on) => kms.keys.describe(on.target.key), (d) => ({ KeyMetadata: keyMetadata(d.key, d.keyManager) })),
    rpc<{ limit: number; marker?: string }, { limit: number; marker?: string }, KeyPage>({
      name: "ListKeys", members: ["Limit", "Marker"],
      decode: (o) => ({ limit: optInt(o, "Limit", 1, 1000) ?? 100, ...markerOf(o) }),
      resolve: async (i) => i,
      resource: () => "*",
      invoke: (i, caller) => kms.keys.list(caller, i.limit, i.marker),
      encode: (page) => ({
        Keys: page.keys.map((k) => ({ KeyId: k.keyId, KeyArn: k.arn })), Truncated: page.nextMarker !== undefined,
        ...(page.nextMarker === undefined ? {} : { NextMarker: page.nextMarker }),
      }),
    }),
    keyOp("EnableKey", [], none, deps, (on) => kms.keys.enable(on.target.key), empty),
    keyOp("DisableKey", [], none, deps, (on) => kms.keys.disable(on.target.key), empty, { keys: (on) => [unused(on)] }),
    keyOp("EnableKeyRotation", ["RotationPeriodInDays"], (o) => optInt(o, "RotationPeriodInDays", ROTATION_PERIOD.min, ROTATION_PERIOD.max), deps,
      (on) => kms.rotation.enable(on.target.key, on.input), empty,
      { keys: (on) => [["kms:RotationPeriodInDays", on.input ?? ROTATION_PERIOD.default]], audit: (on) => ({ rotationPeriodInDays: on.input ?? ROTATION_PERIOD.default }) }),
    keyOp("DisableKeyRotation", [], none, deps, (on) => kms.rotation.disable(on.target.key), empty),
    keyOp("GetKeyRotationStatus", [], none, deps, async (on) => rotationStatus(on.target.key.arn, await kms.rotation.status(on.target.key)), (r) => r),
    keyOp("RotateKeyOnDemand", [], none, deps, async (on) => { await kms.rotation.rotateNow(on.target.key); return on.target.key.keyId; }, (keyId) => ({ KeyId: keyId })),
    keyOp("ScheduleKeyDeletion", ["PendingWindowInDays"], (o) => optInt(o, "PendingWindowInDays", 7, 30) ?? 30, deps,
      (on) => kms.keys.scheduleDeletion(on.target.key, on.input),
      (k) => ({ KeyId: k.arn, DeletionDate: k.deletionDate!.getTime() / 1000, KeyState: k.state, PendingWindowInDays: k.pendingWindowDays }),
      { keys: (on) => [["kms:ScheduleKeyDeletionPendingWindowInDays", on.input], unused(on)], audit: (on) => ({ pendingWindowInDays: on.input }) }),
    keyOp("CancelKeyDeletion", [], none, deps, async (on) => { await kms.keys.cancelDeletion(on.target.key); return on.target.key.arn; }, (arn) => ({ KeyId: arn })),
    keyOp("PutKeyPolicy", ["PolicyName", "Policy", "BypassPolicyLockoutSafetyCheck"],
      (o) => ({ name: policyName(o), policy: string(o, "Policy", 1, 131072), bypass: optBool(o, "BypassPolicyLockoutSafetyCheck") ?? false }), deps,
      (on, _caller, ctx) => kms.keys.putPolicy(on.target.key, on.input.policy, on.input.bypass, lockout(ctx, keyFacts(on))), empty,
      { keys: (on) => [["kms:BypassPolicyLockoutSafetyCheck", on.input.bypass]], audit: (on) => ({ policyName: "default", bypassPolicyLockoutSafetyCheck: on.input.bypass }) }),
    keyOp("GetKeyPolicy", ["PolicyName"], policyName, deps, (on) => kms.keys.getPolicy(on.target.key), (policy) => ({ Policy: policy, PolicyName: "default" })),
    keyOp("TagResource", ["Tags"], (o) => tags(o, "Tags"), deps, (on) => kms.keys.tag(on.target.key, on.input), empty,
      { keys: (on) => requestTags(on.input), audit: (on) => ({ tagKeys: on.input.map((t) => t.key) }) }),
    keyOp("UntagResource", ["TagKeys"], (o) => stringList(o, "TagKeys", 50), deps, (on) => kms.keys.untag(on.target.key, on.input), empty,
      { keys: (on) => (on.input.length === 0 ? [] : [["aws:TagKeys", on.input]]), audit: (on) => ({ tagKeys: on.input }) }),
    keyOp("ListResourceTags", ["Limit", "Marker"], (o) => { optInt(o, "Limit", 1, 50); return undefined; }, deps,
      (on) => kms.keys.listTags(on.target.key), (t) => ({ Tags: tagList(t), Truncated: false })),
  ];
}

/** KMS key policies have one name, `default` (GetKeyPolicy requires it until 2024; both take it optionally now). */
function policyName(o: Obj): "default" {
  const name = optString(o, "PolicyName", 1, 128);
  if (name !== undefined && name !== "default") throw new Fault("not-found", "PolicyName must be default: a key has one key policy", { field: "PolicyName" });
  return "default";
}

function markerOf(o: Obj): { marker?: string } {
  const marker = optString(o, "Marker", 1, 1024);
  if (marker === undefined) return {};
  if (!/^[0-9a-f-]{36}$/.test(marker)) throw new Fault("validation", "Marker must be a NextMarker from a previous page", { field: "Marker", reason: "invalid-marker" });
  return { marker };
}

function decodeCreateKey(o: Obj): CreateKeyInput {
  // What plinth cannot make is refused naming the member (never silently made as something else).
  const unsupported = (field: string, value: string, what: string) => new Fault("validation", `${field} ${value} is not supported: plinth's KMS keys are ${what}`, { field, reason: "unsupported-operation" });
  const usage = optEnum(o, "KeyUsage", ["ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT"] as const);
  if (usage !== undefined && usage !== "ENCRYPT_DECRYPT") throw unsupported("KeyUsage", usage, "ENCRYPT_DECRYPT");
  for (const field of ["KeySpec", "CustomerMasterKeySpec"]) {
    const spec = optString(o, field, 1, 64);
    if (spec !== undefined && spec !== "SYMMETRIC_DEFAULT") {
      if (!/^(RSA_(2048|3072|4096)|ECC_(NIST_P(256|384|521)|SECG_P256K1|NIST_EDWARDS25519)|HMAC_(224|256|384|512)|ML_DSA_(44|65|87)|SM2)$/.test(spec)) {
        throw new Fault("validation", `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must satisfy enum value set`, { field });
      }
      throw unsupported(field, spec, "SYMMETRIC_DEFAULT");
    }
  }
  const origin = optEnum(o, "Origin", ["AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE"] as const);
  if (origin !== undefined && origin !== "AWS_KMS") throw unsupported("Origin", origin, "made by plinth (AWS_KMS)");
  if (optBool(o, "MultiRegion") === true) throw unsupported("MultiRegion", "true", "single-Region");
  refuse(o, "CustomKeyStoreId", "plinth has no custom key stores");
  refuse(o, "XksKeyId", "plinth has no external key stores");
  const policy = optString(o, "Policy", 1, 131072);
  const description = optString(o, "Description", 0, 8192) ?? "";
  return {
    description, ...(policy === undefined ? {} : { policy }),
    bypassPolicyLockoutSafetyCheck: optBool(o, "BypassPolicyLockoutSafetyCheck") ?? false,
    tags: own(o, "Tags") === undefined ? [] : tags(o, "Tags"),
  };
}
