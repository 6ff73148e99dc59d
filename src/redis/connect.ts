import { Redis } from "ioredis";
import type { RedisOptions } from "ioredis";
import type { Logger } from "pino";
import type { RedisSettings } from "../config/index.js";

/**
 * The connections a node keeps to Redis: one for commands (quota scripts, publishing) and one
 * subscribed to the invalidation channel (a subscribed connection can run nothing else).
 * Neither queues commands while disconnected: a quota check must fail at once and count locally
 * rather than wait for a reconnection, and a lost message is covered by the caches' own expiry.
 */
export interface RedisLink {
  readonly commands: Redis;
  readonly subscriber: Redis;
  /** Prepended to every key and channel. */
  readonly prefix: string;
  close(): Promise<void>;
}

/** A command that does not answer in this long is failed by the client (the quota store gives up sooner). */
const COMMAND_TIMEOUT_MS = 1_000;
const CONNECT_TIMEOUT_MS = 1_000;
/** Reconnection attempts back off to this, and go on for ever: Redis may come back at any time. */
const MAX_RECONNECT_DELAY_MS = 2_000;

/** ioredis options for a configured URL: redis:// and rediss:// it parses itself; a unix socket becomes `path`. */
export function connectionOptions(url: string): { url?: string; options: RedisOptions } {
  const parsed = new URL(url);
  const base: RedisOptions = {
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (times) => Math.min(times * 100, MAX_RECONNECT_DELAY_MS),
    lazyConnect: false,
  };
  if (parsed.protocol === "unix:" || parsed.protocol === "redis+unix:") {
    const db = parsed.searchParams.get("db");
    return {
      options: {
        ...base, path: decodeURIComponent(parsed.pathname),
        ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
        ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
        ...(db !== null && /^\d{1,2}$/.test(db) ? { db: Number(db) } : {}),
      },
    };
  }
  return { url, options: base };
}

export function openRedis(settings: RedisSettings, logger: Logger): RedisLink {
  const { url, options } = connectionOptions(settings.url.reveal());
  const make = (role: string, extra: RedisOptions): Redis => {
    const client = url === undefined ? new Redis({ ...options, ...extra }) : new Redis(url, { ...options, ...extra });
    watch(client, role, logger);
    return client;
  };
  const commands = make("commands", { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: COMMAND_TIMEOUT_MS });
  // Its SUBSCRIBE waits for the connection, and ioredis subscribes again after each reconnection.
  const subscriber = make("subscriber", { enableOfflineQueue: true, maxRetriesPerRequest: null, autoResubscribe: true });
  return {
    commands, subscriber, prefix: settings.keyPrefix,
    close: async () => {
      await Promise.all([commands, subscriber].map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}

/**
 * Says once when a connection is lost and once when it is back, rather than at every retry.
 * Without a listener, ioredis would print each connection error on the console itself.
 */
function watch(client: Redis, role: string, logger: Logger): void {
  let down = false;
  client.on("error", (error: unknown) => {
    if (down) return;
    down = true;
    // The error's code only: a message may carry the host, never a password, but keep it terse.
    const code = typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : "error";
    logger.warn({ redis: role, code }, "Redis is unreachable: quotas are counted by this node alone and other nodes' changes reach it only when its caches expire, until it is back");
  });
  client.on("ready", () => {
    if (down) logger.info({ redis: role }, "Redis is reachable again");
    down = false;
  });
}
