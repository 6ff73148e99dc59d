import { resolve as resolvePath } from "node:path";
import { DEFAULTS } from "./defaults.js";
import type { RawConfig, RawModel, RawProvider, RawRootKey, RawServer } from "./raw.js";
import { resolveListeners, tlsFiles } from "./resolve-listeners.js";
import type { SecretResolver } from "./secrets.js";
import { SYSLOG_FACILITIES } from "./schema-audit-syslog.js";
import type { SyslogFacility } from "./schema-audit-syslog.js";
import type { AuditSettings, ModelSettings, ProviderSettings, ResolvedConfig, RootKeySettings, ServerLimitSettings, ServerSettings, RedisSettings, TracingSettings } from "./types.js";

export interface ResolveContext {
  /** Relative paths in the file are relative to its directory (the working directory without one). */
  readonly baseDir: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly secrets: SecretResolver;
}

/** Applies defaults, makes paths absolute and resolves secrets. Problems go to `ctx.secrets`. */
export function resolveConfig(raw: RawConfig, ctx: ResolveContext, file?: string): ResolvedConfig {
  const region = raw.region ?? DEFAULTS.region;
  const server = resolveServer(raw.server ?? {}, ctx);
  const defaultModelDir = resolvePath(server.dataDir, DEFAULTS.modelsSubdir);
  const extraDir = ctx.env[DEFAULTS.modelDirEnv];
  const modelDirs = [defaultModelDir];
  if (extraDir !== undefined && extraDir !== "") {
    const dir = resolvePath(ctx.cwd, extraDir);
    if (dir !== defaultModelDir) modelDirs.push(dir);
  }
  return {
    region,
    server,
    providers: (raw.providers ?? []).map((p, i) => resolveProvider(p, i, region, defaultModelDir, ctx)),
    models: (raw.models ?? []).map(resolveModel),
    inference: { crossRegion: raw.inference?.crossRegion ?? DEFAULTS.crossRegion },
    audit: resolveAudit(raw, server.dataDir, ctx.baseDir),
    invocationLogging: {
      forbidden: raw.invocationLogging?.forbidden ?? false,
      forbiddenAccounts: [...(raw.invocationLogging?.forbiddenAccounts ?? [])],
      retentionDays: raw.invocationLogging?.retentionDays ?? DEFAULTS.invocationLogRetentionDays,
    },
    ...(raw.metrics === undefined ? {} : {
      metrics: {
        host: raw.metrics.host ?? DEFAULTS.metricsHost,
        port: raw.metrics.port ?? DEFAULTS.metricsPort,
        maxAccountLabels: raw.metrics.maxAccountLabels ?? DEFAULTS.metricsMaxAccountLabels,
      },
    }),
    ...(raw.tracing === undefined ? {} : { tracing: resolveTracing(raw.tracing, ctx) }),
    ...(raw.redis === undefined ? {} : resolveRedis(raw.redis, ctx)),
    ...(raw.quotas === undefined ? {} : { quotas: { ...raw.quotas, models: (raw.quotas.models ?? []).map((m) => ({ ...m })) } }),
    listeners: resolveListeners(raw.server ?? {}, ctx.baseDir),
    dataProtection: { namesWithPersonalData: raw.dataProtection?.namesWithPersonalData ?? "warn" },
    guardrails: {
      classifiers: (raw.guardrails?.classifiers ?? []).map((c) => ({
        modelId: c.modelId, categories: [...c.categories], timeoutMs: c.timeoutMs ?? 2000,
        ...(c.codes === undefined ? {} : { codes: Object.fromEntries(c.codes.map((k) => [k.code, [...k.categories]])) }),
      })),
      ...(raw.guardrails?.topics === undefined ? {} : { topics: { modelId: raw.guardrails.topics.modelId, timeoutMs: raw.guardrails.topics.timeoutMs ?? 2000 } }),
    },
    modelDirs,
    ...(file === undefined ? {} : { file }),
  };
}

function resolveServer(raw: RawServer, ctx: ResolveContext): ServerSettings {
  const at = (p: string) => resolvePath(ctx.baseDir, p);
  const databaseUrl = ctx.secrets.secret(raw.databaseUrl, "server.databaseUrl");
  if (databaseUrl !== undefined && !isPostgresUrl(databaseUrl.reveal())) {
    // The value is not repeated: it may hold a password.
    ctx.secrets.problems.push({ path: "server.databaseUrl", message: "must be a postgres:// or postgresql:// URL" });
  }
  return {
    host: raw.host ?? DEFAULTS.host,
    port: raw.port ?? DEFAULTS.port,
    dataDir: at(raw.dataDir ?? DEFAULTS.dataDir),
    ...(raw.tls === undefined ? {} : { tls: tlsFiles(raw.tls, at) }),
    serverNames: raw.serverNames ?? [],
    trustedProxies: raw.trustedProxies ?? [],
    insecureHttp: raw.insecureHttp ?? false,
    fips: raw.fips ?? false,
    maxBodyBytes: raw.maxBodyBytes ?? DEFAULTS.maxBodyBytes,
    signatureMaxSkewSeconds: raw.signatureMaxSkewSeconds ?? DEFAULTS.signatureMaxSkewSeconds,
    ...resolveLimits(raw),
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    rootKey: resolveRootKey(raw.rootKey, ctx, at),
  };
}

