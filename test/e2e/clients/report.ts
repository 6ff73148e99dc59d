/**
 * For the client scripts: run named scenarios one after another, each bounded in time, and
 * print one JSON line mapping each name to what the client gave back or the error it raised
 * (name, message, HTTP status and the error body where the client keeps them), so the test can
 * say exactly which call failed and why while the others still run.
 */
export interface Outcome {
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: { name: string; message: string; status?: number; body?: string; cause?: string };
}

export type Report = Record<string, Outcome>;

export async function runScenarios(scenarios: Record<string, () => Promise<unknown>>, timeoutMs = 20_000): Promise<void> {
  const report: Report = {};
  for (const [name, scenario] of Object.entries(scenarios)) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs); });
    try {
      report[name] = { ok: true, value: await Promise.race([scenario(), timeout]) };
    } catch (e) {
      report[name] = { ok: false, error: describe(e) };
    } finally {
      clearTimeout(timer);
    }
  }
  // A scenario that timed out may leave a call open; the report is all the test waits for.
  process.stdout.write(JSON.stringify(report) + "\n", () => process.exit(0));
}

function describe(e: unknown): NonNullable<Outcome["error"]> {
  if (!(e instanceof Error)) return { name: "NonError", message: String(e) };
  const x = e as Error & { statusCode?: number; responseBody?: string; $metadata?: { httpStatusCode?: number }; lastError?: unknown };
  const status = x.statusCode ?? x.$metadata?.httpStatusCode;
  const cause = x.cause ?? x.lastError;
  return {
    name: x.name,
    message: x.message.slice(0, 1000),
    ...(status !== undefined ? { status } : {}),
    ...(typeof x.responseBody === "string" ? { body: x.responseBody.slice(0, 1000) } : {}),
    ...(cause instanceof Error ? { cause: `${cause.name}: ${cause.message}`.slice(0, 1000) } : {}),
  };
}

/** Read a required setting the test passes to the script. */
export function setting(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`${name} is not set`);
  return value;
}
