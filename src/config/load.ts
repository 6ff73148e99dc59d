import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { deepFreeze } from "./freeze.js";
import { ConfigError, type ConfigProblem } from "./problems.js";
import { parseConfigText } from "./parse.js";
import type { RawConfig } from "./raw.js";
import { resolveConfig } from "./resolve.js";
import { checkRules } from "./rules.js";
import { SecretResolver } from "./secrets.js";
import type { ResolvedConfig } from "./types.js";
import { createConfigValidator, type ConfigValidator } from "./validate.js";

/** Values given on the command line; they win over the file. */
export interface ConfigOverrides {
  readonly dataDir?: string;
  readonly port?: number;
  readonly host?: string;
  /** A URL, or a reference (env:NAME, file:PATH) like the file's databaseUrl. */
  readonly databaseUrl?: string;
  /** `--fips`: only true turns it on; absent leaves the file's server.fips. */
  readonly fips?: boolean;
}

export interface LoadConfigOptions {
  /** A YAML or JSON file; without one, defaults apply and no providers or models are configured. */
  readonly file?: string;
  /** The environment, passed in: the loader never reads process.env. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly overrides?: ConfigOverrides;
  /** Relative override paths, `file` and $PLINTH_MODEL_DIR are relative to this; default process.cwd(). */
  readonly cwd?: string;
}

/**
 * Reads, validates and resolves the configuration once, at start-up. Every problem found is
 * thrown together as a ConfigError; the result is deeply frozen. Compiling the schema takes
 * ~100 ms, so tests that load many configurations pass one `validator` to all of them.
 */
export function loadConfig(options: LoadConfigOptions, validator?: ConfigValidator): ResolvedConfig {
  const cwd = options.cwd ?? process.cwd();
  const file = options.file === undefined ? undefined : resolve(cwd, options.file);
  const baseDir = file === undefined ? cwd : dirname(file);
  const data = file === undefined ? {} : parseConfigText(readConfigFile(file), file);

  const overridden = applyOverrides(data, options.overrides ?? {}, cwd);
  const fail = (problems: readonly ConfigProblem[]) => {
    if (problems.length > 0) throw new ConfigError(problems.map((p) => markOverride(p, overridden)), file);
  };

  fail((validator ?? createConfigValidator())(data));
  const raw = data as RawConfig;
  fail(checkRules(raw));
  const secrets = new SecretResolver({ env: options.env, baseDir });
  const config = resolveConfig(raw, { baseDir, cwd, env: options.env, secrets }, file);
  fail(secrets.problems);
  return deepFreeze(config);
}

function readConfigFile(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new ConfigError([{ path: "", message: `cannot read ${file} (${code})` }]);
  }
}

/**
 * Puts overrides where the file would have them, so the schema checks them the same way. With
 * configured listeners, --host and --port move the first (the default) listener.
 */
function applyOverrides(data: unknown, overrides: ConfigOverrides, cwd: string): Set<string> {
  const paths = new Set<string>();
  if (!isMapping(data)) return paths;
  const entries = Object.entries(overrides).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return paths;
  const server = isMapping(data.server) ? data.server : {};
  data.server = server;
  const firstListener = Array.isArray(server.listeners) && isMapping(server.listeners[0]) ? server.listeners[0] : undefined;
  for (const [key, value] of entries) {
    if (firstListener !== undefined && (key === "host" || key === "port")) {
      firstListener[key] = value;
      paths.add(`server.listeners[0].${key}`);
      continue;
    }
    // A directory given on the command line is relative to where the command ran.
    server[key] = key === "dataDir" && typeof value === "string" ? resolve(cwd, value) : value;
    paths.add(`server.${key}`);
  }
  return paths;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function markOverride(problem: ConfigProblem, overridden: ReadonlySet<string>): ConfigProblem {
  return overridden.has(problem.path) ? { ...problem, message: `${problem.message} (given as an override)` } : problem;
}
