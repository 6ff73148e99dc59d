/**
 * Bedrock's LoggingConfig as plinth keeps it: which kinds of content an account asked to have
 * logged. Destinations (cloudWatchConfig, s3Config) are not part of it: plinth writes records to
 * its own encrypted store only, and the codec refuses those fields rather than pretending.
 */
export interface LoggingConfig {
  readonly textDataDeliveryEnabled: boolean;
  readonly imageDataDeliveryEnabled: boolean;
  readonly embeddingDataDeliveryEnabled: boolean;
  readonly videoDataDeliveryEnabled: boolean;
  readonly audioDataDeliveryEnabled: boolean;
}

export const DELIVERY_FLAGS = [
  "textDataDeliveryEnabled", "imageDataDeliveryEnabled", "embeddingDataDeliveryEnabled", "videoDataDeliveryEnabled", "audioDataDeliveryEnabled",
] as const satisfies readonly (keyof LoggingConfig)[];

/** A stored configuration read back; a flag missing or not a boolean (a newer writer) reads as off. */
export function loggingConfigFromJson(text: string): LoggingConfig {
  let parsed: unknown;
  try { parsed = JSON.parse(text); } catch { parsed = {}; }
  const o = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Record<string, unknown>;
  return Object.fromEntries(DELIVERY_FLAGS.map((f) => [f, o[f] === true])) as unknown as LoggingConfig;
}

export function loggingConfigToJson(config: LoggingConfig): string {
  return JSON.stringify(Object.fromEntries(DELIVERY_FLAGS.map((f) => [f, config[f]])));
}
