import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Readable } from "node:stream";

/**
 * One extraction in one child process (pdf-child.ts) whose memory the kernel bounds. A worker
 * thread's resourceLimits cap only the V8 heap, and pdf.js's decode buffers are ArrayBuffers
 * outside it: a 1 MB PDF that inflates to 1 GB took the whole gateway to 600 MB. So the child
 * runs under RLIMIT_DATA, which on Linux (4.7 and later) counts every private writable mapping,
 * ArrayBuffers included, while V8's large PROT_NONE reservations stay free; RLIMIT_AS would have
 * to leave room for those (node does not start below ~800 MB of address space) and so bounds
 * far less. RLIMIT_CPU ends a parser loop even if plinth itself has died and left the child.
 */
export interface ProcessLimits {
  readonly maxPages: number;
  readonly maxChars: number;
  readonly timeoutMs: number;
  /** The V8 heap, inside `memoryMb`. */
  readonly heapMb: number;
  /** Everything the child may write to: heap, decode buffers, node's own (~60 MB). */
  readonly memoryMb: number;
}

export type Ending =
  | { readonly text: string }
  | { readonly problem: "unreadable" | "encrypted" | "too-many-pages" | "too-much-text" | "too-much-memory" | "timeout" | "unavailable" };

const SHELL = "/bin/sh";
const CHILD = fileURLToPath(new URL("./pdf-child.js", import.meta.url));
/** The shell's exit status when it could not set a limit: then the child never runs. */
const NO_LIMIT = 97;
const PROBLEMS = new Set(["unreadable", "encrypted", "too-many-pages", "too-much-text", "too-much-memory"]);

/** Where the kernel can bound the child; elsewhere PDFs are refused, never read unbounded. */
export const boundedExtraction: boolean = process.platform === "linux" && existsSync(SHELL);

const live = new Set<number>();
/** How the last few processes ended (by pid), for diagnostics and tests. */
const ended = new Map<number, NodeJS.Signals | number | null>();

/** Pids of the extraction processes alive now (tests check that none outlives its request). */
export function extractionPids(): readonly number[] {
  return [...live];
}

/** How a recent extraction process ended: its exit code, or the signal that ended it. */
export function extractionEnd(pid: number): NodeJS.Signals | number | null | undefined {
  return ended.get(pid);
}

export function extractInProcess(bytes: Uint8Array, limits: ProcessLimits, signal: AbortSignal): Promise<Ending> {
  if (!boundedExtraction) return Promise.resolve({ problem: "unavailable" });
  signal.throwIfAborted();
  const cpuSeconds = Math.ceil(limits.timeoutMs / 1000) + 1;
  const script = `ulimit -d ${limits.memoryMb * 1024} || exit ${NO_LIMIT}; ulimit -t ${cpuSeconds} || exit ${NO_LIMIT}; exec "$0" "$@"`;
  const child = spawn(SHELL, [
    "-c", script, process.execPath,
    `--max-old-space-size=${limits.heapMb}`, "--disallow-code-generation-from-strings",
    CHILD, String(limits.maxPages), String(limits.maxChars),
  ], {
    // No environment: the child needs none, and plinth's holds its secrets.
    env: {},
    stdio: ["pipe", "ignore", "ignore", "pipe"],
    windowsHide: true,
  });
  const pid = child.pid;
  if (pid !== undefined) live.add(pid);
  // A UTF-16 unit is at most 3 bytes of UTF-8; more than that is a child not keeping its limit.
  const maxAnswer = limits.maxChars * 3 + 64;

  return new Promise<Ending>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let ending: Ending | undefined;
    let failure: unknown;
    const kill = () => { if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL"); };
    const stop = (end: Ending) => { ending ??= end; kill(); };
    const timer = setTimeout(() => stop({ problem: "timeout" }), limits.timeoutMs);
    const aborted = () => { failure ??= signal.reason; kill(); };
    signal.addEventListener("abort", aborted, { once: true });

    const answer = child.stdio[3] as Readable;
    answer.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxAnswer) { chunks.length = 0; stop({ problem: "too-much-text" }); return; }
      chunks.push(chunk);
    });
    answer.on("error", () => undefined);
    // The child dying early closes its stdin under us; its exit says why.
    child.stdin!.on("error", () => undefined);
    child.stdin!.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    child.on("error", () => {
      stop({ problem: "unavailable" });
      // Not spawned at all (no process, so no close to wait for).
      if (pid === undefined) { clearTimeout(timer); signal.removeEventListener("abort", aborted); resolve({ problem: "unavailable" }); }
    });

    // Settle only once the process is gone, so a slot of the gate frees with its memory.
    child.on("close", (code, killedBy) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", aborted);
      if (pid !== undefined) {
        live.delete(pid);
        ended.set(pid, killedBy ?? code);
        if (ended.size > 32) ended.delete(ended.keys().next().value!);
      }
      if (failure !== undefined) return reject(failure);
      if (ending) return resolve(ending);
      if (code === NO_LIMIT) return resolve({ problem: "unavailable" });
      // RLIMIT_CPU: the parser spun through its whole time allowance.
      if (killedBy === "SIGXCPU") return resolve({ problem: "timeout" });
      const raw = Buffer.concat(chunks);
      if (code === 0 && raw[0] === 0x54 /* T */) return resolve({ text: raw.subarray(1).toString("utf8") });
      const problem = raw.subarray(1).toString("latin1");
      if (code === 0 && raw[0] === 0x50 /* P */ && PROBLEMS.has(problem)) return resolve({ problem } as Ending);
      // No answer: V8 gave up (a fatal out-of-memory aborts the process) or the kernel killed it.
      resolve({ problem: "too-much-memory" });
    });
  });
}
