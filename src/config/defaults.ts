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
  /** AWS's own window: "a request must reach AWS within five minutes of the time stamp". */
  signatureMaxSkewSeconds: 300,
  providerTimeoutMs: 60_000,
  openaiBaseUrl: "https://api.openai.com/v1",
  anthropicBaseUrl: "https://api.anthropic.com",
  llamacppContextSize: 2048,
  /** Where GGUF files are looked for, under the data directory. */
  modelsSubdir: "models",
  /** The environment variable naming an extra directory of GGUF files. */
  modelDirEnv: "PLINTH_MODEL_DIR",
} as const;
