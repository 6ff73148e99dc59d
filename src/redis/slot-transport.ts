import type { Redis } from "ioredis";
import { SharedSlots } from "../service/provisioned/index.js";
import type { LocalSlots, SlotTransport } from "../service/provisioned/index.js";

/**
 * A counting semaphore per capacity pool, as one Lua script: a sorted set of leases scored by
 * when each expires (Redis's own clock, TIME, so the nodes' clocks need not agree). Redis runs a
 * script atomically, so an acquire (drop the expired leases, count, add) is one step: two nodes
 * can never both take the last place. A lease not renewed expires, so a node that dies holds no
 * place for longer than a lease; the set itself expires with its longest-lived lease.
 *
 * KEYS[1] the pool's set.
 * acquire: ARGV "acquire", limit, lease id, leaseMs. Answers {1, held} (taken) or {0, held} (full).
 * renew: ARGV "renew", lease id, leaseMs. Answers {1, 1} (renewed) or {1, 0} (not held: expired or released).
 * release: ARGV "release", lease id. Answers {1, removed} (0 or 1).
 */
export const SLOT_SCRIPT = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local function keep(leaseMs)
  if redis.call('PTTL', KEYS[1]) < leaseMs then redis.call('PEXPIRE', KEYS[1], leaseMs) end
end
if ARGV[1] == 'acquire' then
  local limit = tonumber(ARGV[2])
  local leaseMs = tonumber(ARGV[4])
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
  local held = redis.call('ZCARD', KEYS[1])
  if held >= limit then return {0, held} end
  redis.call('ZADD', KEYS[1], now + leaseMs, ARGV[3])
  keep(leaseMs)
  return {1, held + 1}
end
if ARGV[1] == 'renew' then
  local leaseMs = tonumber(ARGV[3])
  local until_ = redis.call('ZSCORE', KEYS[1], ARGV[2])
  -- An expired lease not swept yet is gone all the same: its place may have been counted free.
  if not until_ or tonumber(until_) <= now then
    redis.call('ZREM', KEYS[1], ARGV[2])
    return {1, 0}
  end
  redis.call('ZADD', KEYS[1], now + leaseMs, ARGV[2])
  keep(leaseMs)
  return {1, 1}
end
if ARGV[1] == 'release' then
  return {1, redis.call('ZREM', KEYS[1], ARGV[2])}
end
return redis.error_reply('unknown operation')
`;

const SCRIPT = "plinthSlots";
type Scripted = Redis & { [SCRIPT](numberOfKeys: number, ...args: Array<string | number>): Promise<unknown> };

/**
 * The script's answer as it must be: a pair of integers, the first 1 or 0, the second a count.
 * Anything else throws, so SharedSlots counts the call locally: a reply of another shape (a
 * confused proxy, another script under the name) is never read as a place taken.
 */
function pair(reply: unknown): readonly [0 | 1, number] {
  if (Array.isArray(reply) && reply.length === 2 && (reply[0] === 0 || reply[0] === 1) && Number.isSafeInteger(reply[1]) && (reply[1] as number) >= 0) {
    return [reply[0], reply[1] as number];
  }
  throw new Error("Redis answered something that is not a capacity decision");
}

/** Capacity places counted in Redis, for SharedSlots. ioredis sends the script by its SHA and loads it on NOSCRIPT. */
export function redisSlotTransport(commands: Redis, prefix: string): SlotTransport {
  if (!(SCRIPT in commands)) commands.defineCommand(SCRIPT, { lua: SLOT_SCRIPT });
  // Under their own word beside the quotas' `quota:` buckets; a pool's name holds its ids apart (CapacityGate).
  const run = async (pool: string, ...args: Array<string | number>) => pair(await (commands as Scripted)[SCRIPT](1, `${prefix}slots:${pool}`, ...args));
  return {
    acquire: async (pool, limit, id, leaseMs) => (await run(pool, "acquire", limit, id, leaseMs))[0] === 1,
    renew: async (pool, id, leaseMs) => {
      const [ok, held] = await run(pool, "renew", id, leaseMs);
      if (ok !== 1 || held > 1) throw new Error("Redis answered something that is not a lease renewal");
      return held === 1;
    },
    release: async (pool, id) => {
      const [ok, removed] = await run(pool, "release", id);
      if (ok !== 1 || removed > 1) throw new Error("Redis answered something that is not a lease release");
    },
  };
}

/**
 * Calls at once counted in Redis, so a provider's capacity holds across every node: each acquire
 * and release is one script run, waited for at most 100 ms; past that, or while Redis cannot be
 * reached, places are counted in `own` (this process's share, never unlimited) and `onFallback`
 * is told once; Redis is asked again after 5 s.
 */
export function redisCapacitySlots(
  commands: Redis, prefix: string, own: LocalSlots, onFallback: (reason: string) => void,
  timing: { readonly leaseMs?: number; readonly timeoutMs?: number; readonly retryAfterMs?: number; readonly now?: () => number } = {},
): SharedSlots {
  return new SharedSlots(redisSlotTransport(commands, prefix), { fallback: own, holder: "Redis", onFallback, ...timing });
}
