export { Sensitive, sensitive } from "./sensitive.js";
export { Fault, fault, invalid, isFault } from "./fault.js";
export type { FaultKind, FaultDetail } from "./fault.js";
export { systemClock, fixedClock, withinAge } from "./clock.js";
export type { Clock } from "./clock.js";
export { ADMINISTRATOR_ACCESS_ARN, PARTITION, foundationModelArn, iamUserArn, parseArn, modelIdFromArn } from "./arn.js";
export type { ParsedArn } from "./arn.js";
export type { ClientWatch, EdgeFacts, Principal, RequestContext, SessionFacts, SessionTag, TlsFacts } from "./context.js";
export { clientWatch } from "./context.js";
export type {
  Role, ImageFormat, DocumentFormat, CacheTtl, CacheMark, TextBlock, ImageBlock, DocumentBlock, ReasoningBlock,
  RedactedReasoningBlock, ToolUseBlock, ToolResultBlock, ToolResultContent, ContentBlock, Message, ToolSpec,
  ToolChoice, ToolConfig, OutputFormat, Conversation, ReasoningEffort, ReasoningConfig, ServiceTier, LatencyMode,
  InferenceConfig, StopReason, Usage, AnthropicOptions, ConverseRequest, ConverseResult, StreamDelta, StreamEvent,
  EmbeddingPurpose, EmbedRequest, EmbedResult, CountTokensRequest, GuardrailTrace,
} from "./inference.js";
export type { EdgeLimits } from "./limits.js";
export type {
  AuditFields, AuditScalar, AuditValue, GuardrailPolicyKind, NotedGuardrail, NotedGuardrailEvaluation, NotedPersonalData, NotedUsage, RequestNotes,
} from "./notes.js";
export { abortsBy, boundSignal, unboundSignal } from "./signal-bound.js";
export type { SignalBound } from "./signal-bound.js";
export { sortStrings } from "./sort-strings.js";
export { extended } from "./extended.js";
