import type { Redis } from "ioredis";
import { DEBT_MINUTES, NodeQuotaStore } from "../service/quotas/index.js";
import type { BucketTake, QuotaRequest, QuotaStore, QuotaTake, QuotaTakeAll, QuotaTransport } from "../service/quotas/index.js";

/**
 * The token bucket of src/service/quotas/token-bucket.ts, as one Lua script: Redis runs a script
 * atomically, so a take or an adjust is one round trip whatever the number of nodes, and two
 * nodes can never both spend the last unit. The time is Redis's own (TIME), so the nodes' clocks
 * need not agree. A bucket is a hash {l: level, t: ms}; it expires once it would have refilled
 * to capacity, when it holds nothing a new bucket would not.
 *
 * take: KEYS the buckets, ARGV "take", then perMinute and cost for each key; all or nothing.
 * adjust: KEYS[1] the bucket, ARGV "adjust", perMinute, delta.
 * Answers {1} (taken or adjusted) or {0, retryAfterMs, index} (index from 0: the first that refused).
 */
export const BUCKET_SCRIPT = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local function current(key, perMinute)
  local held = redis.call('HMGET', key, 'l', 't')
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
  return level, at
end
local function keep(key, perMinute, level, at)
  redis.call('HSET', key, 'l', string.format('%.17g', level), 't', string.format('%d', at))
  redis.call('PEXPIRE', key, math.ceil((perMinute - level) * 60000 / perMinute) + 1000)
end
if ARGV[1] == 'adjust' then
  local perMinute = tonumber(ARGV[2])
  local level, at = current(KEYS[1], perMinute)
  keep(KEYS[1], perMinute, math.max(-${DEBT_MINUTES} * perMinute, math.min(perMinute, level - tonumber(ARGV[3]))), at)
  return {1}
end
local after = {}
for i = 1, #KEYS do
  local perMinute = tonumber(ARGV[2 * i])
  local level, at = current(KEYS[i], perMinute)
  local charge = math.min(math.max(0, tonumber(ARGV[2 * i + 1])), perMinute)
  if level < charge then
    return {0, math.ceil((charge - level) * 60000 / perMinute), i - 1}
  end
  after[i] = {perMinute, level - charge, at}
end
for i = 1, #KEYS do
  keep(KEYS[i], after[i][1], after[i][2], after[i][3])
end
return {1}
`;

const SCRIPT = "plinthBuckets";
type Scripted = Redis & { [SCRIPT](numberOfKeys: number, ...args: Array<string | number>): Promise<[number, number?, number?]> };

/**
 * Quota requests answered by Redis, for NodeQuotaStore (which bounds the wait and counts locally
 * when this rejects or is slow). ioredis sends the script by its SHA and loads it on NOSCRIPT.
 */
export function redisQuotaTransport(commands: Redis, prefix: string): QuotaTransport {
  if (!(SCRIPT in commands)) commands.defineCommand(SCRIPT, { lua: BUCKET_SCRIPT });
  const run = (keys: readonly string[], args: ReadonlyArray<string | number>) =>
    (commands as Scripted)[SCRIPT](keys.length, ...keys.map((k) => `${prefix}quota:${k}`), ...args);
  const takeAll = async (takes: readonly BucketTake[]): Promise<QuotaTakeAll> => {
    if (takes.length === 0) return { ok: true };
    const [ok, retryAfterMs, index] = await run(takes.map((t) => t.key), ["take", ...takes.flatMap((t) => [t.perMinute, t.cost])]);
    return ok === 1 ? { ok: true } : { ok: false, retryAfterMs: Number(retryAfterMs), index: Number(index) };
  };
  return {
    call: async (request: QuotaRequest): Promise<QuotaTake | QuotaTakeAll | undefined> => {
      if (request.op === "adjust") {
        await run([request.key], ["adjust", request.perMinute, request.delta]);
        return undefined;
      }
      if (request.op === "takeAll") return takeAll(request.takes);
      const answer = await takeAll([request]);
      return answer.ok ? answer : { ok: false, retryAfterMs: answer.retryAfterMs };
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
