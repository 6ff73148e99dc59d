import { Fault } from "../../kernel/index.js";
import type { Tag } from "../../store/iam-port.js";
import { IAM_REASONS } from "../../service/iam/index.js";
import { decodeQueryForm } from "../protocols/query-form.js";
import type { QueryObject, QueryValue } from "../protocols/query-form.js";

/**
 * Typed reads of awsQuery members, named as IAM's model names them (`UserName`); faults name
 * them as IAM's messages do (`userName`). An empty list arrives as `Tags=` (the SDKs' form of
 * `[]`). Members the operation does not know are ignored, as AWS's query services ignore them.
 */
const fieldOf = (member: string): string => member[0]!.toLowerCase() + member.slice(1);

function shapeFault(field: string, problem: string): Fault {
  return new Fault("validation", `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${problem}`, { field, reason: IAM_REASONS.constraint });
}

/**
 * The form's own refusals (ill-formed text, malformed member names) break the API model's
 * constraints: IAM calls that a ValidationError.
 */
function asConstraint<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof Fault && e.kind === "validation" && e.detail.reason === undefined) throw new Fault("validation", e.message, { ...e.detail, reason: IAM_REASONS.constraint });
    throw e;
  }
}

export class QueryMembers {
  constructor(private readonly members: QueryObject, private readonly prefix = "") {}

  /** From the form body, or from the URL's query when the body is empty (both are allowed by awsQuery). */
  static read(body: Buffer, query: URLSearchParams): QueryMembers {
    // The query was decoded strictly by the pipeline; written out again, it decodes to the same members.
    const members = asConstraint(() => decodeQueryForm(body.length > 0 ? body : Buffer.from(query.toString())));
    const version = members["Version"];
    if (version !== undefined && version !== "2010-05-08") throw shapeFault("version", "Member must be 2010-05-08, the IAM API version");
    return new QueryMembers(members);
  }

  #field(member: string): string {
    return `${this.prefix}${fieldOf(member)}`;
  }

  #value(member: string): QueryValue | undefined {
    return Object.hasOwn(this.members, member) ? this.members[member] : undefined;
  }

  has(member: string): boolean {
    return this.#value(member) !== undefined;
  }

  string(member: string): string | undefined {
    const value = this.#value(member);
    if (value === undefined || typeof value === "string") return value;
    throw shapeFault(this.#field(member), "Member must be a string");
  }

  required(member: string): string {
    const value = this.string(member);
    if (value === undefined) throw shapeFault(this.#field(member), "Member must not be null");
    return value;
  }

  integer(member: string): number | undefined {
    const value = this.string(member);
    if (value === undefined) return undefined;
    if (!/^-?\d{1,15}$/.test(value)) throw shapeFault(this.#field(member), "Member must be an integer");
    return Number(value);
  }

  boolean(member: string): boolean | undefined {
    const value = this.string(member);
    if (value === undefined) return undefined;
    if (value !== "true" && value !== "false") throw shapeFault(this.#field(member), "Member must be true or false");
    return value === "true";
  }

  #list(member: string): QueryValue[] | undefined {
    const value = this.#value(member);
    if (value === undefined) return undefined;
    if (value === "") return [];
    if (Array.isArray(value)) return value;
    throw shapeFault(this.#field(member), "Member must be a list");
  }

  strings(member: string): string[] | undefined {
    return this.#list(member)?.map((item, i) => {
      if (typeof item !== "string") throw shapeFault(`${this.#field(member)}.${i + 1}.member`, "Member must be a string");
      return item;
    });
  }

  structures(member: string): QueryMembers[] | undefined {
    return this.#list(member)?.map((item, i) => {
      if (typeof item !== "object" || Array.isArray(item)) throw shapeFault(`${this.#field(member)}.${i + 1}.member`, "Member must be a structure");
      return new QueryMembers(item, `${this.#field(member)}.${i + 1}.member.`);
    });
  }

  tags(member = "Tags"): Tag[] | undefined {
    return this.structures(member)?.map((t) => ({ key: t.required("Key"), value: t.required("Value") }));
  }

  /** Marker and MaxItems, which every List operation takes. */
  page(): { marker?: string; maxItems?: number } {
    return { marker: this.string("Marker"), maxItems: this.integer("MaxItems") };
  }
}
