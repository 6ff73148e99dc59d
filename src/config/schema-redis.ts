import { DEFAULTS } from "./defaults.js";
import { SECRET, SECRET_FORMS } from "./schema-parts.js";

/**
 * Redis, for what several nodes must share and reach fast: the service quotas' token buckets
 * and the invalidation messages that make every node drop a cached key, policy or setting at
 * once. Absent: each node counts its own quotas and learns of another node's changes only when
 * its caches expire.
 */
export const redisSchema = {
  type: "object",
  additionalProperties: false,
  required: ["url"],
  description:
    "Redis shared by several plinth nodes (which share one PostgreSQL database): service quotas are counted in Redis, so a limit " +
    "holds across the nodes, and a change made through one node (a key deactivated, a policy edited, an enforced guardrail) " +
    "is published so every node drops its cached copy at once. When Redis does not answer within 100 ms, a node counts " +
    "quotas alone (its own limit, never unlimited), warns once, and tries Redis again later. Absent: nothing is shared but the database.",
  properties: {
    url: {
      type: "string",
      pattern: SECRET.pattern,
      description:
        "redis://[:password@]host:port[/db], rediss:// for TLS, or a unix socket as unix:///path/redis.sock or " +
        `redis+unix:///path/redis.sock. It may carry a password, so it is a secret: ${SECRET_FORMS}`,
    },
    keyPrefix: {
      type: "string",
      pattern: "^[A-Za-z0-9:._-]{1,64}$",
      default: DEFAULTS.redisKeyPrefix,
      description: "Prepended to every key and channel plinth uses, so several deployments can share one Redis.",
    },
  },
} as const;
