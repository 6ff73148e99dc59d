/**
 * Bedrock-style service quotas, per account: requests and tokens per minute for each model (or
 * inference profile). Absent, or a limit left out: not limited, which is how plinth behaved
 * before quotas existed.
 */
const perMinute = (what: string, maximum: number) => ({
  type: "integer",
  minimum: 1,
  maximum,
  description: `${what} per minute each account may use on one model or inference profile; absent: not limited.`,
});

export const quotasSchema = {
  type: "object",
  additionalProperties: false,
  description:
    "Service quotas as in Bedrock: requests and tokens per minute, per account and model (or inference profile). A call over a " +
    "quota is refused with ThrottlingException (429; a 429 rate-limit error with retry-after on the OpenAI and Anthropic routes). " +
    "Tokens are estimated when a call is admitted (its body's size plus its maximum output) and settled against the provider's " +
    "count when it ends. Counted in this node's memory, or in Redis when `redis` is configured, so the limits hold across nodes. Absent: no quotas.",
  properties: {
    requestsPerMinute: perMinute("Requests", 1_000_000_000),
    tokensPerMinute: perMinute("Tokens (input and output)", 1_000_000_000_000),
    models: {
      type: "array",
      default: [],
      description: "Quotas of particular models or inference profiles; a limit an entry leaves out is the default above. A system-defined " +
        "inference profile (us.<model>) has quotas apart from its model's only when listed here; otherwise its calls count as its model's. " +
        "An application inference profile always counts as what it copies.",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["model"],
        properties: {
          model: {
            type: "string",
            pattern: "^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$",
            description: "A model id (meta.llama3-1-8b-instruct-v1:0) or an inference profile id (us.meta.llama3-1-8b-instruct-v1:0).",
          },
          requestsPerMinute: perMinute("Requests", 1_000_000_000),
          tokensPerMinute: perMinute("Tokens (input and output)", 1_000_000_000_000),
        },
      },
    },
  },
} as const;
