import { Fault } from "../../kernel/index.js";
import { at, safeName } from "../bedrock-runtime/validate.js";

/**
 * Refusals in OpenAI's words, naming the request member (`param`). Messages quote member names
 * and allowed values only, never what the caller wrote.
 */
export function refuse(param: string, message: string): Fault {
  return new Fault("validation", message, { field: param });
}

/** A member this surface does not serve: refused, so a caller never gets an answer that ignored what it asked. */
export function unsupported(param: string, what = `'${param}'`): Fault {
  return refuse(param, `${what} is not supported by this endpoint`);
}

/**
 * OpenAI's word for a member it does not know, in `parent` (`""`: the body). The name is echoed
 * only when it looks like a member name: anything else may be content.
 */
export function unrecognized(parent: string, key: string): Fault {
  return refuse(at(parent, safeName(key) ? key : "*"), "Unrecognized request argument supplied");
}

/** The members of `o` that are set (null is absent, as OpenAI's API treats it). */
export function setMembers(o: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(o).filter((k) => Object.hasOwn(o, k) && o[k] !== null && o[k] !== undefined);
}

/**
 * Members a client may send at their neutral value (what OpenAI does without them), each with
 * the test of neutrality; any other value asks for something this surface does not do.
 */
export function neutralOnly(o: Readonly<Record<string, unknown>>, neutral: Readonly<Record<string, (v: unknown) => boolean>>): void {
  for (const [key, isNeutral] of Object.entries(neutral)) {
    const value = Object.hasOwn(o, key) ? o[key] : undefined;
    if (value !== undefined && value !== null && !isNeutral(value)) throw unsupported(key, `'${key}' other than its default`);
  }
}
