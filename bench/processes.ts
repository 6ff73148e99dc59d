import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** Child processes of the benchmark: started, waited for, measured, stopped. */
export interface Child {
  readonly url: string;
  readonly pid: number;
  stderr(): string;
  stop(): Promise<void>;
}

export const CHILD_SCRIPT = fileURLToPath(new URL("./child.js", import.meta.url));

/** Spawns `node args...` and waits for `pattern` (its group 1 is the URL) on the given stream. */
export async function spawnUntil(
  args: readonly string[],
  pattern: RegExp,
  options: { cwd?: string; env?: Record<string, string>; stdout?: number | "pipe"; on?: "stdout" | "stderr" } = {},
): Promise<Child> {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: options.env ?? { PATH: process.env["PATH"] ?? "" },
    stdio: ["ignore", options.stdout ?? "pipe", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => { err += d.toString(); });
  // The stream that announces the URL; a piped stdout is drained afterwards so it never blocks.
  const watched = options.on === "stderr" ? child.stderr! : child.stdout!;
  let text = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(" ")} did not start:\n${err}`)), 30_000);
    const onData = (d: Buffer): void => {
      text += d.toString();
      const m = pattern.exec(text);
      if (!m) return;
      clearTimeout(timer);
      watched.off("data", onData);
      watched.resume();
      resolve(m[1]!);
    };
    watched.on("data", onData);
    child.once("exit", (code) => { clearTimeout(timer); reject(new Error(`${args.join(" ")} exited with ${code}:\n${err}`)); });
  });
  return { url, pid: child.pid!, stderr: () => err, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

export function startUpstreamChild(host?: string): Promise<Child> {
  return spawnUntil([CHILD_SCRIPT, "upstream", ...(host === undefined ? [] : [host])], /listening (\S+)/);
}

export function startProxyChild(upstream: string, client: "fetch" | "http"): Promise<Child> {
  return spawnUntil([CHILD_SCRIPT, "proxy", upstream, client], /listening (\S+)/);
}

/**
 * The TLS floor (bench/tls-floor.ts) in its own process; its certificate comes from a CA it makes
 * itself. With `journal` (a file path), the durable floor: every answer waits for its record's fdatasync.
 */
export function startTlsFloorChild(upstream: string, journal?: string, nodeArgs: readonly string[] = []): Promise<Child> {
  return spawnUntil([...nodeArgs, CHILD_SCRIPT, "tls-floor", upstream, ...(journal === undefined ? [] : [journal])], /listening (\S+)/);
}

/** Resident set size (VmRSS) and its peak (VmHWM) of a process, in MiB, from /proc. */
export async function memoryOf(pid: number): Promise<{ rssMiB: number; peakRssMiB: number }> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rssMiB: round(kib("VmRSS") / 1024, 1), peakRssMiB: round(kib("VmHWM") / 1024, 1) };
}

/** CPU time a process has used so far (user + system), in seconds, from /proc. */
export async function cpuSecondsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces) start at ") ".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

/** CPU time the whole machine has spent busy (user, nice, system, irq, softirq), in seconds. */
export async function machineCpuSeconds(): Promise<number> {
  const line = (await readFile("/proc/stat", "utf8")).split("\n", 1)[0]!;
  const [user, nice, system, , , irq, softirq] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user! + nice! + system! + irq! + softirq!) / 100;
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
