import type { SecretBox } from "../../crypto/index.js";
import { PARTITION } from "../../kernel/index.js";
import type { KmsKeyState, Store } from "../../store/index.js";
import type { DataRetentionMode } from "../data-retention/index.js";

/** What a stored object is; each kind is sealed whole by the SecretBox. */
export type StoredKind = "guardrail-configuration" | "invocation-log" | "access-key-secret" | "mfa-seed" | "service-credential-secret" | "kms-key-material";

/**
 * How long an object is kept. `until-deleted`: until its resource is deleted (or its key, which
 * erases it); `days`: deleted by plinth once `expiresAt` passes (invocation logs, by the
 * deployment's invocationLogging.retentionDays). `accountMode` is the account's data-retention
 * mode (Get/PutAccountDataRetention), which governs what may be kept beyond a request at all.
 */
export interface StoredRetention {
  readonly rule: "until-deleted" | "days";
  readonly expiresAt?: Date;
  readonly accountMode: DataRetentionMode;
}

/**
 * The state of the key an object is sealed under, as it decides whether the object can be read:
 * `Deleted` means its material is gone and the object is unreadable for good (crypto-shredded).
 */
export type SealingKeyState = KmsKeyState | "Deleted";

/** One stored object, described without opening it: nothing here is content. */
export interface StoredObject {
  readonly accountId: string;
  /** The resource it belongs to: a guardrail, the IAM user an access key is of, an invocation log record. */
  readonly resourceArn: string;
  /** Which of the resource's objects: a guardrail version (DRAFT or a number), an access key id, a request id. */
  readonly objectId: string;
  readonly kind: StoredKind;
  /** The sealed size in bytes, as it lies in the store. */
  readonly bytes: number;
  /** The KMS key it is sealed under; absent when under the deployment's root key (records from before keys). */
  readonly keyArn?: string;
  readonly keyState?: SealingKeyState;
  readonly createdAt: Date;
  readonly retention: StoredRetention;
}

export interface InventoryPorts {
  readonly store: Pick<Store, "guardrails" | "invocationLogging" | "iam" | "identity" | "kms" | "serviceCredentials">;
  /** Only to read which key an envelope names; nothing is opened. */
  readonly box: Pick<SecretBox, "sealedUnder">;
  readonly region: string;
  /** The account's data-retention mode as it stands (stated, or the deployment's). */
  accountMode(accountId: string): Promise<DataRetentionMode>;
  /** How long invocation log records are kept (invocationLogging.retentionDays). */
  readonly invocationLogDays: number;
}

const PAGE = 500;

/**
 * What plinth holds for an account: every sealed object, by resource, kind, size, key and age,
 * read from the stores and the envelopes' headers without decrypting anything. An object whose
 * key has been deleted is listed as such: it is still on disk, and no one can read it.
 */
export class DataInventory {
  constructor(private readonly ports: InventoryPorts) {}

  async list(accountId: string): Promise<StoredObject[]> {
    const states = new Map<string, SealingKeyState>();
    const keyState = async (arn: string): Promise<SealingKeyState> => {
      let state = states.get(arn);
      if (state === undefined) {
        state = (await this.ports.store.kms.getKey(arn.slice(arn.lastIndexOf("/") + 1)))?.state ?? "Deleted";
        states.set(arn, state);
      }
      return state;
    };
    const accountMode = await this.ports.accountMode(accountId);
    const kept: StoredRetention = { rule: "until-deleted", accountMode };
    const described = async (base: Omit<StoredObject, "bytes" | "keyArn" | "keyState" | "retention">, sealed: Uint8Array, retention = kept): Promise<StoredObject> => {
      const key = this.ports.box.sealedUnder(sealed);
      return { ...base, bytes: sealed.byteLength, ...(key ? { keyArn: key.arn, keyState: await keyState(key.arn) } : {}), retention };
    };
    const out: StoredObject[] = [];
    for (const g of await this.#guardrails(accountId)) {
      const arn = `arn:${PARTITION}:bedrock:${this.ports.region}:${accountId}:guardrail/${g.guardrailId}`;
      out.push(await described({ accountId, resourceArn: arn, objectId: "DRAFT", kind: "guardrail-configuration", createdAt: g.createdAt }, g.sealed));
      for (const v of await this.ports.store.guardrails.listVersions(accountId, g.guardrailId)) {
        out.push(await described({ accountId, resourceArn: arn, objectId: String(v.version), kind: "guardrail-configuration", createdAt: v.createdAt }, v.sealed));
      }
    }
    for (const user of await this.ports.store.iam.listUsers(accountId)) {
      for (const k of await this.ports.store.identity.listAccessKeys(user.userId)) {
        out.push(await described({ accountId, resourceArn: user.arn, objectId: k.accessKeyId, kind: "access-key-secret", createdAt: k.createdAt }, k.secretCiphertext));
      }
    }
    for (const c of await this.ports.store.serviceCredentials.listForAccount(accountId)) {
      out.push(await described({ accountId, resourceArn: c.arn, objectId: c.credentialId, kind: "service-credential-secret", createdAt: c.createdAt }, c.secretCiphertext));
    }
    for (const d of await this.ports.store.iam.listMfaDevices(accountId)) {
      out.push(await described({ accountId, resourceArn: d.serialNumber, objectId: d.serialNumber.slice(d.serialNumber.indexOf(":mfa/") + 5), kind: "mfa-seed", createdAt: d.createdAt }, d.seedCiphertext));
    }
    for (const k of await this.#keys(accountId)) {
      // A key's material lies under the deployment's root key (it is what the other keys are): no key ARN.
      for (const m of await this.ports.store.kms.listMaterial(k.keyId)) {
        out.push({ accountId, resourceArn: k.arn, objectId: String(m.version), kind: "kms-key-material", bytes: m.sealed.byteLength, createdAt: m.createdAt, retention: kept });
      }
    }
    const logDays = this.ports.invocationLogDays;
    for (const r of await this.ports.store.invocationLogging.list(accountId)) {
      // Invocation log records have no Bedrock ARN; this names the record by its request id in plinth's own form.
      const arn = `arn:${PARTITION}:bedrock:${this.ports.region}:${accountId}:model-invocation-log/${r.requestId}`;
      const expiresAt = new Date(r.createdAt.getTime() + logDays * 86_400_000);
      out.push(await described({ accountId, resourceArn: arn, objectId: r.requestId, kind: "invocation-log", createdAt: r.createdAt }, r.ciphertext, { rule: "days", expiresAt, accountMode }));
    }
    return out;
  }

  async #keys(accountId: string) {
    const all = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.ports.store.kms.listKeys(accountId, this.ports.region, PAGE, after);
      all.push(...page);
      if (page.length < PAGE) return all;
      after = page.at(-1)!.keyId;
    }
  }

  async #guardrails(accountId: string) {
    const all = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.ports.store.guardrails.list(accountId, { ...(after !== undefined ? { after } : {}), limit: PAGE });
      all.push(...page);
      if (page.length < PAGE) return all;
      after = page.at(-1)!.guardrailId;
    }
  }
}