function resolveRootKey(raw: RawRootKey | undefined, ctx: ResolveContext, at: (p: string) => string): RootKeySettings {
  if (raw === undefined || raw.type === "file") return { type: "file" };
  const caFile = raw.caFile === undefined ? {} : { caFile: at(raw.caFile) };
  if (raw.type === "transit") {
    const token = ctx.secrets.secret(raw.token, "server.rootKey.token") ?? unresolved();
    return { type: "transit", address: raw.address, mount: raw.mount ?? "transit", keyName: raw.keyName, token, ...caFile };
  }
  const accessKeyId = ctx.secrets.plain(raw.accessKeyId, "server.rootKey.accessKeyId");
  const secretAccessKey = ctx.secrets.secret(raw.secretAccessKey, "server.rootKey.secretAccessKey");
  const sessionToken = ctx.secrets.secret(raw.sessionToken, "server.rootKey.sessionToken");
  const credentials = accessKeyId === undefined || secretAccessKey === undefined ? undefined
    : { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) };
  return {
    type: "aws-kms", keyId: raw.keyId, region: raw.region,
    ...(raw.endpoint === undefined ? {} : { endpoint: raw.endpoint }),
    ...(credentials === undefined ? {} : { credentials }),
    ...caFile,
  };
}

function resolveLimits(raw: RawServer): ServerLimitSettings {
  return {
    maxConnections: raw.maxConnections ?? DEFAULTS.maxConnections,
    maxConnectionsPerSource: raw.maxConnectionsPerSource ?? DEFAULTS.maxConnectionsPerSource,
    maxUnauthenticatedBodyBytes: raw.maxUnauthenticatedBodyBytes ?? DEFAULTS.maxUnauthenticatedBodyBytes,
    maxUnauthenticatedBodyBytesPerConnection: raw.maxUnauthenticatedBodyBytesPerConnection ?? raw.maxBodyBytes ?? DEFAULTS.maxBodyBytes,
    bodyIdleTimeoutMs: raw.bodyIdleTimeoutMs ?? DEFAULTS.bodyIdleTimeoutMs,
    requestTimeoutMs: raw.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
    headersTimeoutMs: raw.headersTimeoutMs ?? DEFAULTS.headersTimeoutMs,
    idleTimeoutMs: raw.idleTimeoutMs ?? DEFAULTS.idleTimeoutMs,
    keepAliveTimeoutMs: raw.keepAliveTimeoutMs ?? DEFAULTS.keepAliveTimeoutMs,
    tlsHandshakeTimeoutMs: raw.tlsHandshakeTimeoutMs ?? DEFAULTS.tlsHandshakeTimeoutMs,
    http2MaxConcurrentStreams: raw.http2MaxConcurrentStreams ?? DEFAULTS.http2MaxConcurrentStreams,
  };
}

function isPostgresUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const protocol = new URL(value).protocol;
  return protocol === "postgres:" || protocol === "postgresql:";
}

function resolveProvider(
  raw: RawProvider, index: number, region: string, defaultModelDir: string, ctx: ResolveContext,
): ProviderSettings {
  const common = {
    id: raw.id, timeoutMs: raw.timeoutMs ?? DEFAULTS.providerTimeoutMs, retainsData: raw.retainsData ?? false,
    ...(raw.capacity === undefined ? {} : { capacity: { ...raw.capacity, activationSeconds: raw.capacity.activationSeconds ?? 0 } }),
  };
  const path = (field: string) => `providers[${index}].${field}`;
  switch (raw.type) {
    case "openai": {
      const apiKey = ctx.secrets.secret(raw.apiKey, path("apiKey"));
      return {
        ...common, type: "openai", processingRegion: raw.processingRegion,
        baseUrl: raw.baseUrl ?? DEFAULTS.openaiBaseUrl, ...(apiKey === undefined ? {} : { apiKey }),
        ...(raw.tokenizeEndpoint === undefined ? {} : { tokenizeEndpoint: raw.tokenizeEndpoint }),
      };
    }
    case "anthropic": {
      const apiKey = ctx.secrets.secret(raw.apiKey, path("apiKey"));
      return {
        ...common, type: "anthropic", processingRegion: raw.processingRegion,
        baseUrl: raw.baseUrl ?? DEFAULTS.anthropicBaseUrl, apiKey: apiKey ?? unresolved(),
      };
    }
    case "bedrock": {
      const accessKeyId = ctx.secrets.plain(raw.accessKeyId, path("accessKeyId"));
      const secretAccessKey = ctx.secrets.secret(raw.secretAccessKey, path("secretAccessKey"));
      const sessionToken = ctx.secrets.secret(raw.sessionToken, path("sessionToken"));
      const credentials = accessKeyId === undefined || secretAccessKey === undefined ? undefined
        : { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) };
      return {
        ...common, type: "bedrock", region: raw.region, processingRegion: raw.processingRegion ?? raw.region,
        ...(raw.endpoint === undefined ? {} : { endpoint: raw.endpoint }),
        ...(credentials === undefined ? {} : { credentials }),
      };
    }
    case "llamacpp":
      return {
        ...common, type: "llamacpp", processingRegion: raw.processingRegion ?? region,
        modelDir: raw.modelDir === undefined ? defaultModelDir : resolvePath(ctx.baseDir, raw.modelDir),
        ...(raw.threads === undefined ? {} : { threads: raw.threads }),
        contextSize: raw.contextSize ?? DEFAULTS.llamacppContextSize,
      };
  }
}

