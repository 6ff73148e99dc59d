import { invalid, sensitive } from "../../kernel/index.js";
import type { AuditFields, Sensitive } from "../../kernel/index.js";
import type { DataKey, Decrypted, Encrypted, KmsService, SourceBlob } from "../../service/kms/index.js";
import type { Operation } from "../operation.js";
import { base64, revealOnce } from "./encode.js";
import { blob, context, noGrantTokens, optBool, optEnum, optInt, optString, refuse, string, symmetricAlgorithm } from "./members.js";
import type { Obj } from "./members.js";
import { contextFacts, keyFacts, onKey, rpc, withFacts } from "./rpc.js";
import type { ConditionEntries, OnKey } from "./rpc.js";

type Context = Readonly<Record<string, string>>;
const ALGORITHM: ConditionEntries = [["kms:EncryptionAlgorithm", "SYMMETRIC_DEFAULT"]];
const MAX_PLAINTEXT = 4096;
const MAX_CIPHERTEXT = 6144;

/** What a crypto call records: the key, the context (KMS logs it; it is not secret) and the algorithm. */
const cryptoAudit = (arn: string, ctx: Context, extra: AuditFields = {}): AuditFields => ({
  keyId: arn, encryptionAlgorithm: "SYMMETRIC_DEFAULT", ...(Object.keys(ctx).length === 0 ? {} : { encryptionContext: { ...ctx } }), ...extra,
});

function common(o: Obj, algorithmField = "EncryptionAlgorithm"): { dryRun: boolean } {
  noGrantTokens(o);
  symmetricAlgorithm(o, algorithmField);
  return { dryRun: optBool(o, "DryRun") ?? false };
}

interface EncryptIn { keyId: string; plaintext: Sensitive<Uint8Array>; context: Context; dryRun: boolean }
interface DecryptIn { ciphertext: Uint8Array; keyId?: string; context: Context; dryRun: boolean }
interface DecryptOn { source: OnKey<DecryptIn>; blob: SourceBlob }
interface ReEncryptIn { ciphertext: Uint8Array; sourceKeyId?: string; sourceContext: Context; destinationKeyId: string; destinationContext: Context; dryRun: boolean }
interface ReEncryptOn { source: OnKey<ReEncryptIn>; blob: SourceBlob; destination: OnKey<ReEncryptIn> }
interface DataKeyIn { keyId: string; bytes: number; context: Context; dryRun: boolean }

function dataKeySize(o: Obj): number {
  const bytes = optInt(o, "NumberOfBytes", 1, 1024);
  const spec = optEnum(o, "KeySpec", ["AES_256", "AES_128"] as const);
  if ((bytes === undefined) === (spec === undefined)) throw invalid("KeySpec", "Exactly one of KeySpec and NumberOfBytes must be given");
  return bytes ?? (spec === "AES_128" ? 16 : 32);
}

