import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EnvelopeSecretBox, RootKey, rootKeyring } from "../src/crypto/index.js";
import type { EncryptionContext } from "../src/crypto/index.js";
import { systemClock } from "../src/kernel/index.js";
import { KmsEnvelopeKeys, MATERIAL_CACHE } from "../src/service/kms/index.js";
import { openStore } from "../src/store/index.js";
import { summarize } from "./stats.js";
import type { Summary } from "./stats.js";

/**
 * Issue 10: sealing and opening one 2 KB record through plinth's own envelope code
 * (src/crypto/envelope-box.ts, the Encryption SDK with a fresh data key per message), in this
 * process, one call at a time. Three ways a record can be sealed:
 * - `rootKey`: under the root keyring (values not bound to an account);
 * - `accountKeyCached`: under the account's plinth-managed default KMS key, as invocation-log
 *   records are, with the opened-material cache at its shipped bounds (MATERIAL_CACHE);
 * - `accountKeyUncached`: the same with that cache off, so every message first opens the key's
 *   material from the store (a read and a second envelope open under the root key).
 * plinth does not cache data keys: each message has its own. The material cache above is the
 * caching it has, and is what "with and without caching" compares.
 */
export interface EnvelopeFigures {
  readonly recordBytes: number;
  readonly runs: number;
  readonly materialCache: { readonly maxAgeMs: number; readonly maxEntries: number };
  readonly rootKey: { readonly seal: Summary; readonly open: Summary };
  readonly accountKeyCached: { readonly seal: Summary; readonly open: Summary };
  readonly accountKeyUncached: { readonly seal: Summary; readonly open: Summary };
}

const ACCOUNT = "111122223333";
const REGION = "eu-west-2";
const RECORD_BYTES = 2048;

async function timed(fn: () => Promise<unknown>, runs: number): Promise<Summary> {
  for (let i = 0; i < Math.min(200, runs); i++) await fn(); // JIT, SDK load, first key creation
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

export async function runEnvelopeBenchmark(runs = 2000): Promise<EnvelopeFigures> {
  const dataDir = await mkdtemp(join(tmpdir(), "plinth-bench-envelope-"));
  const store = await openStore({ dataDir });
  try {
    await store.identity.createAccount({ accountId: ACCOUNT, name: "bench", createdAt: new Date(), isManagement: true });
    const rootKey = new RootKey(randomBytes(32));
    const rootBox = new EnvelopeSecretBox(rootKeyring(rootKey));
    const keyed = (maxEntries: number): EnvelopeSecretBox => new EnvelopeSecretBox(rootKeyring(rootKey), {
      keys: new KmsEnvelopeKeys({ store: store.kms, rootBox, clock: systemClock, region: REGION, materialCache: { maxAgeMs: MATERIAL_CACHE.maxAgeMs, maxEntries } }),
    });
    const record = randomBytes(RECORD_BYTES);
    let n = 0;
    // The context of an invocation-log record (service/invocation-logging/invocation-record.ts).
    const context = (): EncryptionContext => ({ purpose: "model-invocation-log", accountId: ACCOUNT, requestId: `req-${n++}` });
    const rootContext: EncryptionContext = { purpose: "bench-record" };
    const measure = async (box: EnvelopeSecretBox, ctx: () => EncryptionContext) => {
      const c = ctx();
      const sealed = await box.seal(record, c);
      const opened = await box.open(sealed, c);
      if (!Buffer.from(opened).equals(record)) throw new Error("envelope benchmark: a record did not open to itself");
      return { seal: await timed(() => box.seal(record, c), runs), open: await timed(() => box.open(sealed, c), runs) };
    };
    const rootFigures = await measure(rootBox, () => rootContext);
    const cached = keyed(MATERIAL_CACHE.maxEntries);
    const cachedFigures = await measure(cached, context);
    // Both keyed boxes must seal under the account's key, not quietly under the root key.
    const probe = await cached.seal(record, context());
    if (cached.sealedUnder(probe) === undefined) throw new Error("envelope benchmark: the keyed box sealed under the root key");
    const uncachedFigures = await measure(keyed(0), context);
    return { recordBytes: RECORD_BYTES, runs, materialCache: { ...MATERIAL_CACHE }, rootKey: rootFigures, accountKeyCached: cachedFigures, accountKeyUncached: uncachedFigures };
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
