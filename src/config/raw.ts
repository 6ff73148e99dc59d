/**
 * The configuration as written, after the schema accepted it: optional fields still absent,
 * secrets still references. Only the resolver reads these shapes.
 */
export interface RawTls {
  certFile: string;
  keyFile: string;
  caFile?: string;
}

export interface RawListener {
  name: string;
  host: string;
  port: number;
  tls?: RawTls;
  insecureHttp?: boolean;
  privateEndpointId?: string;
  clientCa?: string;
  requireClientCert?: boolean;
  allowedSourceNetworks?: string[];
}

export interface RawServer {
  host?: string;
  port?: number;
  dataDir?: string;
  tls?: RawTls;
  listeners?: RawListener[];
  serverNames?: string[];
  trustedProxies?: string[];
  insecureHttp?: boolean;
  fips?: boolean;
  maxBodyBytes?: number;
  signatureMaxSkewSeconds?: number;
  maxConnections?: number;
  maxConnectionsPerSource?: number;
  maxUnauthenticatedBodyBytes?: number;
  maxUnauthenticatedBodyBytesPerConnection?: number;
  bodyIdleTimeoutMs?: number;
  requestTimeoutMs?: number;
  headersTimeoutMs?: number;
  idleTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
  tlsHandshakeTimeoutMs?: number;
  http2MaxConcurrentStreams?: number;
  databaseUrl?: string;
  rootKey?: RawRootKey;
}

export type RawRootKey =
  | { type: "file" }
  | { type: "transit"; address: string; mount?: string; keyName: string; token: string; caFile?: string }
  | {
    type: "aws-kms"; keyId: string; region: string; endpoint?: string;
    accessKeyId?: string; secretAccessKey?: string; sessionToken?: string; caFile?: string;
  };

interface RawProviderBase {
  id: string;
  timeoutMs?: number;
  retainsData?: boolean;
  capacity?: {
    maxConcurrency?: number; tokensPerMinute?: number; modelUnitConcurrency?: number; modelUnitTokensPerMinute?: number; activationSeconds?: number;
  };
}

export interface RawOpenAiProvider extends RawProviderBase {
  type: "openai";
  baseUrl?: string;
  allowInsecureHttp?: boolean;
  apiKey?: string;
  tokenizeEndpoint?: "vllm";
  processingRegion: string;
}

export interface RawAnthropicProvider extends RawProviderBase {
  type: "anthropic";
  baseUrl?: string;
  allowInsecureHttp?: boolean;
  apiKey: string;
  processingRegion: string;
}

export interface RawBedrockProvider extends RawProviderBase {
  type: "bedrock";
  region: string;
  endpoint?: string;
  allowInsecureHttp?: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  processingRegion?: string;
}

export interface RawLlamaCppProvider extends RawProviderBase {
  type: "llamacpp";
  modelDir?: string;
  threads?: number;
  contextSize?: number;
  processingRegion?: string;
}

export type RawProvider = RawOpenAiProvider | RawAnthropicProvider | RawBedrockProvider | RawLlamaCppProvider;

export interface RawModel {
  modelId: string;
  provider: string;
  upstreamModel: string;
  name?: string;
  providerName?: string;
  inputModalities?: Modality[];
  outputModalities?: Modality[];
  streaming?: boolean;
  terms?: string;
  lifecycle?: Lifecycle;
}

export type Modality = "TEXT" | "IMAGE" | "EMBEDDING";
export type Lifecycle = "ACTIVE" | "LEGACY";

export interface RawConfig {
  region?: string;
  server?: RawServer;
  dataProtection?: { namesWithPersonalData?: "warn" | "refuse" };
  providers?: RawProvider[];
  models?: RawModel[];
  inference?: RawInference;
  audit?: RawAudit;
  invocationLogging?: RawInvocationLogging;
  metrics?: RawMetrics;
  tracing?: RawTracing;
  quotas?: RawQuotas;
  redis?: RawRedis;
  guardrails?: { classifiers?: RawClassifier[]; topics?: RawTopicModel };
}

export interface RawRedis {
  url: string;
  keyPrefix?: string;
}

export interface RawTopicModel {
  modelId: string;
  timeoutMs?: number;
}

export interface RawClassifier {
  modelId: string;
  categories: ClassifierCategory[];
  timeoutMs?: number;
  codes?: { code: string; categories: ClassifierCategory[] }[];
}
export type ClassifierCategory = "SEXUAL" | "VIOLENCE" | "HATE" | "INSULTS" | "MISCONDUCT" | "PROMPT_ATTACK";

export interface RawQuotas {
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  models?: { model: string; requestsPerMinute?: number; tokensPerMinute?: number }[];
}

export interface RawTracing {
  otlpEndpoint: string;
  headers?: { name: string; value: string }[];
  serviceName?: string;
  queueSize?: number;
}

export interface RawAuditSyslog {
  host: string;
  port: number;
  tls?: boolean;
  caFile?: string;
  facility?: string;
  queueSize?: number;
}

export interface RawInvocationLogging {
  forbidden?: boolean;
  forbiddenAccounts?: string[];
  retentionDays?: number;
}

export interface RawAudit {
  node?: string;
  anchorDir?: string;
  checkpointSeconds?: number;
  retentionDays?: number;
  syslog?: RawAuditSyslog;
}

export interface RawMetrics {
  host?: string;
  port?: number;
  maxAccountLabels?: number;
}

export interface RawInference {
  crossRegion?: CrossRegion;
}

/** How far a system-defined inference profile may carry a request from the deployment's region. */
export type CrossRegion = "none" | "geography" | "global";
