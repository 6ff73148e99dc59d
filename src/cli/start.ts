import { availableParallelism } from "node:os";
import { basename, isAbsolute, relative } from "node:path";
import { isFault } from "../kernel/index.js";
import { isWorkerProcess, runPrimary, runWorker } from "./workers.js";
import type { Banner } from "./workers.js";
import { collectStartUpGarbage } from "./start-up-garbage.js";
import { stopRequested } from "./stop-signal.js";

interface StartFlags {
  readonly "data-dir"?: string;
  readonly port?: string;
  readonly host?: string;
  readonly config?: string;
  readonly "database-url"?: string;
  readonly workers?: string;
  readonly fips?: boolean;
}

/** More would be a typing slip, not a machine: each worker holds its own caches and connections. */
const MAX_WORKERS = 256;

/** `plinth start`: runs until SIGINT/SIGTERM, then drains and closes. */
export async function startCommand(flags: StartFlags, env: Record<string, string | undefined>): Promise<number> {
  let port: number | undefined;
  if (flags.port !== undefined) {
    port = Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      process.stderr.write(`plinth: --port must be an integer between 0 and 65535\n`);
      return 2;
    }
  }
  // By default one per core this process may use (docs/WORKERS.md says what the workers share).
  const workers = flags.workers === undefined ? Math.min(availableParallelism(), MAX_WORKERS) : Number(flags.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS) {
    process.stderr.write(`plinth: --workers must be an integer between 1 and ${MAX_WORKERS}\n`);
    return 2;
  }
  const start = { configFile: flags.config, env, overrides: { dataDir: flags["data-dir"], port, host: flags.host, databaseUrl: flags["database-url"], fips: flags.fips } };
  void stopRequested(); // listening for a stop from now on (stop-signal.ts)
  if (isWorkerProcess()) return runWorker(start);
  if (workers > 1) return runPrimary({ count: workers, explicit: flags.workers !== undefined }, bannerLines);
  let running;
  try {
    // Loaded here, not at the top: a `--workers` primary only forks and never needs the server.
    const { startPlinth } = await import("../main.js");
    running = await startPlinth(start);
  } catch (error) {
    // Start-up errors are ours to explain (config paths, permissions); never a stack trace.
    const message = isFault(error) || error instanceof Error ? error.message : String(error);
    process.stderr.write(`plinth: cannot start: ${message}\n`);
    return 1;
  }
  await collectStartUpGarbage(); // what start-up needed is not kept while idle (start-up-garbage.ts)
  process.stderr.write(bannerLines(running).join("\n") + "\n");
  const signal = await stopRequested();
  process.stderr.write(`plinth: stopping (${signal}): finishing the requests in flight\n`);
  await running.close();
  process.stderr.write("plinth stopped\n");
  return 0;
}

/** What an operator needs to start using plinth, printed once (by the primary when there are workers). */
export function bannerLines(running: Banner): string[] {
  return [
    `plinth listening on ${running.url} (region ${running.region})`,
    `data directory: ${running.dataDir}`,
    running.newCredentials
      ? `created the bootstrap administrator ${running.administratorArn}; its access key is in ${running.credentialsFile}`
      : running.credentialsFile === undefined
        ? `administrator: ${running.administratorArn} (no credentials file in this data directory: the node that first started on this database wrote it)`
        : `administrator: ${running.administratorArn} (credentials file: ${running.credentialsFile})`,
    "use it with the AWS SDKs and CLI:",
    ...(running.credentialsFile === undefined ? [] : [`  export AWS_SHARED_CREDENTIALS_FILE=${shellWord(running.credentialsFile)}`]),
    `  export AWS_REGION=${shellWord(running.region)}`,
    `  export AWS_DEFAULT_REGION=${shellWord(running.region)}    # the AWS CLI v1 and boto3 read this name`,
    `  export AWS_ENDPOINT_URL=${shellWord(running.url)}`,
    ...(running.caFile ? caLines(running.caFile, running.caPermits) : []),
    ...modelLines(running.modelCount, running.dataDir),
    ...(running.metricsUrl ? [`Prometheus metrics: ${running.metricsUrl}`] : []),
    "(this text goes to stderr; the JSON log to stdout)",
  ];
}

/** With no model, a new user's next step; the data directory's model folder is where discovery looks first. */
function modelLines(count: number, dataDir: string): string[] {
  if (count > 0) return [`models: ${count}`];
  return [
    "models: none yet. To add one, download a GGUF file into the data directory and restart plinth:",
    `  ${selfCommand()} models pull https://.../NAME.gguf --sha256 HEX --data-dir ${shellWord(dataDir)}`,
    "  (or put GGUF files in $PLINTH_MODEL_DIR, or list providers and models in a --config file; see the README)",
  ];
}

/** How this command was run (`node bin/plinth.js` from a checkout, `plinth` once installed), to repeat it. */
function selfCommand(): string {
  const script = process.argv[1] ?? "";
  if (basename(script) !== "plinth.js") return "plinth";
  const rel = relative(process.cwd(), script);
  return `node ${shellWord(rel.startsWith("..") || isAbsolute(rel) ? script : rel)}`;
}

/** A value as one shell word: pasted as printed, a path with spaces or quotes must stay one. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

/**
 * How to trust the CA. AWS_CA_BUNDLE is read by the AWS CLI and botocore only; NODE_EXTRA_CA_CERTS
 * makes every Node program started from the shell trust the CA, which is why it is called a quick
 * start and the names the generated CA can vouch for are shown beside it.
 */
function caLines(caFile: string, permits: readonly string[] | undefined): string[] {
  const scope = permits === undefined ? "" : ` (it vouches only for ${permits.map((p) => p.replace(/^(DNS|IP):/, "")).join(", ")})`;
  return [
    `  export AWS_CA_BUNDLE=${shellWord(caFile)}          # the AWS CLI and boto3 trust the CA`,
    `  export NODE_EXTRA_CA_CERTS=${shellWord(caFile)}    # quick start: every Node program in this shell trusts the CA${scope}`,
    `  # to trust it in one client only, see "Trusting the CA" in the README`,
  ];
}
