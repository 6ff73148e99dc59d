import type { EdgeLimits, Sensitive } from "../kernel/index.js";
import type { CrossRegion, Lifecycle, Modality } from "./raw.js";

export type { CrossRegion, Lifecycle, Modality };

/**
 * The configuration after loading: defaults applied, paths absolute, secret references
 * resolved into `Sensitive` values, everything deeply frozen. Each adapter is handed only its
 * own slice (one `ProviderSettings`), never the whole of it.
 */
export interface ResolvedConfig {
  /** The region this deployment is. */
  readonly region: string;
  readonly server: ServerSettings;
  readonly providers: readonly ProviderSettings[];
  readonly models: readonly ModelSettings[];
  readonly inference: InferenceSettings;
  readonly audit: AuditSettings;
  readonly invocationLogging: InvocationLoggingSettings;
  /** The Prometheus exposition's listener; absent: no metrics are served. */
  readonly metrics?: MetricsSettings;
  /** OpenTelemetry traces; absent: none are made. */
  readonly tracing?: TracingSettings;
  /** Service quotas per account and model; absent: none. */
  readonly quotas?: QuotaSettings;
  /** Redis shared by several nodes (quotas, invalidation); absent: nothing shared but the database. */
  readonly redis?: RedisSettings;
  /** Where to look for GGUF files when no models are configured: <dataDir>/models, then $PLINTH_MODEL_DIR. */
  readonly modelDirs: readonly string[];
  /**
   * Never empty: without `server.listeners`, one listener named `default` on server.host and
   * server.port. The first is the default listener (the one --host/--port override).
   */
  readonly listeners: readonly ListenerSettings[];
  readonly dataProtection: DataProtectionSettings;
  readonly guardrails: GuardrailSettings;
  /** The absolute path of the file this came from; absent when only defaults were used. */
  readonly file?: string;
}

/** How guardrails evaluate content (schema-guardrails.ts). */
export interface GuardrailSettings {
  readonly classifiers: readonly ClassifierSettings[];
  /** Denied topics read by a model of the catalogue instead of the built-in detector. */
  readonly topics?: { readonly modelId: string; readonly timeoutMs: number };
}

/** Content-filter categories an operator pointed at a classifier model of the catalogue. */
export interface ClassifierSettings {
  readonly modelId: string;
  readonly categories: readonly ("SEXUAL" | "VIOLENCE" | "HATE" | "INSULTS" | "MISCONDUCT" | "PROMPT_ATTACK")[];
  readonly timeoutMs: number;
  readonly codes?: Readonly<Record<string, readonly ("SEXUAL" | "VIOLENCE" | "HATE" | "INSULTS" | "MISCONDUCT" | "PROMPT_ATTACK")[]>>;
}

/** Checks of what callers store beside their content (schema-data-protection.ts). */
export interface DataProtectionSettings {
  /** Personal data in a resource's name, description or tags: a warning, or a refusal. Deployment-wide for now. */
  readonly namesWithPersonalData: "warn" | "refuse";
}

/** Bedrock model invocation logging, deployment-wide (each account still opts in). */
export interface InvocationLoggingSettings {
  /** No account may turn content logging on (e.g. a deployment holding health data). */
  readonly forbidden: boolean;
  /** Accounts for which no content logging is allowed, whatever they configured. */
  readonly forbiddenAccounts: readonly string[];
  /** Logged invocations older than this many days are deleted. */
  readonly retentionDays: number;
}

/** The audit trail's settings (paths absolute). */
export interface AuditSettings {
  readonly node: string;
  /** Where the signing key lives: <dataDir>/audit. */
  readonly dir: string;
  readonly anchorDir: string;
  readonly checkpointSeconds: number;
  /** Events older than this are pruned; absent: kept forever. */
  readonly retentionDays?: number;
  /** A syslog collector that also receives each committed event; absent: none. */
  readonly syslog?: AuditSyslogSettings;
}

/** Where the audit trail's syslog stream goes (RFC 5424 messages, RFC 6587 octet counting, RFC 5425 TLS). */
export interface AuditSyslogSettings {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  /** Absolute; only with tls. Absent: the system's CAs. */
  readonly caFile?: string;
  /** RFC 5424 facility code (0-23). */
  readonly facility: number;
  readonly queueSize: number;
}

/** The OTLP/HTTP exporter of OpenTelemetry traces. */
export interface TracingSettings {
  /** The full traces URL (…/v1/traces). */
  readonly otlpEndpoint: string;
  /** Sent with each export: they may hold an API key. */
  readonly headers: readonly { readonly name: string; readonly value: Sensitive<string> }[];
  readonly serviceName: string;
  readonly queueSize: number;
}

/** The Prometheus exposition's listener (plain HTTP: keep it on loopback or a monitoring network). */
/** Requests and tokens per minute, per account; `models` override the defaults for a model or inference profile. */
/** Redis for several nodes. */
export interface RedisSettings {
  /** redis://, rediss://, unix:// or redis+unix://; may hold a password. */
  readonly url: Sensitive<string>;
  /** Prepended to every key and channel. */
  readonly keyPrefix: string;
}

export interface QuotaSettings {
  readonly requestsPerMinute?: number;
  readonly tokensPerMinute?: number;
  readonly models: readonly { readonly model: string; readonly requestsPerMinute?: number; readonly tokensPerMinute?: number }[];
}

export interface MetricsSettings {
  readonly host: string;
  readonly port: number;
  /** Accounts beyond this many share the label `other`. */
  readonly maxAccountLabels: number;
}

