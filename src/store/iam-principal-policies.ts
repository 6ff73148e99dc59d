import { sql } from "kysely";
import type { Kysely } from "kysely";
import { fault } from "../kernel/index.js";
import { guarded } from "./faults.js";
import type { PrincipalPolicies } from "./iam-port.js";
import type { Database } from "./schema.js";

/**
 * What authorisation needs about a principal, read in one statement each (a UNION ALL of the
 * parts), so the result is one consistent snapshot and one round trip. Every part yields
 * (part, label, document); tags come back as (label = key, document = value).
 */
const Part = { Principal: 0, Inline: 1, Attached: 2, GroupInline: 3, GroupAttached: 4, Boundary: 5, Tag: 6 } as const;
type Part = (typeof Part)[keyof typeof Part];

interface PartRow {
  readonly part: number | string;
  readonly label: string;
  readonly document: string;
}

const part = (p: Part) => sql<number>`${sql.lit(p)}`.as("part");

function assemble(kind: "user" | "role", id: string, rows: readonly PartRow[]): PrincipalPolicies {
  if (!rows.some((r) => Number(r.part) === Part.Principal)) throw fault("not-found", `${kind} ${id} does not exist`);
  const sorted = [...rows].sort((a, b) => Number(a.part) - Number(b.part) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const identity: { label: string; document: string }[] = [];
  const seen = new Set<string>();
  let boundary: { label: string; document: string } | undefined;
  const tags: { key: string; value: string }[] = [];
  for (const row of sorted) {
    const p = Number(row.part);
    if (p === Part.Boundary) boundary = { label: row.label, document: row.document };
    else if (p === Part.Tag) tags.push({ key: row.label, value: row.document });
    // A policy attached both to the user and to one of its groups counts once.
    else if (p !== Part.Principal && !seen.has(row.label)) {
      seen.add(row.label);
      identity.push({ label: row.label, document: row.document });
    }
  }
  return { identity, ...(boundary ? { boundary } : {}), tags };
}

export class IamPrincipalPolicies {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** The user's inline and attached policies, its groups' inline and attached ones, its boundary and tags. */
  async policiesForUser(userId: string): Promise<PrincipalPolicies> {
    const db = this.#db;
    const rows = await guarded(() =>
      db.selectFrom("iam_users as u")
        .select([part(Part.Principal), "u.arn as label", "u.account_id as document"])
        .where("u.user_id", "=", userId)
        .unionAll(db.selectFrom("iam_user_inline as i")
          .innerJoin("iam_users as u", "u.user_id", "i.entity_id")
          .select([part(Part.Inline), sql<string>`'user/' || u.user_name || ':inline/' || i.policy_name`.as("label"), "i.document"])
          .where("i.entity_id", "=", userId))
        .unionAll(db.selectFrom("iam_user_attachments as a")
          .innerJoin("iam_policies as p", "p.policy_id", "a.policy_id")
          .innerJoin("iam_policy_versions as v", (j) => j.onRef("v.policy_id", "=", "p.policy_id").onRef("v.version", "=", "p.default_version"))
          .select([part(Part.Attached), "p.arn as label", "v.document"])
          .where("a.entity_id", "=", userId))
        .unionAll(db.selectFrom("iam_group_members as m")
          .innerJoin("iam_groups as g", "g.group_id", "m.group_id")
          .innerJoin("iam_group_inline as i", "i.entity_id", "m.group_id")
          .select([part(Part.GroupInline), sql<string>`'group/' || g.group_name || ':inline/' || i.policy_name`.as("label"), "i.document"])
          .where("m.user_id", "=", userId))
        .unionAll(db.selectFrom("iam_group_members as m")
          .innerJoin("iam_group_attachments as a", "a.entity_id", "m.group_id")
          .innerJoin("iam_policies as p", "p.policy_id", "a.policy_id")
          .innerJoin("iam_policy_versions as v", (j) => j.onRef("v.policy_id", "=", "p.policy_id").onRef("v.version", "=", "p.default_version"))
          .select([part(Part.GroupAttached), "p.arn as label", "v.document"])
          .where("m.user_id", "=", userId))
        .unionAll(db.selectFrom("iam_users as u")
          .innerJoin("iam_policies as p", "p.arn", "u.permissions_boundary_arn")
          .innerJoin("iam_policy_versions as v", (j) => j.onRef("v.policy_id", "=", "p.policy_id").onRef("v.version", "=", "p.default_version"))
          .select([part(Part.Boundary), "p.arn as label", "v.document"])
          .where("u.user_id", "=", userId))
        .unionAll(db.selectFrom("iam_tags as t")
          .innerJoin("iam_users as u", "u.arn", "t.arn")
          .select([part(Part.Tag), "t.key as label", "t.value as document"])
          .where("u.user_id", "=", userId))
        .execute(),
    );
    return assemble("user", userId, rows);
  }

  /** The role's inline and attached policies, its boundary and tags. */
  async policiesForRole(roleId: string): Promise<PrincipalPolicies> {
    const db = this.#db;
    const rows = await guarded(() =>
      db.selectFrom("iam_roles as r")
        .select([part(Part.Principal), "r.arn as label", "r.account_id as document"])
        .where("r.role_id", "=", roleId)
        .unionAll(db.selectFrom("iam_role_inline as i")
          .innerJoin("iam_roles as r", "r.role_id", "i.entity_id")
          .select([part(Part.Inline), sql<string>`'role/' || r.role_name || ':inline/' || i.policy_name`.as("label"), "i.document"])
          .where("i.entity_id", "=", roleId))
        .unionAll(db.selectFrom("iam_role_attachments as a")
          .innerJoin("iam_policies as p", "p.policy_id", "a.policy_id")
          .innerJoin("iam_policy_versions as v", (j) => j.onRef("v.policy_id", "=", "p.policy_id").onRef("v.version", "=", "p.default_version"))
          .select([part(Part.Attached), "p.arn as label", "v.document"])
          .where("a.entity_id", "=", roleId))
        .unionAll(db.selectFrom("iam_roles as r")
          .innerJoin("iam_policies as p", "p.arn", "r.permissions_boundary_arn")
          .innerJoin("iam_policy_versions as v", (j) => j.onRef("v.policy_id", "=", "p.policy_id").onRef("v.version", "=", "p.default_version"))
          .select([part(Part.Boundary), "p.arn as label", "v.document"])
          .where("r.role_id", "=", roleId))
        .unionAll(db.selectFrom("iam_tags as t")
          .innerJoin("iam_roles as r", "r.arn", "t.arn")
          .select([part(Part.Tag), "t.key as label", "t.value as document"])
          .where("r.role_id", "=", roleId))
        .execute(),
    );
    return assemble("role", roleId, rows);
  }
}
