import { after, before } from "node:test";
import type { Logger } from "pino";
import { TEST_REDIS_URL } from "../../test/support/redis.js";
import { Sensitive } from "../kernel/index.js";
import { openRedis } from "./connect.js";
import type { RedisLink } from "./connect.js";

/** A logger that keeps its warnings' messages, so a test can count them. */
export function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const logger = { warnings, warn: (_: unknown, message: string) => { warnings.push(message); }, info: () => undefined, debug: () => undefined, error: () => undefined };
  return logger as unknown as Logger & { warnings: string[] };
}

/** A link to the Redis at `url` under `prefix` (its logger keeps warnings). */
export const link = (url: string, prefix: string, logger: Logger = recordingLogger()): RedisLink => openRedis({ url: new Sensitive(url), keyPrefix: prefix }, logger);

/** Resolves once the link's commands can be sent. */
export async function ready(redis: RedisLink): Promise<void> {
  if (redis.commands.status !== "ready") await new Promise((resolve) => redis.commands.once("ready", resolve));
}

/** A describe's link to the test Redis under `prefix`, opened before its cases; its keys are deleted and the link closed after them. */
export function redisUnder(prefix: string): () => RedisLink {
  let redis: RedisLink | undefined;
  before(async () => { redis = link(TEST_REDIS_URL, prefix); await ready(redis); });
  after(async () => {
    if (redis === undefined) return;
    const keys = await redis.commands.keys(`${prefix}*`);
    if (keys.length > 0) await redis.commands.del(...keys);
    await redis.close();
  });
  return () => redis!;
}
