export { loadConfig } from "./load.js";
export type { ConfigOverrides, LoadConfigOptions } from "./load.js";
export { ConfigError, formatProblem } from "./problems.js";
export type { ConfigProblem } from "./problems.js";
export { configSchema, renderSchemaJson } from "./schema.js";
export { DEFAULTS as CONFIG_DEFAULTS } from "./defaults.js";
export { createConfigValidator } from "./validate.js";
export { insecureHttpProviders, isPlainHttpToAnotherHost } from "./plain-http.js";
export type { ConfigValidator } from "./validate.js";
export type {
  ResolvedConfig, ServerSettings, TlsFileSettings, ListenerSettings, ClientCertificateSettings,
  ProviderSettings, ProviderType,
  OpenAiProviderSettings, AnthropicProviderSettings, BedrockProviderSettings, LlamaCppProviderSettings,
  AwsStaticCredentials, ModelSettings, Modality, Lifecycle, CrossRegion, InferenceSettings, MetricsSettings,
  TracingSettings, AuditSyslogSettings, QuotaSettings, RedisSettings,
} from "./types.js";
export type { DataProtectionSettings, RootKeySettings } from "./types.js";
