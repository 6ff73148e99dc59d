import { invalid } from "../../kernel/index.js";

/**
 * Objects and their members, for the Converse codec and the native InvokeModel bodies alike.
 * Every failure is a validation Fault naming the JSON path (`messages.0.content.1.image.format`);
 * the problem text states only the constraint and member names we define, never the value.
 */
export type Obj = Readonly<Record<string, unknown>>;

export const at = (parent: string, key: string | number): string => (parent === "" ? String(key) : `${parent}.${key}`);

/** The root of a body has no path of its own. */
const named = (field: string): string => (field === "" ? "body" : field);

/**
 * A customer-chosen key is echoed only when it looks like a member name; anything else might be
 * content. No Smithy member and no native body key starts with `$`, so `$` is not allowed.
 */
const MEMBER_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
export const safeName = (key: string): boolean => MEMBER_NAME.test(key);

export function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function obj(value: unknown, field: string): Obj {
  if (!isObj(value)) throw invalid(named(field), "Member must be a JSON object");
  return value;
}

/**
 * restJson1 treats an explicit null member as an absent one, and so do native bodies, so
 * decoders never see null. Reading through `own` also keeps inherited names (`__proto__`,
 * `constructor`) out.
 */
export function own(o: Obj, key: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(o, key)) return undefined;
  const value = o[key];
  return value === null ? undefined : value;
}

export function need(o: Obj, key: string, field: string): unknown {
  const value = own(o, key);
  if (value === undefined) throw invalid(at(field, key), "Member must not be null");
  return value;
}

/** Members present (non-null) on an object. */
export const present = (o: Obj): string[] => Object.keys(o).filter((k) => own(o, k) !== undefined);

/**
 * How a closed object words its refusals. A Converse body is made of Smithy shapes: `shape` names
 * the one at hand and an unknown member is "not a recognized member" of it. A native body has no
 * Smithy shape; Bedrock checks it against the model's JSON schema, which calls an unknown member
 * an "extraneous key", so without `shape` that is the wording.
 */
export interface Members {
  readonly shape?: string;
  /** Members the model defines but plinth does not serve, mapped to the reason. */
  readonly refused?: Readonly<Record<string, string>>;
}

/** Refuses members outside `known`: a member dropped silently could be a setting the caller relies on. */
export function closed(o: Obj, field: string, known: readonly string[], members?: Members): void {
  const shape = members?.shape;
  const refused = members?.refused;
  // Every body object passes here: the keys are walked once, with no filtered copy.
  for (const key of Object.keys(o)) {
    const value = o[key];
    if (value === null || value === undefined) continue; // absent, as for `present`
    const reason = refused !== undefined && Object.prototype.hasOwnProperty.call(refused, key) ? refused[key] : undefined;
    if (reason !== undefined) throw invalid(at(field, key), `Member is not supported: ${reason}`);
    if (known.includes(key)) continue;
    if (safeName(key)) {
      throw invalid(at(field, key), shape === undefined ? "extraneous key is not permitted" : `Member is not a recognized member of ${shape}`);
    }
    throw invalid(named(field), shape === undefined ? "Member contains an extraneous key that is not permitted" : `${shape} contains an unrecognized member`);
  }
}

/** A union: exactly one member set. Unknown and refused members fail as in `closed`. */
export function union(o: Obj, field: string, known: readonly string[], members: Members = {}): [string, unknown] {
  closed(o, field, known, members);
  const set = present(o);
  if (set.length !== 1) throw invalid(field, `Member must set exactly one of [${known.join(", ")}]`);
  const key = set[0] as string;
  return [key, o[key]];
}
