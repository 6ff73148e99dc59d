/**
 * Default values, in one place: the schema publishes them as `default` annotations and the
 * resolver applies them, so the documentation and the behaviour cannot drift apart.
 */
export const DEFAULTS = {
  /**
   * A deployment is a region. With no configuration file the only providers are local GGUF
   * models on this machine, so the name labels ARNs and SigV4 credential scopes without
   * weakening residency. `us-east-1` is the region AWS documentation and most client examples
   * use, so unconfigured clients sign for it and work against a fresh install unchanged.
   */
  region: "us-east-1",
  /** Loopback only: listening on other interfaces is an explicit decision. */
  host: "127.0.0.1",
  port: 8443,
  dataDir: "./data",
  /** 20 MiB: room for a few images in a Converse request, small enough to refuse floods early. */
  maxBodyBytes: 20 * 1024 * 1024,
  /**
   * Connection and body limits (see schema-server-limits.ts for what each bounds). Sized so one
   * busy client is never near them and an attacker holding all of them costs tens of MiB, not GiB.
   */
  maxConnections: 10_000,
  /** Per peer address: a trusted proxy is exempt, since every client behind it shares its address. */
  maxConnectionsPerSource: 256,
  /** 64 MiB in total of bodies whose signature cannot be checked yet (each body is held until it is whole). */
  maxUnauthenticatedBodyBytes: 64 * 1024 * 1024,
  bodyIdleTimeoutMs: 30_000,
  /** Node's own default for HTTP/1.1: the whole request (head and body) in five minutes. */
  requestTimeoutMs: 300_000,
  headersTimeoutMs: 30_000,
  idleTimeoutMs: 120_000,
  /** Node's default; behind a load balancer, set it above the balancer's own idle timeout. */
  keepAliveTimeoutMs: 5_000,
  tlsHandshakeTimeoutMs: 10_000,
  /** What nginx, Envoy and most HTTP/2 servers advertise. */
  http2MaxConcurrentStreams: 100,
  /** AWS's own window: "a request must reach AWS within five minutes of the time stamp". */
  signatureMaxSkewSeconds: 300,
  providerTimeoutMs: 60_000,
  /** Data stays in the deployment's region unless the owner opts in to cross-region profiles. */
  crossRegion: "none",
  auditNode: "node-1",
  auditCheckpointSeconds: 10,
  auditSubdir: "audit",
  invocationLogRetentionDays: 30,
  openaiBaseUrl: "https://api.openai.com/v1",
  anthropicBaseUrl: "https://api.anthropic.com",
  llamacppContextSize: 2048,
  /** Where GGUF files are looked for, under the data directory. */
  modelsSubdir: "models",
  /** The metrics listener, when configured: loopback, on the OpenTelemetry Prometheus exporter's port. */
  metricsHost: "127.0.0.1",
  metricsPort: 9464,
  redisKeyPrefix: "plinth:",
  /** Enough for an organisation's accounts; the cap keeps a flood of new accounts from flooding the series. */
  metricsMaxAccountLabels: 100,
  /** OpenTelemetry traces, when configured. */
  tracingServiceName: "plinth",
  tracingQueueSize: 2048,
  /** The audit trail's syslog stream, when configured. */
  auditSyslogFacility: "local0",
  auditSyslogQueueSize: 10000,
  /** The environment variable naming an extra directory of GGUF files. */
  modelDirEnv: "PLINTH_MODEL_DIR",
} as const;
