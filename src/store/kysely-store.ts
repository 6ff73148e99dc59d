import type { Kysely } from "kysely";
import type { Clock } from "../kernel/index.js";
import type { IamStore, OrganizationStore, ResourcePolicyStore } from "./iam-port.js";
import { kyselyIamStore } from "./iam-store.js";
import { KyselyIdentityStore } from "./identity-repository.js";
import { KyselyMetaStore } from "./meta-repository.js";
import { KyselyOrganizationStore } from "./organization-repository.js";
import type { IdentityStore, MetaStore, Store, StoreDialect } from "./port.js";
import { KyselyResourcePolicyStore } from "./resource-policy-repository.js";
import type { Database } from "./schema.js";
import { KyselyServiceCredentialStore } from "./service-credential-repository.js";
import { KyselyInferenceProfileStore } from "./inference-profile-repository.js";
import type { InferenceProfileStore } from "./inference-profile-port.js";
import { KyselyProvisionedStore } from "./provisioned-repository.js";
import type { ProvisionedStore } from "./provisioned-port.js";
import { KyselyGuardrailStore } from "./guardrail-repository.js";
import type { GuardrailStore } from "./guardrail-port.js";
import { KyselyDataRetentionStore } from "./data-retention-repository.js";
import type { DataRetentionStore } from "./data-retention-port.js";
import { KyselyInvocationLoggingStore } from "./invocation-logging-repository.js";
import type { InvocationLoggingStore } from "./invocation-logging-port.js";
import { KyselyKmsStore } from "./kms-repository.js";
import type { KmsStore } from "./kms-port.js";
import { KyselyEnforcedGuardrailStore } from "./enforced-guardrail-repository.js";
import type { EnforcedGuardrailStore } from "./enforced-guardrail-port.js";
import type { ServiceCredentialStore } from "./service-credential-port.js";
import type { AuditStore } from "./audit-port.js";
import { KyselyAuditStore } from "./audit-store.js";
import { WalCheckpointer } from "./wal-checkpointer.js";
import type { WorkerSettings } from "./audit-worker-protocol.js";

/** The Store over one kysely instance; which database it talks to is the dialect's business. */
export class KyselyStore implements Store {
  readonly dialect: StoreDialect;
  readonly identity: IdentityStore;
  readonly meta: MetaStore;
  readonly iam: IamStore;
  readonly organization: OrganizationStore;
  readonly resourcePolicies: ResourcePolicyStore;
  readonly serviceCredentials: ServiceCredentialStore;
  readonly inferenceProfiles: InferenceProfileStore;
  readonly provisioned: ProvisionedStore;
  readonly guardrails: GuardrailStore;
  readonly audit: AuditStore;
  readonly dataRetention: DataRetentionStore;
  readonly invocationLogging: InvocationLoggingStore;
  readonly kms: KmsStore;
  readonly enforcedGuardrails: EnforcedGuardrailStore;
  readonly #db: Kysely<Database>;
  readonly #wal: WalCheckpointer | undefined;
  #closed: Promise<void> | undefined;

  /** `sqlite`: how the audit trail's writer thread opens the same database (SQLite only). */
  constructor(db: Kysely<Database>, dialect: StoreDialect, clock: Clock, sqlite?: WorkerSettings) {
    this.#db = db;
    this.dialect = dialect;
    this.identity = new KyselyIdentityStore(db);
    this.meta = new KyselyMetaStore(db, clock);
    this.iam = kyselyIamStore(db);
    this.organization = new KyselyOrganizationStore(db);
    this.resourcePolicies = new KyselyResourcePolicyStore(db);
    this.serviceCredentials = new KyselyServiceCredentialStore(db);
    this.inferenceProfiles = new KyselyInferenceProfileStore(db);
    this.provisioned = new KyselyProvisionedStore(db);
    this.guardrails = new KyselyGuardrailStore(db);
    if (dialect === "sqlite" && sqlite === undefined) throw new TypeError("a SQLite store needs its file for the audit writer");
    // SQLite's write-ahead log: checkpointed in the audit writer's pauses, emptied after deletions that must not survive in it.
    this.#wal = dialect === "sqlite" ? new WalCheckpointer(sqlite!) : undefined;
    this.audit = new KyselyAuditStore(db, this.#wal !== undefined ? { sqlite: sqlite!, commits: this.#wal } : "postgres");
    this.dataRetention = new KyselyDataRetentionStore(db);
    this.invocationLogging = new KyselyInvocationLoggingStore(db, this.#wal);
    this.kms = new KyselyKmsStore(db, this.#wal);
    this.enforcedGuardrails = new KyselyEnforcedGuardrailStore(db);
  }

  async forgetOverwritten(what: string): Promise<void> {
    await this.#wal?.truncate(what);
  }

  /** Idempotent: closing twice waits for the first close. */
  close(): Promise<void> {
    // Queued audit appends settle first: each is acknowledged or rejected, none cut off by the close.
    this.#closed ??= this.audit.close().then(() => this.#wal?.close()).then(() => this.#db.destroy());
    return this.#closed;
  }
}
