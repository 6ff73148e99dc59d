import type { SecretBox } from "../../crypto/index.js";
import { PARTITION } from "../../kernel/index.js";
import type { KmsKeyState, Store } from "../../store/index.js";

/** What a stored object is; each kind is sealed whole by the SecretBox. */
export type StoredKind = "guardrail-configuration" | "invocation-log" | "access-key-secret";

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
}

export interface InventoryPorts {
  readonly store: Pick<Store, "guardrails" | "invocationLogging" | "iam" | "identity" | "kms">;
  /** Only to read which key an envelope names; nothing is opened. */
  readonly box: Pick<SecretBox, "sealedUnder">;
  readonly region: string;
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
    const described = async (base: Omit<StoredObject, "bytes" | "keyArn" | "keyState">, sealed: Uint8Array): Promise<StoredObject> => {
      const key = this.ports.box.sealedUnder(sealed);
      return { ...base, bytes: sealed.byteLength, ...(key ? { keyArn: key.arn, keyState: await keyState(key.arn) } : {}) };
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
    for (const r of await this.ports.store.invocationLogging.list(accountId)) {
      // Invocation log records have no Bedrock ARN; this names the record by its request id in plinth's own form.
      const arn = `arn:${PARTITION}:bedrock:${this.ports.region}:${accountId}:model-invocation-log/${r.requestId}`;
      out.push(await described({ accountId, resourceArn: arn, objectId: r.requestId, kind: "invocation-log", createdAt: r.createdAt }, r.ciphertext));
    }
    return out;
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
