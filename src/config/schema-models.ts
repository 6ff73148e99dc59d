import { MODEL_ID, PROVIDER_ID, shaped } from "./schema-parts.js";

export const MODALITIES = ["TEXT", "IMAGE", "EMBEDDING"] as const;
export const LIFECYCLES = ["ACTIVE", "LEGACY"] as const;

function modalities(description: string): Record<string, unknown> {
  return {
    type: "array",
    minItems: 1,
    uniqueItems: true,
    items: { enum: [...MODALITIES] },
    default: ["TEXT"],
    description,
  };
}

export const modelSchema = {
  type: "object",
  additionalProperties: false,
  required: ["modelId", "provider", "upstreamModel"],
  description: "A model in the catalogue, served by one provider.",
  properties: {
    modelId: {
      ...shaped(MODEL_ID, "The Bedrock-style model id clients use, e.g. meta.llama3-1-8b-instruct-v1:0. Unique."),
      maxLength: 256,
    },
    provider: shaped(PROVIDER_ID, "The id of the provider (in providers) that serves this model."),
    upstreamModel: {
      type: "string",
      minLength: 1,
      maxLength: 512,
      description: "The model's name at the provider (for llamacpp: the GGUF file name in its modelDir).",
    },
    name: {
      type: "string",
      minLength: 1,
      maxLength: 256,
      description: "Display name in the catalogue (modelName). Defaults to the model id.",
    },
    providerName: {
      type: "string",
      minLength: 1,
      maxLength: 128,
      description: "Who made the model, as shown in the catalogue (providerName). Defaults to the model id's first part.",
    },
    inputModalities: modalities("What the model accepts."),
    outputModalities: modalities("What the model produces; EMBEDDING for embedding models."),
    streaming: {
      type: "boolean",
      description: "Whether the model answers the streaming operations. Defaults to true, or false for embedding models.",
    },
    terms: {
      type: "string",
      minLength: 1,
      maxLength: 4096,
      description: "The model's licence or terms of use (text or URL), shown in the catalogue.",
    },
    lifecycle: {
      enum: [...LIFECYCLES],
      default: "ACTIVE",
      description: "ACTIVE, or LEGACY for a model that still works but is on its way out.",
    },
  },
} as const;
