import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * Starts the real server as a child process through the `plinth` command, exactly as an
 * operator would, and captures its stdout and stderr for the tests that scan them.
 */
export interface RunningServer {
  readonly url: string;
  readonly region: string;
  readonly dataDir: string;
  readonly ca: string;
  readonly caPath: string;
  readonly credentialsFile: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** The server process, for a test that must end it when SIGTERM does not. */
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  readonly config?: unknown;
  readonly args?: readonly string[];
  /**
   * Without it, `--workers 1` (one process: what most suites test is a feature, not the workers,
   * and they read one process's state); "default" leaves the count to `plinth start`, as a new
   * user meets it. `--workers` in `args` wins.
   */
  readonly workers?: "default";
  readonly env?: Record<string, string>;
  /** Reuse a data directory (to test restarts); default a new temporary one. */
  readonly dataDir?: string;
}

export const REPO = resolve(".");

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? await mkdtemp(join(tmpdir(), "plinth-e2e-"));
  const pinned = options.workers === undefined && !(options.args ?? []).includes("--workers") ? ["--workers", "1"] : [];
  const args = ["bin/plinth.js", "start", "--data-dir", dataDir, "--port", "0", ...pinned, ...(options.args ?? [])];
  // The config holds upstream keys: it lives in its own private temporary folder, removed on stop.
  const configDir = options.config === undefined ? undefined : await mkdtemp(join(tmpdir(), "plinth-e2e-config-"));
  if (configDir !== undefined) {
    const file = join(configDir, "config.json");
    await writeFile(file, JSON.stringify(options.config), { mode: 0o600 });
    args.push("--config", file);
  }
  const child = spawn(process.execPath, args, { cwd: REPO, env: { PATH: process.env["PATH"] ?? "", PLINTH_LOG_LEVEL: "info", ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d: Buffer) => { out += d.toString(); });
  child.stderr!.on("data", (d: Buffer) => { err += d.toString(); });
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${err}`)), 30_000);
    const check = (): void => {
      const m = /plinth listening on (\S+)/.exec(err);
      if (m) { clearTimeout(timer); resolveUrl(m[1]!); }
    };
    child.stderr!.on("data", check);
    child.once("exit", (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${err}`)); });
  });
  const region = /\(region (\S+)\)/.exec(err)![1]!;
  const credentialsFile = join(dataDir, "credentials");
  const text = await readFile(credentialsFile, "utf8");
  const caPath = join(dataDir, "tls", "ca.pem");
  return {
    url, region, dataDir, caPath, credentialsFile, pid: child.pid!,
    ca: await readFile(caPath, "utf8").catch(() => ""),
    credentials: {
      accessKeyId: /aws_access_key_id = (\S+)/.exec(text)![1]!,
      secretAccessKey: /aws_secret_access_key = (\S+)/.exec(text)![1]!,
    },
    stdout: () => out,
    stderr: () => err,
    stop: async () => {
      await stopChild(child, options.dataDir === undefined ? dataDir : undefined);
      if (configDir !== undefined) await rm(configDir, { recursive: true, force: true });
    },
  };
}

async function stopChild(child: ChildProcess, removeDir: string | undefined): Promise<void> {
  // A child killed by a signal keeps exitCode null for good (signalCode says why it ended): checking
  // exitCode alone waited forever for an exit that had already happened after a test's SIGKILL.
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
  // 'exit' may come before the last of the child's output has been read: a test reading stdout
  // right after stop() then missed its final lines (seen under load). Wait for the pipes to close.
  await Promise.all([child.stdout, child.stderr].map((s) =>
    (s === null || s.closed || s.destroyed ? undefined : new Promise((r) => s.once("close", r)))));
  if (removeDir) await rm(removeDir, { recursive: true, force: true });
}
