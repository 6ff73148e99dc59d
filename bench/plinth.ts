import { closeSync, openSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnUntil } from "./processes.js";
import type { Child } from "./processes.js";
import { UPSTREAM_MODEL } from "./upstream.js";

/**
 * The real server, started the way an operator starts it (`plinth start`), in front of the
 * instant upstream. Its log goes to a file, as it would to a log collector, so that reading it
 * costs the benchmark's own process nothing.
 */
export const MODEL_ID = "meta.llama3-1-8b-instruct-v1:0";

export interface Plinth extends Child {
  readonly region: string;
  readonly ca: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly logFile: string;
  /** The server's data directory (its SQLite store is there), removed when it stops. */
  readonly dataDir: string;
  /** With several workers, theirs (the primary, `pid`, only hands out connections); else empty. */
  readonly workerPids: readonly number[];
  /** How many lines the server has logged so far (the access log writes one per request). */
  logLines(): Promise<number>;
  /** Whether the log says the audit journal was left out (PLINTH_BENCH_AUDIT_OFF). */
  auditDisabled(): Promise<boolean>;
  /** After stop: the group-commit batches the server logged when its audit trail closed. */
  auditBatches(): Promise<{ batches: number; events: number } | undefined>;
}

export interface PlinthOptions {
  readonly upstream: string;
  readonly logLevel: string;
  /** Directory for a V8 CPU profile of the server (written when it stops). */
  readonly cpuProfDir?: string;
  /** Extra node flags for the server process (diagnostics: --cpu-prof, --import a probe). */
  readonly nodeArgs?: readonly string[];
  /** Extra `server` settings (e.g. insecureHttp for the diagnostic without TLS). */
  readonly server?: Readonly<Record<string, unknown>>;
  /**
   * The baseline for what auditing costs: the server without its audit journal
   * (PLINTH_BENCH_AUDIT_OFF=1, which src/main.ts honours with a warning in the log).
   */
  readonly auditOff?: boolean;
  /**
   * `--workers`: 1 unless asked (one process, as the figures before `--workers` existed, and so
   * the pid and memory measured are the server's own).
   */
  readonly workers?: number;
  /**
   * The command's script, relative to the repository (default bin/plinth.js): another build of
   * the same tree (a copy of dist/ with its own bin script) for before/after pairs.
   */
  readonly entry?: string;
  /** Extra environment for the server (a diagnostic probe's settings). */
  readonly env?: Readonly<Record<string, string>>;
}

const REPO = resolve(fileURLToPath(new URL("../..", import.meta.url)));

export async function startPlinth(options: PlinthOptions): Promise<Plinth> {
  const work = await mkdtemp(join(tmpdir(), "plinth-bench-"));
  const dataDir = join(work, "data");
  const configFile = join(work, "config.json");
  await writeFile(configFile, JSON.stringify({
    region: "eu-west-2",
    ...(options.server ? { server: options.server } : {}),
    providers: [{ id: "instant", type: "openai", baseUrl: `${options.upstream}/v1`, apiKey: "sk-bench", processingRegion: "eu-west-2", timeoutMs: 5000 }],
    models: [{ modelId: MODEL_ID, provider: "instant", upstreamModel: UPSTREAM_MODEL, providerName: "Meta" }],
  }));
  const logFile = join(work, "plinth.log");
  const logFd = openSync(logFile, "a");
  const prof = [...(options.nodeArgs ?? []), ...(options.cpuProfDir ? ["--cpu-prof", "--cpu-prof-dir", options.cpuProfDir] : [])];
  let child: Child;
  try {
    child = await spawnUntil(
      [...prof, options.entry ?? "bin/plinth.js", "start", "--data-dir", dataDir, "--port", "0", "--config", configFile, "--workers", String(options.workers ?? 1)],
      /plinth listening on (\S+)/,
      { cwd: REPO, env: { PATH: process.env["PATH"] ?? "", PLINTH_LOG_LEVEL: options.logLevel, ...(options.auditOff ? { PLINTH_BENCH_AUDIT_OFF: "1" } : {}), ...options.env }, stdout: logFd, on: "stderr" },
    );
  } finally {
    closeSync(logFd); // the child holds its own copy
  }
  const region = /\(region (\S+)\)/.exec(child.stderr())![1]!;
  const credentialsText = await readFile(join(dataDir, "credentials"), "utf8");
  let finalLog = "";
  return {
    ...child,
    region,
    logFile,
    dataDir,
    workerPids: (/^workers: \d+ processes sharing the listeners \(pids ([\d, ]+);/m.exec(child.stderr())?.[1] ?? "").split(", ").filter(Boolean).map(Number),
    ca: await readFile(join(dataDir, "tls", "ca.pem"), "utf8").catch(() => ""), // none with insecureHttp
    credentials: {
      accessKeyId: /aws_access_key_id = (\S+)/.exec(credentialsText)![1]!,
      secretAccessKey: /aws_secret_access_key = (\S+)/.exec(credentialsText)![1]!,
    },
    logLines: async () => (await readFile(logFile, "utf8")).split("\n").filter((l) => l !== "").length,
    auditDisabled: async () => (await readFile(logFile, "utf8")).includes("audit trail disabled for a benchmark"),
    auditBatches: async () => {
      const line = finalLog.split("\n").find((l) => l.includes("audit trail closed"));
      if (line === undefined) return undefined;
      const { batches, events } = JSON.parse(line) as { batches: number; events: number };
      return { batches, events };
    },
    stop: async () => {
      await child.stop();
      finalLog = await readFile(logFile, "utf8").catch(() => "");
      await rm(work, { recursive: true, force: true });
    },
  };
}
