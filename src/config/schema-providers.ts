import { DEFAULTS } from "./defaults.js";
import {
  AWS_ACCESS_KEY_ID, PROCESSING_REGION, PROVIDER_ID, REGION, SECRET, SECRET_FORMS, shaped,
} from "./schema-parts.js";

export const PROVIDER_TYPES = ["openai", "anthropic", "bedrock", "llamacpp"] as const;

const id = shaped(PROVIDER_ID, "This provider's id, referred to by models[].provider. Unique.");

function processingRegion(defaultText?: string): Record<string, unknown> {
  const tail = defaultText === undefined ? "" : ` Defaults to ${defaultText}.`;
  return shaped(
    PROCESSING_REGION,
    "Where this provider processes the data it is sent: a region (eu-west-2) or a jurisdiction (eu, us). " +
      `Requests are routed only to providers in the allowed regions.${tail}`,
  );
}

/**
 * Whether the provider keeps what it is sent beyond the request (abuse monitoring, training, a
 * hosted API without a zero-retention agreement). Such a provider serves only accounts whose
 * data-retention mode is provider_data_share (service/data-retention).
 */
const retainsData = {
  type: "boolean",
  default: false,
  description:
    "Set true when this provider keeps prompts or completions beyond the request (for example a hosted API without a zero-data-retention agreement). " +
    "Its models are then refused to every account whose data-retention mode is not provider_data_share (PutAccountDataRetention). " +
    "Leave false only where the provider keeps nothing beyond the request, or beyond a prompt cache's own life.",
};

const timeoutMs = {
  type: "integer",
  minimum: 1000,
  maximum: 900_000,
  default: DEFAULTS.providerTimeoutMs,
  description: "How long to wait for the upstream to answer (first byte), in milliseconds.",
};

/**
 * What the provider can serve at once, split between on-demand traffic and provisioned
 * throughput (service/provisioned): each model unit reserves its share, which on-demand calls
 * cannot take. Each limit comes with its per-unit share, so units always mean something.
 */
const capacity = {
  type: "object",
  additionalProperties: false,
  minProperties: 2,
  description:
    "This provider's capacity, for provisioned throughput: CreateProvisionedModelThroughput reserves modelUnits × the per-unit share for the caller, " +
    "and on-demand calls to the provider's models get only what no unit reserves (ThrottlingException past it). Give maxConcurrency with " +
    "modelUnitConcurrency, tokensPerMinute with modelUnitTokensPerMinute, or both pairs. Absent: the provider's models cannot be provisioned and on-demand calls are not limited by it.",
  properties: {
    maxConcurrency: { type: "integer", minimum: 1, maximum: 1_000_000, description: "Calls the provider serves at once, all accounts together." },
    tokensPerMinute: { type: "integer", minimum: 1, maximum: 1_000_000_000_000, description: "Tokens (input and output) per minute the provider serves, all accounts together." },
    modelUnitConcurrency: { type: "integer", minimum: 1, maximum: 1_000_000, description: "Calls at once one model unit reserves (and its holder may make)." },
    modelUnitTokensPerMinute: { type: "integer", minimum: 1, maximum: 1_000_000_000_000, description: "Tokens per minute one model unit reserves." },
    activationSeconds: {
      type: "integer", minimum: 0, maximum: 86_400, default: 0,
      description: "How long a new or updated provisioned throughput stays Creating (or Updating) before it is InService, as dedicated capacity takes time to bring up. Default 0.",
    },
  },
  dependencies: {
    maxConcurrency: ["modelUnitConcurrency"], modelUnitConcurrency: ["maxConcurrency"],
    tokensPerMinute: ["modelUnitTokensPerMinute"], modelUnitTokensPerMinute: ["tokensPerMinute"],
  },
};

function baseUrl(defaultUrl: string, what: string): Record<string, unknown> {
  return {
    type: "string",
    format: "http-url",
    default: defaultUrl,
    description: `${what} Must not carry credentials: put the key in apiKey. https, or http to localhost or a loopback address (see allowInsecureHttp).`,
  };
}

/** The opt-in checked by plain-http.ts; `field` is the URL it concerns. */
function allowInsecureHttp(field: string): Record<string, unknown> {
  return {
    type: "boolean",
    default: false,
    description:
      `Allows ${field} to be plain http:// to another machine, which carries prompts, completions and credentials ` +
      "across the network unencrypted; plinth then warns at every start. Only for a network you trust end to end. " +
      "localhost and loopback addresses need no permission. Refused where it is not needed.",
  };
}

