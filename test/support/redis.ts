import { createConnection } from "node:net";

/** The Redis the tests use: .ci/run starts one at 127.0.0.1:6379 when none answers. */
export const TEST_REDIS_URL = process.env["PLINTH_TEST_REDIS_URL"] ?? "redis://127.0.0.1:6379";

/** Whether a PING is answered with PONG within two seconds (no client library: nothing to set up). */
async function reachable(): Promise<boolean> {
  const url = new URL(TEST_REDIS_URL);
  return new Promise((resolve) => {
    const socket = createConnection({ host: url.hostname, port: Number(url.port || 6379) });
    const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(2_000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => done(data.toString().startsWith("+PONG")));
  });
}

/**
 * A describe's `skip` for tests that need Redis: false when it answers, or under CI (where
 * .ci/run starts it, so an unreachable server fails the tests rather than skipping them).
 */
export async function redisSkip(): Promise<false | string> {
  return process.env["CI"] || (await reachable()) ? false : `Redis is not reachable at ${TEST_REDIS_URL} (start redis-server, or set PLINTH_TEST_REDIS_URL)`;
}
