import { Fault } from "../kernel/index.js";

/** One thing wrong with the configuration: where (`providers[1].baseUrl`) and what. */
export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * Start-up stops with every problem found, not just the first, so an operator fixes the file
 * in one pass. Messages name paths, environment variable names and file names, never values.
 */
export class ConfigError extends Fault {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], file?: string) {
    const where = file === undefined ? "" : ` in ${file}`;
    const lines = problems.map((p) => `  ${formatProblem(p)}`);
    super("validation", `invalid configuration${where}:\n${lines.join("\n")}`, { field: problems[0]?.path });
    this.problems = Object.freeze([...problems]);
  }
}

export function formatProblem(problem: ConfigProblem): string {
  return problem.path === "" ? problem.message : `${problem.path}: ${problem.message}`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `["providers", 1, "baseUrl"]` -> `providers[1].baseUrl`. */
export function joinPath(segments: readonly (string | number)[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** A JSON pointer (`/providers/1/baseUrl`, as ajv reports it) -> segments. */
export function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((raw) => raw.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}
