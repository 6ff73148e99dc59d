import type { RequestContext, RequestNotes } from "../src/kernel/index.js";
import type { Admission, Step } from "../src/http/hooks.js";
import type { ExchangeRecord } from "../src/http/observe.js";
import type { Operation } from "../src/http/operation.js";
import { quotaHooks } from "../src/http/quota-admission.js";
import { MemoryQuotaStore, ServiceQuotas } from "../src/service/quotas/index.js";
import type { QuotaStore } from "../src/service/quotas/index.js";
import { Redis } from "ioredis";
import { pathToFileURL } from "node:url";
import { redisQuotaStore } from "../src/redis/quota-transport.js";

/**
 * What a service quota adds to each request, in process (no HTTP): the admission (a request and
 * the estimated tokens taken from two in-memory buckets) plus the settlement when the exchange
 * ends, against an admission that does nothing. Rounds interleave the two so drift (CPU
 * frequency, GC) lands on both. Limits are high enough never to refuse: the figure is the
 * check's cost, not a throttle's. `node dist/bench/quota-check.js [requests-per-round] [rounds]`.
 *
 * With a Redis answering at $PLINTH_BENCH_REDIS_URL (default redis://127.0.0.1:6379), the same
 * check counted in Redis (one script per admission, one per settlement, over loopback) is
 * measured in the same run on 1/50 of the requests, and reported against the in-memory check.
 * `npm run bench` runs it too (runQuotaCheckBenchmark), with fewer requests.
 */
const KEYS = 1_000;

const models = Array.from({ length: 10 }, (_, i) => `meta.bench-model-${i}-v1:0`);
const steps: { step: Step; notes: RequestNotes }[] = Array.from({ length: KEYS }, (_, i) => {
  const notes: RequestNotes = {};
  const modelId = models[i % models.length]!;
  const step: Step = {
    op: { action: "bedrock:InvokeModel" } as Operation,
    ctx: { principal: { accountId: String(100_000_000_000 + (i % 100)) }, notes } as unknown as RequestContext,
    resource: `arn:aws:bedrock:us-east-1::foundation-model/${modelId}`,
    input: { resolution: { modelId, entry: { model: { modelId } } }, inference: { maxTokens: 256 } },
    bodyBytes: 400,
  };
  return { step, notes };
});

const empty: Admission = { name: "empty", admit: async () => undefined };
const limits = { requestsPerMinute: 1e9, tokensPerMinute: 1e12, models: [] };
const hooksOn = (store: QuotaStore) => quotaHooks(new ServiceQuotas(store, limits), () => undefined);
const quotas = hooksOn(new MemoryQuotaStore());

async function run(admission: Admission, settle: boolean, count: number, hooks = quotas): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const { step, notes } = steps[i % KEYS]!;
    await admission.admit(step);
    if (settle) {
      notes.usage = { inputTokens: 90, outputTokens: 120 };
      hooks.observer.observe({ notes } as ExchangeRecord);
    }
  }
  return Number(process.hrtime.bigint() - started) / count;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** What `node dist/bench/quota-check.js` prints and `npm run bench` reports. */
export interface QuotaCheckFigures {
  readonly requestsPerRound: number;
  readonly rounds: number;
  readonly keys: number;
  readonly emptyAdmitNs: number;
  readonly quotaAdmitAndSettleNs: number;
  readonly addedNsPerRequest: number;
  readonly ratio: number;
  readonly redis?: string;
  readonly redisRequestsPerRound?: number;
  readonly memoryCheckNs?: number;
  readonly redisCheckNs?: number;
  readonly redisOverMemory?: number;
  readonly redisFellBackToLocal?: number;
}

export async function runQuotaCheckBenchmark(perRound = 200_000, rounds = 5): Promise<QuotaCheckFigures> {
  await run(empty, false, perRound);
  await run(quotas.admission, true, perRound);
  const base: number[] = [];
  const quota: number[] = [];
  for (let r = 0; r < rounds; r++) {
    base.push(await run(empty, false, perRound));
    quota.push(await run(quotas.admission, true, perRound));
  }
  const b = median(base);
  const q = median(quota);
  return {
    requestsPerRound: perRound, rounds, keys: KEYS,
    emptyAdmitNs: Math.round(b), quotaAdmitAndSettleNs: Math.round(q), addedNsPerRequest: Math.round(q - b), ratio: Number((q / b).toFixed(2)),
    ...(await withRedis(perRound, rounds)),
  };
}

/** The Redis figures, or why there are none. */
async function withRedis(perRound: number, rounds: number): Promise<Partial<QuotaCheckFigures>> {
  const url = process.env["PLINTH_BENCH_REDIS_URL"] ?? "redis://127.0.0.1:6379";
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null });
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch {
    return { redis: `not measured: no Redis at ${url}` };
  }
  const prefix = `plinth-bench-${process.pid}:`;
  let fellBack = 0;
  const hooks = hooksOn(redisQuotaStore(client, prefix, new MemoryQuotaStore(), () => { fellBack++; }));
  const count = Math.max(100, Math.floor(perRound / 50));
  await run(hooks.admission, true, count, hooks);
  const memory: number[] = [];
  const shared: number[] = [];
  for (let r = 0; r < rounds; r++) {
    memory.push(await run(quotas.admission, true, count));
    shared.push(await run(hooks.admission, true, count, hooks));
  }
  await client.ping();
  const keys = await client.keys(`${prefix}*`);
  if (keys.length > 0) await client.del(...keys);
  client.disconnect();
  const [m, r] = [median(memory), median(shared)];
  return {
    redisRequestsPerRound: count, memoryCheckNs: Math.round(m), redisCheckNs: Math.round(r), redisOverMemory: Number((r / m).toFixed(1)),
    ...(fellBack > 0 ? { redisFellBackToLocal: fellBack } : {}),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.stdout.write(`${JSON.stringify(await runQuotaCheckBenchmark(Number(process.argv[2] ?? 200_000), Number(process.argv[3] ?? 5)))}\n`);
}
