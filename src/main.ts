import { chmod, mkdir, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pino } from "pino";
import type { Logger } from "pino";
import { insecureHttpProviders, loadConfig } from "./config/index.js";
import { accessCapability } from "./compose/access.js";
import { anthropicCapability } from "./compose/anthropic.js";
import { auditCapability } from "./compose/audit.js";
import { auditSyslogCapability } from "./compose/audit-syslog.js";
import type { Capability, Foundation } from "./compose/capability.js";
import type { Peers } from "./compose/peers.js";
import type { NodeQuotas } from "./compose/quotas.js";
import { dataRetentionCapability } from "./compose/data-retention.js";
import { dataProtectionCapability } from "./compose/data-protection.js";
import { invocationLoggingCapability } from "./compose/invocation-logging.js";
import { guardrailsCapability } from "./compose/guardrails.js";
import { kmsCapability } from "./compose/kms.js";
import { modelsCapability } from "./compose/models.js";
import { openAiCapability } from "./compose/openai.js";
import { quotasCapability } from "./compose/quotas.js";
import { provisionedCapacityCapability } from "./compose/provisioned.js";
import { serve } from "./compose/serve.js";
import { taggingCapability } from "./compose/tagging.js";
import { EnvelopeSecretBox } from "./crypto/index.js";
import { openRootKeys } from "./root-of-trust/index.js";
import { resealOffRoot, rootSealedRecordKinds } from "./service/root-rotation/index.js";
import { dataInventoryCapability } from "./compose/data-inventory.js";
import { workerNode } from "./audit/index.js";
import { assertFipsReady } from "./crypto/index.js";
import { systemClock } from "./kernel/index.js";
import { ensureAwsManagedPolicies } from "./service/iam/index.js";
import { KmsEnvelopeKeys, assertRootKeyOpensStore } from "./service/kms/index.js";
import { bootstrapAdministrator } from "./service/identity/index.js";
import type { BootstrapResult } from "./service/identity/index.js";
import { openStore } from "./store/index.js";
import { joinedPeers, redisPeers } from "./redis/peers.js";

/**
 * The composition root: the only place that knows which store, key source and providers are in
 * use. Everything below receives what it needs explicitly.
 */
export interface StartOptions {
  readonly configFile?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly overrides: { dataDir?: string; port?: number; host?: string; databaseUrl?: string; fips?: boolean };
  readonly logger?: Logger;
  /** Set in each worker process of `plinth start --workers N` (N > 1). */
  readonly worker?: WorkerRole;
}

/** One of several processes sharing the node's listeners, data directory and store. */
export interface WorkerRole {
  /** From 1; a restarted worker keeps the number (and so the audit log) of the one it replaces. */
  readonly index: number;
  /** The other workers, told of IAM changes so their caches drop them at once. */
  readonly peers: Peers;
  /** The node's quota buckets, held by the primary, and how many workers share its limits. */
  readonly quotas: NodeQuotas;
}

export interface RunningPlinth {
  readonly url: string;
  readonly region: string;
  readonly dataDir: string;
  /** Absent when this data directory holds none (another node bootstrapped the shared database). */
  readonly credentialsFile?: string;
  readonly caFile?: string;
  /** For the generated CA: the only names it can vouch for (`DNS:localhost`, `IP:127.0.0.0/8`, ...). */
  readonly caPermits?: readonly string[];
  readonly administratorArn: string;
  readonly newCredentials: boolean;
  readonly modelCount: number;
  /** Of those, served by llama.cpp in this process (each worker process would load its own copy). */
  readonly localModelCount: number;
  /** Where Prometheus scrapes, when metrics are configured. */
  readonly metricsUrl?: string;
  /** In a `--workers` worker with metrics configured: where the primary listens for the node's scrapes. */
  readonly metricsListen?: { readonly host: string; readonly port: number };
  close(): Promise<void>;
}

/**
 * Secrets older releases sealed directly under the root key (MFA seeds, Bedrock API keys,
 * access keys from before accounts were bound) are resealed under their account's default KMS
 * key, once: later starts read headers only. A failure (a default key disabled) leaves those
 * rows as they were, still readable, and is reported rather than refusing to start.
 */
async function migrateOffRoot(foundation: Foundation, logger: Logger): Promise<void> {
  try {
    const resealed = await resealOffRoot(rootSealedRecordKinds(foundation.store, foundation.box));
    if (Object.values(resealed).some((n) => n > 0)) logger.info({ resealed }, "secrets sealed under the root key moved under their accounts' default KMS keys");
  } catch (error) {
    logger.warn({ reason: error instanceof Error ? error.message : "unknown" }, "secrets sealed under the root key could not all be moved under their accounts' default KMS keys; they stay readable");
  }
}

