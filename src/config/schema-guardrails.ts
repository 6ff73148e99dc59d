/** The content-filter categories an operator's classifier model may stand in for (Bedrock's names). */
export const CLASSIFIER_CATEGORIES = ["SEXUAL", "VIOLENCE", "HATE", "INSULTS", "MISCONDUCT", "PROMPT_ATTACK"] as const;

export const guardrailsSchema = {
  type: "object",
  additionalProperties: false,
  default: {},
  description: "How guardrails evaluate content. Every detector runs in-process unless an operator points a category at a model here.",
  properties: {
    classifiers: {
      type: "array",
      default: [],
      description:
        "Content-filter categories scored by a model the catalogue serves (e.g. a Llama Guard model) instead of the built-in " +
        "classifier, for every guardrail of the deployment. The text a filter reads is sent to that model as a user turn; its " +
        "answer must be a Llama Guard verdict (`safe`, or `unsafe` and a line of hazard codes such as `S1,S10`), read strictly: " +
        "any other answer, a provider error or a timeout blocks the content (fails closed).",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["modelId", "categories"],
        properties: {
          modelId: { type: "string", minLength: 1, description: "A modelId of the models list: the classifier model." },
          categories: {
            type: "array",
            minItems: 1,
            uniqueItems: true,
            items: { enum: [...CLASSIFIER_CATEGORIES] },
            description: "The categories this model scores. A flagged category scores 1 (HIGH confidence), an unflagged one 0.",
          },
          timeoutMs: {
            type: "integer",
            minimum: 50,
            maximum: 60000,
            default: 2000,
            description: "How long one verdict may take; past it the content is blocked. The guardrail's evaluation budget grows to allow it.",
          },
          codes: {
            type: "array",
            description:
              "The hazard codes and the categories each flags, replacing Llama Guard 3's default mapping (S1 violent crimes: " +
              "VIOLENCE, S2 non-violent crimes: MISCONDUCT, S3 sex crimes and S4 child exploitation: SEXUAL and MISCONDUCT, S5 " +
              "defamation: INSULTS, S9 indiscriminate weapons: VIOLENCE and MISCONDUCT, S10 hate: HATE, S11 self-harm: VIOLENCE, " +
              "S12 sexual content: SEXUAL; S6-S8, S13, S14 flag none). A code outside the mapping is not a verdict.",
            items: {
              type: "object",
              additionalProperties: false,
              required: ["code", "categories"],
              properties: {
                code: { type: "string", pattern: "^S[0-9]{1,3}$", description: "A hazard code the model may answer, e.g. S1." },
                categories: { type: "array", uniqueItems: true, items: { enum: [...CLASSIFIER_CATEGORIES] }, description: "The categories this code flags; none is a valid verdict that trips no filter." },
              },
            },
          },
        },
      },
    },
    topics: {
      type: "object",
      additionalProperties: false,
      required: ["modelId"],
      description:
        "Denied topics read by a model the catalogue serves (any instruction-following chat model) instead of the built-in " +
        "detector, which compares words and so misses a paraphrase sharing none with a topic's definition and examples. The " +
        "model is told each guardrail's topics (name, definition, examples) as numbered codes T1, T2, ... and reads the text as " +
        "a user turn; its answer must be `none` or one line of codes (`T1,T3`), read strictly: any other answer, a provider " +
        "error or a timeout blocks the content (fails closed).",
      properties: {
        modelId: { type: "string", minLength: 1, description: "A modelId of the models list: the topic model." },
        timeoutMs: {
          type: "integer",
          minimum: 50,
          maximum: 60000,
          default: 2000,
          description: "How long one answer may take; past it the content is blocked. The guardrail's evaluation budget grows to allow it.",
        },
      },
    },
  },
} as const;