/**
 * Stands in for a secret whose reference failed; the problem is already recorded and the
 * loader throws before this value can be used.
 */
function unresolved(): never {
  return undefined as never;
}

function resolveModel(raw: RawModel): ModelSettings {
  const outputModalities = raw.outputModalities ?? ["TEXT"];
  return {
    modelId: raw.modelId,
    provider: raw.provider,
    upstreamModel: raw.upstreamModel,
    name: raw.name ?? raw.modelId,
    providerName: raw.providerName ?? raw.modelId.slice(0, raw.modelId.indexOf(".")),
    inputModalities: raw.inputModalities ?? ["TEXT"],
    outputModalities,
    streaming: raw.streaming ?? !outputModalities.includes("EMBEDDING"),
    ...(raw.terms === undefined ? {} : { terms: raw.terms }),
    lifecycle: raw.lifecycle ?? "ACTIVE",
  };
}

function resolveAudit(raw: RawConfig, dataDir: string, baseDir: string): AuditSettings {
  const syslog = raw.audit?.syslog;
  const dir = resolvePath(dataDir, DEFAULTS.auditSubdir);
  return {
    node: raw.audit?.node ?? DEFAULTS.auditNode,
    dir,
    anchorDir: raw.audit?.anchorDir === undefined ? resolvePath(dir, "anchors") : resolvePath(baseDir, raw.audit.anchorDir),
    checkpointSeconds: raw.audit?.checkpointSeconds ?? DEFAULTS.auditCheckpointSeconds,
    ...(raw.audit?.retentionDays === undefined ? {} : { retentionDays: raw.audit.retentionDays }),
    ...(syslog === undefined ? {} : {
      syslog: {
        host: syslog.host, port: syslog.port, tls: syslog.tls ?? false,
        ...(syslog.caFile === undefined ? {} : { caFile: resolvePath(baseDir, syslog.caFile) }),
        facility: SYSLOG_FACILITIES[(syslog.facility ?? DEFAULTS.auditSyslogFacility) as SyslogFacility],
        queueSize: syslog.queueSize ?? DEFAULTS.auditSyslogQueueSize,
      },
    }),
  };
}

/** The OTLP convention: a base URL (no path) gets the traces path; a URL with one is used as it is. */
function resolveRedis(raw: NonNullable<RawConfig["redis"]>, ctx: ResolveContext): { redis?: RedisSettings } {
  const url = ctx.secrets.secret(raw.url, "redis.url");
  if (url === undefined) return {};
  // The value is not repeated: it may hold a password.
  if (!isRedisUrl(url.reveal())) ctx.secrets.problems.push({ path: "redis.url", message: "must be a redis://, rediss://, unix:// or redis+unix:// URL" });
  return { redis: { url, keyPrefix: raw.keyPrefix ?? DEFAULTS.redisKeyPrefix } };
}

/** The URL forms the Redis client is given (src/adapters/redis/connect.ts parses them). */
function isRedisUrl(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.protocol === "redis:" || url.protocol === "rediss:") return url.hostname !== "";
    return (url.protocol === "unix:" || url.protocol === "redis+unix:") && url.pathname.length > 1;
  } catch {
    return false;
  }
}

function resolveTracing(raw: NonNullable<RawConfig["tracing"]>, ctx: ResolveContext): TracingSettings {
  const url = new URL(raw.otlpEndpoint);
  if (url.pathname === "/" || url.pathname === "") url.pathname = "/v1/traces";
  const headers = (raw.headers ?? []).flatMap(({ name, value }, i) => {
    const secret = ctx.secrets.secret(value, `tracing.headers[${i}].value`);
    return secret === undefined ? [] : [{ name, value: secret }];
  });
  return {
    otlpEndpoint: url.toString(), headers,
    serviceName: raw.serviceName ?? DEFAULTS.tracingServiceName,
    queueSize: raw.queueSize ?? DEFAULTS.tracingQueueSize,
  };
}