export async function startPlinth(options: StartOptions): Promise<RunningPlinth> {
  const config = loadConfig({ file: options.configFile, env: options.env, overrides: options.overrides });
  // Before anything is generated or stored: a FIPS deployment must not create a key outside the module.
  assertFipsReady(config.server.fips);
  const logger = options.logger ?? pino({ level: options.env["PLINTH_LOG_LEVEL"] ?? "info", base: { service: "plinth" } });
  for (const provider of insecureHttpProviders(config)) {
    // The id only: the URL is the operator's to read in the file, not the log's to repeat.
    logger.warn({ provider }, "provider is reached over plain http on another machine (allowInsecureHttp): prompts, completions and its credentials cross the network unencrypted");
  }
  const dataDir = config.server.dataDir;
  await privateDirectory(dataDir, logger);

  // Every root key version on disk; a `plinth root rotate` beside this server is seen at the next root seal.
  const rootKey = await openRootKeys(dataDir, config.server.rootKey);
  const databaseUrl = config.server.databaseUrl?.reveal();
  const store = await openStore(databaseUrl ? postgresTarget(databaseUrl) : { dataDir });
  const rootBox = new EnvelopeSecretBox(rootKey);
  const keys = new KmsEnvelopeKeys({ store: store.kms, rootBox, clock: systemClock, region: config.region });
  // Waited for a moment only: a node starts and serves without Redis (quotas counted alone, caches
  // expiring), and says so (connect.ts), but one that can reach it counts its first calls there.
  // The client (ioredis, ~9 MiB resident) loads only when a node is configured to share through Redis.
  const redis = config.redis === undefined ? undefined : (await import("./redis/connect.js")).openRedis(config.redis, logger);
  if (redis) await redis.ready(REDIS_START_WAIT_MS);
  const peers = joinedPeers(options.worker?.peers, redis === undefined ? undefined : redisPeers(redis, logger));
  const foundation: Foundation = { config, logger, clock: systemClock, store, rootBox, box: new EnvelopeSecretBox(rootKey, { keys }),
    ...(peers ? { peers } : {}),
    ...(options.worker ? { nodeQuotas: options.worker.quotas } : {}),
    ...(redis ? { redis } : {}),
  };
  // Closed in reverse order of opening: listeners first, the store last.
  const closers: Array<() => Promise<void>> = [() => store.close()];
  if (redis) closers.push(() => redis.close());
  const closeAll = async (): Promise<void> => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    rootKey.destroy();
  };
  try {
    // Before anything is sealed or served: a node sharing a database under another root key
    // would otherwise start and fail every signed call (root-check.ts).
    await assertRootKeyOpensStore(store.kms, rootBox);
    const boot = await bootstrap(foundation);
    await migrateOffRoot(foundation, logger);
    const credentialsFile = await writeCredentialsFile(dataDir, boot);

    // The capabilities, in the order their authentication schemes and hooks apply.
    // Guardrails first: inference checks every call through their gate, whatever the surface.
    const guardrails = guardrailsCapability(foundation);
    const models = await modelsCapability(foundation, guardrails.gate);
    guardrails.bindModels(models.catalogue);
    closers.push(close(models));
    const access = await accessCapability(foundation, models.catalogue);
    guardrails.bindPolicyChanges(access.changes);
    closers.push(close(access));
    // The audit trail: its journal records what the others did (and it closes before them).
    // Its syslog copy, when configured: opened first, so it closes after the journal's last event.
    const syslog = await auditSyslogCapability(foundation);
    if (syslog) closers.push(close(syslog));
    const audit = await auditCapability(foundation, boot.administrator.accountId, {
      recording: !benchAuditOff(options.env, logger), ...(syslog ? { onCommitted: syslog.forward } : {}),
      ...(options.worker ? { node: workerNode(config.audit.node, options.worker.index) } : {}),
    });
    closers.push(close(audit));
    const invocationLogging = invocationLoggingCapability(foundation);
    closers.push(close(invocationLogging));
    const kms = kmsCapability(foundation, access);
    closers.push(close(kms));
    const tagging = taggingCapability([...models.taggable, guardrails.taggable]);
    const capabilities: Capability[] = [
      models, openAiCapability(models), anthropicCapability(models), access, dataRetentionCapability(foundation), dataInventoryCapability(foundation),
      invocationLogging, kms, guardrails, tagging, audit, dataProtectionCapability(foundation),
    ];
    // Quotas admit after the account's settings (a call refused by those uses no quota).
    const quotas = quotasCapability(foundation);
    if (quotas) capabilities.splice(capabilities.indexOf(invocationLogging), 0, quotas);
    // Provisioned capacity after quotas (a call they refuse takes no capacity), when a provider has any.
    const capacity = provisionedCapacityCapability(foundation, models);
    if (capacity) capabilities.splice(capabilities.indexOf(invocationLogging), 0, capacity);
    // Last: an observer only, and its listener opens once the capabilities it counts exist.
    // prom-client, and the @opentelemetry/api it requires, load only when metrics are configured.
    const metrics = config.metrics === undefined ? undefined : await (await import("./compose/metrics.js")).metricsCapability(foundation, models.catalogue);
    if (metrics) {
      closers.push(close(metrics));
      capabilities.push(metrics);
    }
    // OpenTelemetry's SDK and exporter (~5 MiB resident) load only when traces are configured.
    const tracing = config.tracing === undefined ? undefined : (await import("./compose/tracing.js")).tracingCapability(foundation);
    if (tracing) {
      closers.push(close(tracing));
      capabilities.push(tracing);
    }

    const served = await serve(foundation, capabilities, access.authorizer);
    closers.push(() => served.close());
    logger.info({ url: served.url, region: config.region, models: models.catalogue.list().length, tls: served.tls ? "on" : "off" }, "plinth started");
    return {
      url: served.url, region: config.region, dataDir, ...(credentialsFile === undefined ? {} : { credentialsFile }),
      ...(served.caFile !== undefined ? { caFile: served.caFile } : {}),
      ...(served.caPermits !== undefined ? { caPermits: served.caPermits } : {}),
      administratorArn: boot.administrator.arn, newCredentials: boot.newCredentials !== undefined,
      modelCount: models.catalogue.list().length, localModelCount: models.localModels,
      ...(metrics && "url" in metrics ? { metricsUrl: metrics.url } : {}),
      ...(metrics && "primaryListens" in metrics ? { metricsListen: metrics.primaryListens } : {}),
      close: async () => {
        await closeAll();
        logger.info("plinth stopped");
        // Written before we return: a `--workers` worker then disconnects, and cluster exits a
        // worker at once on disconnect, which lost lines still queued in pino's asynchronous
        // destination ("plinth stopped" itself, seen under load).
        await new Promise<void>((resolve) => logger.flush(() => resolve()));
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** How long a start waits for Redis before serving without it. */
const REDIS_START_WAIT_MS = 2_000;

const close = (capability: Capability) => async (): Promise<void> => { await capability.close?.(); };

/**
 * Benchmarks only: `npm run bench` starts plinth as a child process (bin/plinth.js) and needs the
 * same server without the audit journal to measure what auditing adds to a call. An environment
 * variable, not a config setting, so no configuration file can carry it; it is said loudly at
 * every start, and the trail itself records it (a StopLogging event), so a verifier sees the gap.
 * The rest of the audit capability (checkpoints, LookupEvents) stays.
 */
function benchAuditOff(env: StartOptions["env"], logger: Logger): boolean {
  if (env["PLINTH_BENCH_AUDIT_OFF"] !== "1") return false;
  logger.warn({ PLINTH_BENCH_AUDIT_OFF: "1" }, "audit trail disabled for a benchmark: answers are NOT recorded; never set PLINTH_BENCH_AUDIT_OFF outside `npm run bench`");
  return true;
}


/** AWS managed policies, then (once, on first start) the management account and its administrator. */
async function bootstrap({ store, box, clock }: Foundation): Promise<BootstrapResult> {
  await ensureAwsManagedPolicies(store.iam, clock);
  return bootstrapAdministrator(store, box, clock);
}

/**
 * The administrator's key, in an AWS shared-credentials file (0600): the one time its secret
 * exists in clear. Undefined when this data directory has none: a node joining a database that
 * another node bootstrapped never saw the secret, and naming a file that is not there would send
 * the operator's SDK after nothing.
 */
async function writeCredentialsFile(dataDir: string, boot: BootstrapResult): Promise<string | undefined> {
  const file = join(dataDir, "credentials");
  if (boot.newCredentials) {
    const { accessKeyId, secretAccessKey } = boot.newCredentials;
    await writeFile(file, `[default]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey.reveal()}\n`, { mode: 0o600, flag: "w" });
    await chmod(file, 0o600);
    return file;
  }
  return (await stat(file).then((s) => s.isFile(), () => false)) ? file : undefined;
}

/**
 * `?schema=name` on the URL picks the PostgreSQL schema for plinth's tables (as Prisma and
 * others spell it), so one database can hold several deployments; pg itself never sees it.
 */
export function postgresTarget(databaseUrl: string): { databaseUrl: string; schema?: string } {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get("schema") ?? undefined;
  url.searchParams.delete("schema");
  return { databaseUrl: url.toString(), schema };
}

/** The data directory holds keys and state: only plinth's user may enter it. */
async function privateDirectory(dir: string, logger: Logger): Promise<void> {
  await makeDirectories(dir);
  const mode = (await stat(dir)).mode & 0o777;
  if (mode & 0o077) {
    await chmod(dir, 0o700);
    logger.warn({ dataDir: dir, previousMode: mode.toString(8) }, "tightened data directory permissions to 0700");
  }
}

/**
 * `mkdir -p`, one level at a time. Node 20's recursive mkdir never returns for a path it cannot
 * create under some filesystems (`--data-dir /proc/nope` hung start-up with a core spinning);
 * level by level, the refusal comes back as an ordinary error the start-up message explains.
 */
async function makeDirectories(dir: string): Promise<void> {
  const parent = dirname(dir);
  if (parent !== dir) {
    const exists = await stat(parent).then((s) => s.isDirectory(), () => false);
    if (!exists) await makeDirectories(parent);
  }
  await mkdir(dir, { mode: 0o700 }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
    if (!(await stat(dir)).isDirectory()) throw new Error(`${dir} exists and is not a directory`);
  });
}
