/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, `${*}`): parsed once
 * when a policy is compiled, resolved from the request context on evaluation.
 */
import { globTokens, type GlobToken } from "./glob.js";
import type { RequestContextValues } from "./types.js";

export type TemplatePart =
  /** Text as written in the policy: where the operator globs, its `*` and `?` are wildcards. */
  | { readonly kind: "text"; readonly text: string }
  /** `${*}`, `${?}`, `${$}` and substituted values: always literal characters. */
  | { readonly kind: "raw"; readonly text: string }
  | { readonly kind: "var"; readonly key: string; readonly name: string; readonly fallback?: string };

export interface Template {
  readonly parts: readonly TemplatePart[];
  /** Every variable name as written, for validation. */
  readonly names: readonly string[];
}

const SPECIAL: Record<string, string> = { "*": "*", "?": "?", "$": "$" };

export type TemplateResult = { ok: true; template: Template } | { ok: false; message: string };

export function parseTemplate(text: string): TemplateResult {
  const parts: TemplatePart[] = [];
  const names: string[] = [];
  let pos = 0;
  for (;;) {
    const open = text.indexOf("${", pos);
    if (open < 0) break;
    if (open > pos) parts.push({ kind: "text", text: text.slice(pos, open) });
    const parsed = readVariable(text, open + 2);
    if (typeof parsed === "string") return { ok: false, message: parsed };
    const special = SPECIAL[parsed.name];
    if (special !== undefined && parsed.fallback === undefined) parts.push({ kind: "raw", text: special });
    else {
      const key = parsed.name.toLowerCase();
      parts.push({ kind: "var", key, name: parsed.name, ...(parsed.fallback !== undefined ? { fallback: parsed.fallback } : {}) });
      names.push(parsed.name);
    }
    pos = parsed.end;
  }
  if (pos < text.length) parts.push({ kind: "text", text: text.slice(pos) });
  return { ok: true, template: { parts, names } };
}

function readVariable(text: string, start: number): { name: string; fallback?: string; end: number } | string {
  let i = start;
  while (i < text.length && text[i] !== "}" && text[i] !== ",") i++;
  if (i >= text.length) return "policy variable is missing its closing '}'";
  const name = text.slice(start, i);
  if (name.trim() === "") return "policy variable is empty";
  if (/\s/.test(name)) return "policy variable name contains a space";
  if (name.includes("${") || name.includes("'")) return "policy variable name is malformed";
  if (text[i] === "}") return { name, end: i + 1 };
  // A default value: `, 'text'` (AWS writes a comma and a space; the space is optional here).
  i++;
  while (text[i] === " ") i++;
  if (text[i] !== "'") return "policy variable default must be in single quotes";
  const close = text.indexOf("'", i + 1);
  if (close < 0) return "policy variable default is missing its closing quote";
  if (text[close + 1] !== "}") return "policy variable is missing its closing '}'";
  return { name, fallback: text.slice(i + 1, close), end: close + 2 };
}

/** The value a variable takes, or undefined when the request has none (or several: never a variable). */
function lookup(part: { key: string; fallback?: string }, context: RequestContextValues): string | undefined {
  const v = context.get(part.key);
  if (v === undefined || Array.isArray(v)) return part.fallback;
  return String(v);
}

/** The text with variables substituted, for the equality operators (nothing is a wildcard). */
export function resolveText(t: Template, context: RequestContextValues): string | undefined {
  let out = "";
  for (const p of t.parts) {
    if (p.kind === "var") {
      const v = lookup(p, context);
      if (v === undefined) return undefined;
      out += v;
    } else out += p.text;
  }
  return out;
}

/** Glob tokens with variables substituted as literal text, for Like operators and resources. */
export function resolveTokens(t: Template, context: RequestContextValues): GlobToken[] | undefined {
  const out: GlobToken[] = [];
  for (const p of t.parts) {
    if (p.kind === "text") out.push(...globTokens(p.text));
    else if (p.kind === "raw") out.push(p.text);
    else {
      const v = lookup(p, context);
      if (v === undefined) return undefined;
      out.push(v);
    }
  }
  return out;
}

export function isConstant(t: Template): boolean {
  return t.parts.every((p) => p.kind === "text");
}

/** A template without variables, for text in 2008-10-17 policies where `${` means nothing. */
export function literalTemplate(text: string): Template {
  return { parts: text === "" ? [] : [{ kind: "text", text }], names: [] };
}

/** The text of a template without variables (see `isConstant`). */
export function constantText(t: Template): string {
  return t.parts.map((p) => (p.kind === "var" ? "" : p.text)).join("");
}
