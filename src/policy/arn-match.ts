/**
 * ARN matching as IAM does it for the Resource element and the Arn operators: the six
 * colon-separated components (arn, partition, service, region, account, resource) are matched
 * separately, so a `*` in the region never swallows the account; the resource component keeps any
 * further colons.
 */
import { compileTokens, STAR, type GlobToken, type Matcher } from "./glob.js";

export const ARN_PARTS = 6;

/** Splits a request ARN into its six components, or undefined when it is not an ARN. */
export function splitArn(value: string): string[] | undefined {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < ARN_PARTS - 1; i++) {
    const at = value.indexOf(":", from);
    if (at < 0) return undefined;
    out.push(value.slice(from, at));
    from = at + 1;
  }
  out.push(value.slice(from));
  return out;
}

/** Splits pattern tokens at the first five colons of their literal text. */
export function splitArnTokens(tokens: readonly GlobToken[]): GlobToken[][] | undefined {
  const parts: GlobToken[][] = [[]];
  for (const t of tokens) {
    if (typeof t !== "string" || parts.length === ARN_PARTS) { (parts[parts.length - 1] as GlobToken[]).push(t); continue; }
    let rest = t;
    for (;;) {
      const at = parts.length < ARN_PARTS ? rest.indexOf(":") : -1;
      if (at < 0) { if (rest !== "") (parts[parts.length - 1] as GlobToken[]).push(rest); break; }
      if (at > 0) (parts[parts.length - 1] as GlobToken[]).push(rest.slice(0, at));
      parts.push([]);
      rest = rest.slice(at + 1);
    }
  }
  return parts.length === ARN_PARTS ? parts : undefined;
}

/** Matches a pre-split request ARN (see `splitArn`; undefined when the value is not an ARN). */
export type ArnMatcher = (parts: readonly string[] | undefined) => boolean;

/**
 * A pattern of fewer than six components never matches an ARN, except a lone `*`, which matches
 * anything (IAM's usual "Resource": "*").
 */
export function compileArnTokens(tokens: readonly GlobToken[]): ArnMatcher {
  if (tokens.length === 1 && tokens[0] === STAR) return () => true;
  const split = splitArnTokens(tokens);
  if (!split) return () => false;
  const matchers: Matcher[] = split.map((p) => compileTokens(p));
  return (parts) => {
    if (parts === undefined) return false;
    for (let i = 0; i < ARN_PARTS; i++) if (!(matchers[i] as Matcher)(parts[i] as string)) return false;
    return true;
  };
}
