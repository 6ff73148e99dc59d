import type { Logger } from "pino";

/** A logger that keeps its warnings' messages, so a test can count them. */
export function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const logger = { warnings, warn: (_: unknown, message: string) => { warnings.push(message); }, info: () => undefined, debug: () => undefined, error: () => undefined };
  return logger as unknown as Logger & { warnings: string[] };
}
