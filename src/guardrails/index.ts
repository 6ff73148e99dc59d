/** The guardrail evaluator's public surface: compile a version once, evaluate texts or a stream. */
export { compileGuardrail, DEFAULT_BUDGET_MS } from "./compile.js";
export type { CompiledGuardrail, GuardrailDeps } from "./compile.js";
export { evaluate, textUnits } from "./assess.js";
export { OutputScanner } from "./stream.js";
export { evaluateSliced, SLICED_FROM, SLICE_CHARACTERS } from "./sliced.js";
export type { StreamRelease } from "./stream.js";
export { lexicalClassifier } from "./lexical.js";
export { trainedClassifier } from "./classifier/trained.js";
export { combinedClassifier } from "./classifier/combined.js";
export { similarityTopics } from "./topics.js";
export { STRENGTH_THRESHOLD, TOPIC_THRESHOLD, confidenceOf } from "./strength.js";
export type { Confidence } from "./strength.js";
export type { EvaluateOptions, GroundingFinding } from "./assess.js";
export { lexicalGrounding, scoreGrounding } from "./grounding.js";
export { Pseudonyms } from "./pseudonyms.js";