/** How requests may leave the deployment's region through system-defined inference profiles. */
export interface InferenceSettings {
  /**
   * `none`: a profile serves a model only when its provider processes data in this region;
   * `geography`: also when the provider lies inside the profile's geography (`eu.`, `us.`, ...);
   * `global`: `global.` profiles may also route anywhere. Calling a model by its own id is
   * unaffected: the operator chose its provider when configuring it.
   */
  readonly crossRegion: CrossRegion;
}

export interface TlsFileSettings {
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile?: string;
}

/** Mutual TLS on a listener: clients must present a certificate chaining to `caFile`. */
export interface ClientCertificateSettings {
  /** Absolute. */
  readonly caFile: string;
  /** False: clients without a certificate are let through (without certificate facts). */
  readonly required: boolean;
}

export interface ListenerSettings {
  readonly name: string;
  /** Where it is in the configuration (`server.listeners[1]`, or `server` for the default one), for messages. */
  readonly configPath: string;
  readonly host: string;
  readonly port: number;
  /** Plain HTTP behind a TLS-terminating proxy; then there is neither `tls` nor `clientCertificates`. */
  readonly insecureHttp: boolean;
  /** This listener's own material (absolute paths); absent: server.tls, else the generated material. */
  readonly tls?: TlsFileSettings;
  /** Present when the listener is private: requests carry aws:SourceVpce and no aws:SourceIp. */
  readonly privateEndpointId?: string;
  readonly clientCertificates?: ClientCertificateSettings;
  /** IP addresses or CIDR ranges; absent: any peer may connect. */
  readonly allowedSourceNetworks?: readonly string[];
}

/** What the listeners enforce; each field is described in schema-server-limits.ts. */
export type ServerLimitSettings = EdgeLimits;

export interface ServerSettings extends ServerLimitSettings {
  /** The default listener's address when `listeners` was not configured (see ResolvedConfig.listeners). */
  readonly host: string;
  readonly port: number;
  /** Absolute. */
  readonly dataDir: string;
  /** Operator-supplied material (absolute paths); absent means generate it in <dataDir>/tls. */
  readonly tls?: TlsFileSettings;
  readonly serverNames: readonly string[];
  readonly trustedProxies: readonly string[];
  readonly insecureHttp: boolean;
  /** Refuse to start unless Node's crypto is in FIPS mode with every algorithm plinth uses (README "FIPS mode"). */
  readonly fips: boolean;
  readonly maxBodyBytes: number;
  readonly signatureMaxSkewSeconds: number;
  /** A postgres:// URL; absent means SQLite in dataDir. */
  readonly databaseUrl?: Sensitive<string>;
  /** Where the root key comes from; `file` unless configured. */
  readonly rootKey: RootKeySettings;
}

/** Secrets resolved, caFile absolute; crypto/ reads the CA file when it opens the root key. */
export type RootKeySettings =
  | { readonly type: "file" }
  | {
    readonly type: "transit"; readonly address: string; readonly mount: string; readonly keyName: string;
    readonly token: Sensitive<string>; readonly caFile?: string;
  }
  | {
    readonly type: "aws-kms"; readonly keyId: string; readonly region: string; readonly endpoint?: string;
    readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: Sensitive<string>; readonly sessionToken?: Sensitive<string> };
    readonly caFile?: string;
  };

interface ProviderCommon {
  readonly id: string;
  /** Where this provider processes data (a region or a jurisdiction), always set. */
  readonly processingRegion: string;
  /** The provider keeps what it is sent beyond the request: served only under provider_data_share. */
  readonly retainsData: boolean;
  readonly timeoutMs: number;
  /** Absent: its models cannot be provisioned, and on-demand calls are not limited by it. */
  readonly capacity?: ProviderCapacity;
}

/** A provider's capacity and each model unit's share of it (each limit comes with its share). */
export interface ProviderCapacity {
  readonly maxConcurrency?: number;
  readonly tokensPerMinute?: number;
  readonly modelUnitConcurrency?: number;
  readonly modelUnitTokensPerMinute?: number;
  readonly activationSeconds: number;
}

export interface OpenAiProviderSettings extends ProviderCommon {
  readonly type: "openai";
  readonly baseUrl: string;
  readonly apiKey?: Sensitive<string>;
  /** The compatible server's own token-counting endpoint, when it has one. */
  readonly tokenizeEndpoint?: "vllm";
}

export interface AnthropicProviderSettings extends ProviderCommon {
  readonly type: "anthropic";
  readonly baseUrl: string;
  readonly apiKey: Sensitive<string>;
}

export interface AwsStaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: Sensitive<string>;
  readonly sessionToken?: Sensitive<string>;
}

export interface BedrockProviderSettings extends ProviderCommon {
  readonly type: "bedrock";
  readonly region: string;
  readonly endpoint?: string;
  /** Absent: the composition root supplies credentials from the environment plinth runs in. */
  readonly credentials?: AwsStaticCredentials;
}

export interface LlamaCppProviderSettings extends ProviderCommon {
  readonly type: "llamacpp";
  /** Absolute. */
  readonly modelDir: string;
  /** Absent: llama.cpp chooses. */
  readonly threads?: number;
  readonly contextSize: number;
}

export type ProviderSettings =
  | OpenAiProviderSettings
  | AnthropicProviderSettings
  | BedrockProviderSettings
  | LlamaCppProviderSettings;

export type ProviderType = ProviderSettings["type"];

export interface ModelSettings {
  readonly modelId: string;
  /** The id of the provider serving it (always one of `providers`). */
  readonly provider: string;
  readonly upstreamModel: string;
  readonly name: string;
  readonly providerName: string;
  readonly inputModalities: readonly Modality[];
  readonly outputModalities: readonly Modality[];
  readonly streaming: boolean;
  readonly terms?: string;
  readonly lifecycle: Lifecycle;
}
