import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { suppliedConditionKeys } from "../http/condition-keys.js";
import { compilePolicy, loadIamCatalog } from "../policy/index.js";
import type { PolicyKind } from "../policy/index.js";

const KINDS: readonly PolicyKind[] = ["identity", "boundary", "session", "scp", "resource", "trust", "key"];

/**
 * `plinth iam validate FILE [--type T]`: Access Analyzer's ValidatePolicy, offline. Errors are
 * what plinth (and AWS) refuses; warnings what is accepted but probably not meant, among them a
 * condition on a key plinth never supplies for the statement's actions. Exit 1 on an error.
 */
export async function validatePolicyFile(argv: readonly string[], out: (line: string) => void, usage: () => number): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { type: { type: "string" } } });
  const file = positionals[0];
  const kind = (values.type ?? "identity") as PolicyKind;
  if (!file || !KINDS.includes(kind)) return usage();
  const result = compilePolicy(await readFile(file, "utf8"), kind, file, { catalog: loadIamCatalog(), supplied: suppliedConditionKeys(), maxLength: Number.MAX_SAFE_INTEGER });
  const line = (level: string, p: { path: string; message: string }) => out(`${level.padEnd(8)}${p.path === "" ? "" : `${p.path}: `}${p.message}`);
  if (!result.ok) {
    for (const p of result.problems) line("error", p);
    return 1;
  }
  for (const p of result.warnings) line("warning", p);
  out(result.warnings.length === 0 ? `${file}: valid ${kind} policy` : `${file}: valid ${kind} policy, with ${result.warnings.length} warning(s)`);
  return 0;
}
