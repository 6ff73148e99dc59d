import type { InferenceService } from "../../service/inference.js";
import type { ModelResolver } from "../../service/resources/index.js";
import type { Operation } from "../operation.js";
import { converseOperations } from "./converse-routes.js";
import { invokeOperations } from "./invoke-routes.js";

/** Bedrock Runtime (endpoint `bedrock-runtime`, signing name `bedrock`). */
export function bedrockRuntimeOperations(inference: InferenceService, models: ModelResolver): Operation[] {
  return [...converseOperations(inference, models), ...invokeOperations(inference, models)];
}