export function cryptoOperations(kms: KmsService): Operation[] {
  const dataKeyOp = (name: "GenerateDataKey" | "GenerateDataKeyWithoutPlaintext", withPlaintext: boolean): Operation =>
    rpc<DataKeyIn, OnKey<DataKeyIn>, DataKey>({
      name, members: ["KeyId", "EncryptionContext", "NumberOfBytes", "KeySpec", "GrantTokens", "DryRun", ...(withPlaintext ? ["Recipient"] : [])],
      decode: (o) => {
        if (withPlaintext) refuse(o, "Recipient", "there is no enclave to attest");
        return { keyId: string(o, "KeyId", 1, 2048), bytes: dataKeySize(o), context: context(o, "EncryptionContext"), ...common(o) };
      },
      resolve: (i, caller) => onKey(kms, i, caller, i.keyId),
      resource: (on) => on.target.key.arn,
      keys: (on) => [...keyFacts(on), ...contextFacts(on.input.context), ...ALGORITHM],
      audit: (on) => cryptoAudit(on.target.key.arn, on.input.context, { numberOfBytes: on.input.bytes }),
      dryRun: (on) => on.input.dryRun,
      invoke: (on) => kms.crypto.generateDataKey(on.target.key, on.input.bytes, on.input.context, withPlaintext),
      encode: (dk) => ({
        CiphertextBlob: base64(dk.ciphertext), KeyId: dk.keyArn,
        ...(dk.plaintext === undefined ? {} : { Plaintext: revealOnce(dk.plaintext) }),
      }),
    });

  return [
    rpc<EncryptIn, OnKey<EncryptIn>, Encrypted>({
      name: "Encrypt", members: ["KeyId", "Plaintext", "EncryptionContext", "GrantTokens", "EncryptionAlgorithm", "DryRun"],
      decode: (o) => ({ keyId: string(o, "KeyId", 1, 2048), plaintext: sensitive(blob(o, "Plaintext", 1, MAX_PLAINTEXT)), context: context(o, "EncryptionContext"), ...common(o) }),
      resolve: (i, caller) => onKey(kms, i, caller, i.keyId),
      resource: (on) => on.target.key.arn,
      keys: (on) => [...keyFacts(on), ...contextFacts(on.input.context), ...ALGORITHM],
      audit: (on) => cryptoAudit(on.target.key.arn, on.input.context),
      dryRun: (on) => on.input.dryRun,
      invoke: async (on) => {
        try {
          return await kms.crypto.encrypt(on.target.key, on.input.plaintext, on.input.context);
        } finally {
          on.input.plaintext.reveal().fill(0);
        }
      },
      encode: (e) => ({ CiphertextBlob: base64(e.ciphertext), KeyId: e.keyArn, EncryptionAlgorithm: "SYMMETRIC_DEFAULT" }),
    }),
    rpc<DecryptIn, DecryptOn, Decrypted>({
      name: "Decrypt", members: ["CiphertextBlob", "EncryptionContext", "GrantTokens", "KeyId", "EncryptionAlgorithm", "Recipient", "DryRun"],
      decode: (o) => {
        refuse(o, "Recipient", "there is no enclave to attest");
        const keyId = optString(o, "KeyId", 1, 2048);
        return { ciphertext: blob(o, "CiphertextBlob", 1, MAX_CIPHERTEXT), ...(keyId === undefined ? {} : { keyId }), context: context(o, "EncryptionContext"), ...common(o) };
      },
      resolve: async (i, caller) => {
        const source = await kms.crypto.source(caller, i.ciphertext, i.keyId);
        return { blob: source, source: await withFacts(kms, i, source) };
      },
      resource: (on) => on.blob.key.arn,
      keys: (on) => [...keyFacts(on.source), ...contextFacts(on.source.input.context), ...ALGORITHM],
      audit: (on) => cryptoAudit(on.blob.key.arn, on.source.input.context),
      dryRun: (on) => on.source.input.dryRun,
      invoke: (on) => kms.crypto.decrypt(on.blob, on.source.input.context),
      encode: (d) => ({ KeyId: d.keyArn, Plaintext: revealOnce(d.plaintext), EncryptionAlgorithm: "SYMMETRIC_DEFAULT" }),
    }),
    rpc<ReEncryptIn, ReEncryptOn, Encrypted & { sourceArn: string }>({
      name: "ReEncrypt", action: "kms:ReEncryptFrom",
      members: ["CiphertextBlob", "SourceEncryptionContext", "SourceKeyId", "DestinationKeyId", "DestinationEncryptionContext",
        "SourceEncryptionAlgorithm", "DestinationEncryptionAlgorithm", "GrantTokens", "DryRun"],
      decode: (o) => {
        symmetricAlgorithm(o, "DestinationEncryptionAlgorithm");
        const sourceKeyId = optString(o, "SourceKeyId", 1, 2048);
        return {
          ciphertext: blob(o, "CiphertextBlob", 1, MAX_CIPHERTEXT), ...(sourceKeyId === undefined ? {} : { sourceKeyId }),
          sourceContext: context(o, "SourceEncryptionContext"), destinationKeyId: string(o, "DestinationKeyId", 1, 2048),
          destinationContext: context(o, "DestinationEncryptionContext"), ...common(o, "SourceEncryptionAlgorithm"),
        };
      },
      resolve: async (i, caller) => {
        const source = await kms.crypto.source(caller, i.ciphertext, i.sourceKeyId);
        return { blob: source, source: await withFacts(kms, i, source), destination: await onKey(kms, i, caller, i.destinationKeyId) };
      },
      resource: (on) => on.blob.key.arn,
      keys: (on) => reEncryptFacts(on, on.source, on.source.input.sourceContext),
      also: (on) => [{ resource: on.destination.target.key.arn, action: "kms:ReEncryptTo", keys: reEncryptFacts(on, on.destination, on.source.input.destinationContext) }],
      audit: (on) => ({ ...cryptoAudit(on.blob.key.arn, on.source.input.sourceContext), destinationKeyId: on.destination.target.key.arn,
        ...(Object.keys(on.source.input.destinationContext).length === 0 ? {} : { destinationEncryptionContext: { ...on.source.input.destinationContext } }) }),
      dryRun: (on) => on.source.input.dryRun,
      invoke: (on) => kms.crypto.reEncrypt(on.blob, on.source.input.sourceContext, on.destination.target.key, on.source.input.destinationContext),
      encode: (r) => ({
        CiphertextBlob: base64(r.ciphertext), SourceKeyId: r.sourceArn, KeyId: r.keyArn,
        SourceEncryptionAlgorithm: "SYMMETRIC_DEFAULT", DestinationEncryptionAlgorithm: "SYMMETRIC_DEFAULT",
      }),
    }),
    dataKeyOp("GenerateDataKey", true),
    dataKeyOp("GenerateDataKeyWithoutPlaintext", false),
  ];
}

function reEncryptFacts(on: ReEncryptOn, key: OnKey<ReEncryptIn>, ctx: Context): ConditionEntries {
  return [...keyFacts(key), ...contextFacts(ctx), ...ALGORITHM, ["kms:ReEncryptOnSameKey", on.blob.key.keyId === on.destination.target.key.keyId]];
}

