import type { InferenceConfig } from "../../../kernel/index.js";
import { at, closed, num, obj, own, strings } from "../validate.js";

/**
 * inferenceConfig (BC `InferenceConfiguration`). Out-of-range values are refused, never clamped.
 *
 * Unknown members of inferenceConfig are refused although AWS's restJson1 servers ignore
 * them: `{"max_tokens": 50}` silently ignored means an unbounded generation the caller did not
 * ask for, so a typo must surface as a ValidationException naming the member.
 */
const INT32_MAX = 2_147_483_647;

export interface DecodedInference {
  readonly inference: InferenceConfig;
  /** Stop sequences are customer text: they go into the Sensitive conversation, not here. */
  readonly stopSequences?: readonly string[];
}

export function decodeInferenceConfig(value: unknown, field: string): DecodedInference {
  const o = obj(value, field);
  closed(o, field, ["maxTokens", "temperature", "topP", "stopSequences"], { shape: "InferenceConfiguration" });
  const maxTokens = own(o, "maxTokens");
  const temperature = own(o, "temperature");
  const topP = own(o, "topP");
  const stops = own(o, "stopSequences");
  const stopField = at(field, "stopSequences");
  return {
    inference: {
      ...(maxTokens === undefined ? {} : { maxTokens: num(maxTokens, at(field, "maxTokens"), 1, INT32_MAX, true) }),
      ...(temperature === undefined ? {} : { temperature: num(temperature, at(field, "temperature"), 0, 1) }),
      ...(topP === undefined ? {} : { topP: num(topP, at(field, "topP"), 0, 1) }),
    },
    ...(stops === undefined ? {} : {
      stopSequences: strings(stops, stopField, { max: 2500 }, { min: 1 }),
    }),
  };
}
