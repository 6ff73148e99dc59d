import type { Kysely } from "kysely";
import { fault, invalid } from "../kernel/index.js";
import { guarded } from "./faults.js";
import { countChange, transact } from "./iam-tx.js";
import type { Tx } from "./iam-tx.js";
import type { Database, ServiceSpecificCredentialsTable } from "./schema.js";
import type {
  ServiceCredentialRecord, ServiceCredentialStatus, ServiceCredentialStore, ServiceCredentialWithOwner,
} from "./service-credential-port.js";
import { SERVICE_CREDENTIAL_ALIAS, SERVICE_CREDENTIAL_ID, asBuffer, asBytes, isoTime, requireShape } from "./shapes.js";

const STATUSES: readonly string[] = ["Active", "Inactive"] satisfies ServiceCredentialStatus[];

/** IAM's quota: two credentials per user for each service. */
export const MAX_SERVICE_CREDENTIALS_PER_SERVICE = 2;

function fromRow(row: ServiceSpecificCredentialsTable): ServiceCredentialRecord {
  return {
    credentialId: row.credential_id,
    userId: row.user_id,
    serviceName: row.service_name,
    alias: row.alias,
    secretCiphertext: asBytes(row.secret_ciphertext),
    status: row.status as ServiceCredentialStatus,
    createdAt: new Date(row.created_at),
    ...(row.expires_at === null ? {} : { expiresAt: new Date(row.expires_at) }),
  };
}

type OwnedRow = ServiceSpecificCredentialsTable & { account_id: string; user_name: string; arn: string };

const withOwner = (row: OwnedRow): ServiceCredentialWithOwner =>
  ({ ...fromRow(row), accountId: row.account_id, userName: row.user_name, arn: row.arn });

/**
 * ServiceCredentialStore over kysely. Creating, changing, resetting and deleting a credential
 * count as IAM changes (as for access keys): the account's change row is the lock that makes
 * "at most two per service" hold across racing requests.
 */
