import type { Kysely } from "kysely";
import { fault, invalid } from "../kernel/index.js";
import { guarded } from "./faults.js";
import type { Tag } from "./iam-port.js";
import { byText, countChange, transact } from "./iam-tx.js";
import type { Tx } from "./iam-tx.js";
import type { Database } from "./schema.js";

/** IAM's quota of tags on one resource. */
export const MAX_TAGS = 50;

const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
const TAGGABLE_ARN = /^arn:aws:iam::(\d{12}):(user|role|policy|mfa)\/./;

interface Taggable {
  readonly accountId: string;
  /** IAM compares the tag keys of users and roles without regard to case, other keys exactly. */
  readonly foldsCase: boolean;
}

/** The resource an ARN names, if it exists: tags on a missing resource would outlive it. */
async function findTaggable(trx: Tx, arn: string): Promise<Taggable | undefined> {
  const match = TAGGABLE_ARN.exec(arn);
  if (!match) throw invalid("arn", "must be the ARN of an IAM user, role, customer-managed policy or MFA device");
  const accountId = match[1] as string;
  const type = match[2];
  const found =
    type === "user" ? await trx.selectFrom("iam_users").select("user_id as id").where("arn", "=", arn).executeTakeFirst()
    : type === "role" ? await trx.selectFrom("iam_roles").select("role_id as id").where("arn", "=", arn).executeTakeFirst()
    : type === "policy" ? await trx.selectFrom("iam_policies").select("policy_id as id").where("arn", "=", arn).executeTakeFirst()
    : await trx.selectFrom("iam_mfa_devices").select("serial_number as id").where("serial_number", "=", arn).executeTakeFirst();
  return found && { accountId, foldsCase: type === "user" || type === "role" };
}

const fold = (key: string, taggable: Taggable): string => (taggable.foldsCase ? key.toLowerCase() : key);

function requireTagKey(field: string, key: string): void {
  if (typeof key !== "string" || !TAG_KEY.test(key)) throw invalid(field, "must be 1 to 128 letters, digits, spaces or _.:/=+-@");
  if (key.toLowerCase().startsWith("aws:")) throw invalid(field, "must not begin with aws:, which AWS reserves");
}

/** Tags on IAM resources, by ARN; at most 50 per resource. */
export class IamTags {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Adds the tags, replacing the values of keys already present. */
  async tagResource(arn: string, tags: readonly Tag[]): Promise<void> {
    tags.forEach((tag, i) => {
      requireTagKey(`tags.${i + 1}.key`, tag.key);
      if (typeof tag.value !== "string" || !TAG_VALUE.test(tag.value)) throw invalid(`tags.${i + 1}.value`, "must be at most 256 letters, digits, spaces or _.:/=+-@");
    });
    await transact(this.#db, async (trx) => {
      const taggable = await findTaggable(trx, arn);
      if (!taggable) throw fault("not-found", `${arn} does not exist`);
      const rows = tags.map((tag) => ({ arn, key_folded: fold(tag.key, taggable), key: tag.key, value: tag.value }));
      if (new Set(rows.map((r) => r.key_folded)).size !== rows.length) throw invalid("tags", "must not repeat a key");
      await countChange(trx, taggable.accountId);
      if (rows.length === 0) return;
      await trx
        .insertInto("iam_tags")
        .values(rows)
        .onConflict((oc) => oc.columns(["arn", "key_folded"]).doUpdateSet((eb) => ({ key: eb.ref("excluded.key"), value: eb.ref("excluded.value") })))
        .execute();
      const count = await trx.selectFrom("iam_tags").select((eb) => eb.fn.countAll<number | string>().as("n")).where("arn", "=", arn).executeTakeFirstOrThrow();
      if (Number(count.n) > MAX_TAGS) throw fault("service-quota-exceeded", `${arn} would have more than ${MAX_TAGS} tags, the most IAM allows`);
    });
  }

  async untagResource(arn: string, keys: readonly string[]): Promise<void> {
    keys.forEach((key, i) => requireTagKey(`tagKeys.${i + 1}`, key));
    await transact(this.#db, async (trx) => {
      const taggable = await findTaggable(trx, arn);
      if (!taggable) throw fault("not-found", `${arn} does not exist`);
      await countChange(trx, taggable.accountId);
      if (keys.length === 0) return;
      await trx.deleteFrom("iam_tags").where("arn", "=", arn).where("key_folded", "in", keys.map((k) => fold(k, taggable))).execute();
    });
  }

  /** By key; empty for a resource without tags or that does not exist. */
  async listTags(arn: string): Promise<Tag[]> {
    const rows = await guarded(() => this.#db.selectFrom("iam_tags").select(["key", "value"]).where("arn", "=", arn).execute());
    return rows.sort(byText((t) => t.key));
  }
}
