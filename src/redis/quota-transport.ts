import type { Redis } from "ioredis";
import { NodeQuotaStore } from "../service/quotas/index.js";
import type { QuotaRequest, QuotaStore, QuotaTake, QuotaTransport } from "../service/quotas/index.js";

/**
 * The token bucket of src/service/quotas/token-bucket.ts, as one Lua script: Redis runs a script
 * atomically, so a take or an adjust is one round trip whatever the number of nodes, and two
 * nodes can never both spend the last unit. The time is Redis's own (TIME), so the nodes' clocks
 * need not agree. A bucket is a hash {l: level, t: ms}; it expires once it would have refilled
 * to capacity, when it holds nothing a new bucket would not.
 *
 * KEYS[1] the bucket; ARGV: perMinute, amount (a take's cost, an adjust's delta), "take" | "adjust".
 * Answers {1} (taken or adjusted) or {0, retryAfterMs}.
 */
export const BUCKET_SCRIPT = `
local perMinute = tonumber(ARGV[1])
local amount = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local held = redis.call('HMGET', KEYS[1], 'l', 't')
local level = perMinute
local at = now
if held[1] and held[2] then
  level = tonumber(held[1])
  at = tonumber(held[2])
end
local elapsed = now - at
if elapsed < 0 then elapsed = 0 end
level = math.min(perMinute, level + elapsed * perMinute / 60000)
if now > at then at = now end
local answer = {1}
if ARGV[3] == 'take' then
  local charge = math.min(math.max(0, amount), perMinute)
  if level >= charge then
    level = level - charge
  else
    answer = {0, math.ceil((charge - level) * 60000 / perMinute)}
  end
else
  level = math.max(-perMinute, math.min(perMinute, level - amount))
end
redis.call('HSET', KEYS[1], 'l', string.format('%.17g', level), 't', string.format('%d', at))
redis.call('PEXPIRE', KEYS[1], math.ceil((perMinute - level) * 60000 / perMinute) + 1000)
return answer
`;

type Scripted = Redis & { plinthBucket(key: string, perMinute: number, amount: number, op: "take" | "adjust"): Promise<[number, number?]> };

/**
 * Quota requests answered by Redis, for NodeQuotaStore (which bounds the wait and counts locally
 * when this rejects or is slow). ioredis sends the script by its SHA and loads it on NOSCRIPT.
 */
export function redisQuotaTransport(commands: Redis, prefix: string): QuotaTransport {
  if (!("plinthBucket" in commands)) commands.defineCommand("plinthBucket", { numberOfKeys: 1, lua: BUCKET_SCRIPT });
  const scripted = commands as Scripted;
  return {
    call: async (request: QuotaRequest): Promise<QuotaTake | undefined> => {
      const key = `${prefix}quota:${request.key}`;
      if (request.op === "adjust") {
        await scripted.plinthBucket(key, request.perMinute, request.delta, "adjust");
        return undefined;
      }
      const [ok, retryAfterMs] = await scripted.plinthBucket(key, request.perMinute, request.cost, "take");
      return ok === 1 ? { ok: true } : { ok: false, retryAfterMs: Number(retryAfterMs) };
    },
  };
}

/**
 * Quotas counted in Redis, so a limit holds across every node: each take and adjust is one script
 * run, waited for at most `timeoutMs` (100 ms by default). Past that, or while Redis cannot be
 * reached, calls are counted in `own` (the node's buckets, at the full limit: never unlimited)
 * and `onFallback` is told once; Redis is asked again after `retryAfterMs` (5 s by default).
 */
export function redisQuotaStore(
  commands: Redis, prefix: string, own: QuotaStore, onFallback: (reason: string) => void,
  timing: { readonly timeoutMs?: number; readonly retryAfterMs?: number; readonly now?: () => number } = {},
): NodeQuotaStore {
  return new NodeQuotaStore(redisQuotaTransport(commands, prefix), { workers: 1, fallback: own, holder: "Redis", onFallback, ...timing });
}