export class KyselyServiceCredentialStore implements ServiceCredentialStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(record: ServiceCredentialRecord): Promise<void> {
    requireShape("credentialId", record.credentialId, SERVICE_CREDENTIAL_ID, "must be ACCA followed by 16 upper-case letters or digits");
    requireShape("alias", record.alias, SERVICE_CREDENTIAL_ALIAS, "must be 1 to 200 of IAM's name characters [\\w+=,.@-]");
    if (!/^[a-z0-9.-]{1,128}$/.test(record.serviceName)) throw invalid("serviceName", "must be a service's DNS name, e.g. bedrock.amazonaws.com");
    if (!STATUSES.includes(record.status)) throw invalid("status", "must be Active or Inactive");
    if (record.secretCiphertext.byteLength === 0) throw invalid("secretCiphertext", "must not be empty");
    const row = {
      credential_id: record.credentialId,
      user_id: record.userId,
      service_name: record.serviceName,
      alias: record.alias,
      secret_ciphertext: asBuffer(record.secretCiphertext),
      status: record.status,
      created_at: isoTime("createdAt", record.createdAt),
      expires_at: record.expiresAt ? isoTime("expiresAt", record.expiresAt) : null,
    };
    await transact(this.#db, async (trx) => {
      const owner = await trx.selectFrom("iam_users").select(["account_id", "user_name"]).where("user_id", "=", record.userId).executeTakeFirst();
      if (!owner) throw fault("not-found", `user ${record.userId} does not exist`);
      await countChange(trx, owner.account_id);
      const existing = await trx
        .selectFrom("service_specific_credentials")
        .select("credential_id")
        .where("user_id", "=", record.userId)
        .where("service_name", "=", record.serviceName)
        .execute();
      if (existing.length >= MAX_SERVICE_CREDENTIALS_PER_SERVICE) {
        throw fault("service-quota-exceeded", `user ${owner.user_name} already has ${MAX_SERVICE_CREDENTIALS_PER_SERVICE} credentials for ${record.serviceName}, the most IAM allows`);
      }
      await trx.insertInto("service_specific_credentials").values(row).execute();
    }, {
      conflict: `service-specific credential ${record.credentialId} (or its alias) already exists`,
      missing: `user ${record.userId} does not exist`,
    });
  }

  async get(credentialId: string): Promise<ServiceCredentialWithOwner | undefined> {
    const row = await guarded(() => this.#owned().where("c.credential_id", "=", credentialId).executeTakeFirst());
    return row && withOwner(row);
  }

  async getByAlias(alias: string): Promise<ServiceCredentialWithOwner | undefined> {
    if (!SERVICE_CREDENTIAL_ALIAS.test(alias)) return undefined;
    const row = await guarded(() => this.#owned().where("c.alias", "=", alias).executeTakeFirst());
    return row && withOwner(row);
  }

  async list(userId: string): Promise<ServiceCredentialRecord[]> {
    const rows = await guarded(() =>
      this.#db.selectFrom("service_specific_credentials").selectAll().where("user_id", "=", userId)
        .orderBy("created_at").orderBy("credential_id").execute(),
    );
    return rows.map(fromRow);
  }

  async listForAccount(accountId: string): Promise<ServiceCredentialWithOwner[]> {
    const rows = await guarded(() =>
      this.#owned().where("u.account_id", "=", accountId).orderBy("c.created_at").orderBy("c.credential_id").execute(),
    );
    return rows.map(withOwner);
  }

  async setStatus(credentialId: string, status: ServiceCredentialStatus): Promise<boolean> {
    if (!STATUSES.includes(status)) throw invalid("status", "must be Active or Inactive");
    return this.#change(credentialId, async (trx) => {
      const result = await trx.updateTable("service_specific_credentials").set({ status }).where("credential_id", "=", credentialId).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    });
  }

  async resealSecret(credentialId: string, expected: Uint8Array, sealed: Uint8Array): Promise<boolean> {
    if (sealed.byteLength === 0) throw invalid("secretCiphertext", "must not be empty");
    // The secret itself is unchanged, so no node's cache needs to forget it: no change is counted.
    const result = await guarded(() => this.#db.updateTable("service_specific_credentials").set({ secret_ciphertext: asBuffer(sealed) })
      .where("credential_id", "=", credentialId).where("secret_ciphertext", "=", asBuffer(expected)).executeTakeFirst());
    return result.numUpdatedRows > 0n;
  }

  async replaceSecret(credentialId: string, secretCiphertext: Uint8Array): Promise<boolean> {
    if (secretCiphertext.byteLength === 0) throw invalid("secretCiphertext", "must not be empty");
    return this.#change(credentialId, async (trx) => {
      const result = await trx.updateTable("service_specific_credentials")
        .set({ secret_ciphertext: asBuffer(secretCiphertext) })
        .where("credential_id", "=", credentialId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    });
  }

  async delete(credentialId: string): Promise<boolean> {
    return this.#change(credentialId, async (trx) => {
      const result = await trx.deleteFrom("service_specific_credentials").where("credential_id", "=", credentialId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }

  #owned() {
    return this.#db
      .selectFrom("service_specific_credentials as c")
      .innerJoin("iam_users as u", "u.user_id", "c.user_id")
      .selectAll("c")
      .select(["u.account_id", "u.user_name", "u.arn"]);
  }

  /** A change to an existing credential, counted as an IAM change; false when there is none. */
  #change(credentialId: string, change: (trx: Tx) => Promise<boolean>): Promise<boolean> {
    return transact(this.#db, async (trx) => {
      const owner = await trx
        .selectFrom("service_specific_credentials as c")
        .innerJoin("iam_users as u", "u.user_id", "c.user_id")
        .select("u.account_id")
        .where("c.credential_id", "=", credentialId)
        .executeTakeFirst();
      if (!owner) return false;
      await countChange(trx, owner.account_id);
      return change(trx);
    });
  }
}