function secret(what: string): Record<string, unknown> {
  return shaped(SECRET, `${what} ${SECRET_FORMS}`);
}

function closed(
  required: readonly string[],
  description: string,
  properties: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return { type: "object", additionalProperties: false, required, description, properties, ...extra };
}

const openai = closed(["id", "type", "processingRegion"], "An OpenAI or OpenAI-compatible chat/embeddings API.", {
  id,
  type: { const: "openai" },
  baseUrl: baseUrl(DEFAULTS.openaiBaseUrl, "The API base URL, up to and including /v1."),
  allowInsecureHttp: allowInsecureHttp("baseUrl"),
  apiKey: secret("The API key, sent as a bearer token. Optional for compatible servers that need none."),
  tokenizeEndpoint: {
    enum: ["vllm"],
    description:
      "The compatible server's own token-counting endpoint, which CountTokens then uses for every model of this provider: " +
      "vllm (POST /tokenize at the server root, beside /v1, which renders the model's chat template). " +
      "Absent: OpenAI's models are counted with their published tokenizer, and other models refuse CountTokens.",
  },
  processingRegion: processingRegion(),
  retainsData,
  timeoutMs,
  capacity,
});

const anthropic = closed(["id", "type", "apiKey", "processingRegion"], "Anthropic's Messages API.", {
  id,
  type: { const: "anthropic" },
  baseUrl: baseUrl(DEFAULTS.anthropicBaseUrl, "The API base URL, without /v1."),
  allowInsecureHttp: allowInsecureHttp("baseUrl"),
  apiKey: secret("The API key (x-api-key)."),
  processingRegion: processingRegion(),
  retainsData,
  timeoutMs,
  capacity,
});

const bedrock = closed(["id", "type", "region"], "Amazon Bedrock, called with SigV4.", {
  id,
  type: { const: "bedrock" },
  region: shaped(REGION, "The AWS region to call."),
  endpoint: {
    type: "string",
    format: "http-url",
    description: "An endpoint to use instead of bedrock-runtime.<region>.amazonaws.com (a VPC endpoint, a test server). Must not carry credentials. https, or http to localhost or a loopback address (see allowInsecureHttp).",
  },
  allowInsecureHttp: allowInsecureHttp("endpoint"),
  accessKeyId: shaped(AWS_ACCESS_KEY_ID, `The access key id; with secretAccessKey. When both are absent the credentials come from the environment plinth runs in. ${SECRET_FORMS}`),
  secretAccessKey: secret("The secret access key; with accessKeyId."),
  sessionToken: secret("A session token for temporary credentials; with accessKeyId and secretAccessKey."),
  processingRegion: processingRegion("region"),
  retainsData,
  timeoutMs,
  capacity,
}, {
  // Static credentials come as a pair; a session token only makes sense with one.
  dependencies: {
    accessKeyId: ["secretAccessKey"],
    secretAccessKey: ["accessKeyId"],
    sessionToken: ["accessKeyId", "secretAccessKey"],
  },
});

const llamacpp = closed(["id", "type"], "GGUF models run on this machine with llama.cpp.", {
  id,
  type: { const: "llamacpp" },
  modelDir: {
    type: "string",
    minLength: 1,
    description: "Directory holding the GGUF files (relative to this file's directory). Defaults to <dataDir>/models.",
  },
  threads: { type: "integer", minimum: 1, maximum: 1024, description: "CPU threads per model; absent lets llama.cpp choose." },
  contextSize: {
    type: "integer",
    minimum: 256,
    maximum: 1_048_576,
    default: DEFAULTS.llamacppContextSize,
    description: "Context window in tokens (prompt and completion together).",
  },
  processingRegion: processingRegion("the deployment's region, since data stays on this machine"),
  retainsData,
  timeoutMs,
  capacity,
});

const branches = { openai, anthropic, bedrock, llamacpp } as const;

/** One `if type is X then X's closed schema` per type: standard JSON Schema that editors understand. */
export const providerDefinitions: Record<string, unknown> = Object.fromEntries(
  PROVIDER_TYPES.map((type) => [`${type}Provider`, branches[type]]),
);

export const providerSchema = {
  type: "object",
  required: ["type"],
  description: "A model provider: a hosted API or llama.cpp on this machine. Each declares where it processes data.",
  properties: {
    type: { enum: [...PROVIDER_TYPES], description: "Which kind of provider this is; decides the other fields." },
  },
  allOf: PROVIDER_TYPES.map((type) => ({
    if: { type: "object", properties: { type: { const: type } }, required: ["type"] },
    then: { $ref: `#/definitions/${type}Provider` },
  })),
};
