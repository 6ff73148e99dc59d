import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isFault } from "../../../kernel/index.js";
import { decodeConverseRequest, decodeConverseStreamRequest } from "./converse-decode.js";

/**
 * Every validation rule of the Converse decoder: a literal body, the wire path the
 * ValidationException must name, and a fragment of the constraint it must state.
 */
const MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
const HI = { role: "user", content: [{ text: "hi" }] };
const TOOLS = { tools: [{ toolSpec: { name: "get_weather", inputSchema: { json: { type: "object" } } } }] };
const useTool = (toolUse: object) => [HI, { role: "assistant", content: [{ toolUse }] }];
const result = (toolResult: object) => [{ role: "user", content: [{ toolResult }] }];
const CP = { cachePoint: { type: "default" } };
const doc = (over: object) => ({ document: { format: "pdf", name: "Report (final) [v2]", source: { bytes: "AAAA" }, ...over } });
const FORMAT = { type: "json_schema", structure: { jsonSchema: { schema: '{"type":"object"}' } } };

type Row = readonly [name: string, body: unknown, field: string, problem: string];

const rows: readonly Row[] = [
  ["body not an object", [], "body", "JSON object"],
  ["unknown top-level member", { messages: [HI], temperature: 1 }, "temperature", "not a recognized member of ConverseRequest"],
  ["unknown top-level member that looks like content", { messages: [HI], "tell me a story": 1 }, "body", "unrecognized member"],
  ["messages missing", {}, "messages", "must not be null"],
  ["messages empty", { messages: [] }, "messages", "greater than or equal to 1"],
  ["messages not a list", { messages: HI }, "messages", "must be a list"],
  ["role system", { messages: [{ role: "system", content: [{ text: "x" }] }] }, "messages.0.role", "[user, assistant]"],
  ["role missing", { messages: [{ content: [{ text: "x" }] }] }, "messages.0.role", "must not be null"],
  ["unknown message member", { messages: [{ ...HI, name: "bob" }] }, "messages.0.name", "not a recognized member of Message"],
  ["content empty", { messages: [{ role: "user", content: [] }] }, "messages.0.content", "greater than or equal to 1"],
  ["content only a cache point", { messages: [{ role: "user", content: [{ cachePoint: { type: "default" } }] }] }, "messages.0.content.0.cachePoint", "must follow a block"],
  ["cache point after a cache point", { messages: [{ role: "user", content: [{ text: "a" }, { cachePoint: { type: "default" } }, { cachePoint: { type: "default" } }] }] }, "messages.0.content.2.cachePoint", "another cachePoint"],
  ["cache point after reasoning", { messages: [HI, { role: "assistant", content: [{ reasoningContent: { reasoningText: { text: "r", signature: "s" } } }, { cachePoint: { type: "default" } }] }] }, "messages.1.content.1.cachePoint", "can be cached"],
  ["system cache point first", { messages: [HI], system: [{ cachePoint: { type: "default" } }, { text: "s" }] }, "system.0.cachePoint", "must follow a block"],
  ["five cache points", { messages: [{ role: "user", content: [{ text: "a" }, CP, { text: "b" }, CP, { text: "c" }, CP] }], system: [{ text: "s" }, CP], toolConfig: { tools: [TOOLS.tools[0], CP] } }, "messages.0.content.5.cachePoint", "limit of 4 cache points"],
  ["1h after 5m", { messages: [{ role: "user", content: [{ text: "a" }, { cachePoint: { type: "default", ttl: "1h" } }] }], system: [{ text: "s" }, CP] }, "messages.0.content.1.cachePoint.ttl", "must not increase"],
  ["1h in system after default in tools", { messages: [HI], system: [{ text: "s" }, { cachePoint: { type: "default", ttl: "1h" } }], toolConfig: { tools: [TOOLS.tools[0], CP] } }, "system.1.cachePoint.ttl", "must not increase"],
  ["block with two members", { messages: [{ role: "user", content: [{ text: "a", image: {} }] }] }, "messages.0.content.0", "exactly one of"],
  ["block with no member", { messages: [{ role: "user", content: [{}] }] }, "messages.0.content.0", "exactly one of"],
  ["text empty", { messages: [{ role: "user", content: [{ text: "" }] }] }, "messages.0.content.0.text", "greater than or equal to 1"],
  ["text not a string", { messages: [{ role: "user", content: [{ text: 5 }] }] }, "messages.0.content.0.text", "must be a string"],
  ["image format", { messages: [{ role: "user", content: [{ text: "a" }, { image: { format: "bmp", source: { bytes: "AAAA" } } }] }] }, "messages.0.content.1.image.format", "[png, jpeg, gif, webp]"],
  ["image from S3", { messages: [{ role: "user", content: [{ image: { format: "png", source: { s3Location: { uri: "s3://b/k" } } } }] }] }, "messages.0.content.0.image.source.s3Location", "S3 sources are not supported"],
  ["image bytes not base64", { messages: [{ role: "user", content: [{ image: { format: "png", source: { bytes: "not base64!" } } }] }] }, "messages.0.content.0.image.source.bytes", "base64"],
  ["image bytes empty", { messages: [{ role: "user", content: [{ image: { format: "png", source: { bytes: "" } } }] }] }, "messages.0.content.0.image.source.bytes", "greater than or equal to 1"],
  ["image source missing", { messages: [{ role: "user", content: [{ image: { format: "png" } }] }] }, "messages.0.content.0.image.source", "must not be null"],
  ["image error member", { messages: [{ role: "user", content: [{ image: { format: "png", source: { bytes: "AAAA" }, error: {} } }] }] }, "messages.0.content.0.image.error", "output-only"],
  ["document format", { messages: [{ role: "user", content: [doc({ format: "pages" })] }] }, "messages.0.content.0.document.format", "[pdf, csv, doc, docx, xls, xlsx, html, txt, md]"],
  ["document format missing with bytes", { messages: [{ role: "user", content: [doc({ format: null })] }] }, "messages.0.content.0.document.format", "must not be null when the source is bytes"],
  ["document name with a dot", { messages: [{ role: "user", content: [doc({ name: "report.pdf" })] }] }, "messages.0.content.0.document.name", "alphanumeric characters"],
  ["document name with two spaces", { messages: [{ role: "user", content: [doc({ name: "a  b" })] }] }, "messages.0.content.0.document.name", "no more than one in a row"],
  ["document name too long", { messages: [{ role: "user", content: [doc({ name: "a".repeat(201) })] }] }, "messages.0.content.0.document.name", "less than or equal to 200"],
  ["document name missing", { messages: [{ role: "user", content: [doc({ name: null })] }] }, "messages.0.content.0.document.name", "must not be null"],
  ["document from S3", { messages: [{ role: "user", content: [doc({ source: { s3Location: { uri: "s3://b/k" } } })] }] }, "messages.0.content.0.document.source.s3Location", "S3 sources are not supported"],
  ["document structured content", { messages: [{ role: "user", content: [doc({ source: { content: [] } })] }] }, "messages.0.content.0.document.source.content", "not supported"],
  ["document text empty", { messages: [{ role: "user", content: [doc({ format: "txt", source: { text: "" } })] }] }, "messages.0.content.0.document.source.text", "greater than or equal to 1"],
  ["document too large", { messages: [{ role: "user", content: [doc({ format: "txt", source: { text: "x".repeat(4.5 * 1024 * 1024 + 1) } })] }] }, "messages.0.content.0.document.source.text", "4.5 MB"],
  ["six documents", { messages: [{ role: "user", content: [doc({}), doc({}), doc({}), doc({}), doc({}), doc({})] }] }, "messages.0.content.5.document", "limit of 5 documents"],
  ["six documents counting tool results", { messages: [{ role: "user", content: [doc({}), doc({}), doc({}), doc({}), doc({}), { toolResult: { toolUseId: "t1", content: [doc({})] } }] }], toolConfig: TOOLS }, "messages.0.content.5.toolResult.content.0.document", "limit of 5 documents"],
  ["document citations", { messages: [{ role: "user", content: [doc({ citations: { enabled: "yes" } })] }] }, "messages.0.content.0.document.citations.enabled", "must be a boolean"],
  ["video block", { messages: [{ role: "user", content: [{ video: {} }] }] }, "messages.0.content.0.video", "video blocks are not supported"],
  ["audio block", { messages: [{ role: "user", content: [{ audio: {} }] }] }, "messages.0.content.0.audio", "audio blocks are not supported"],
  ["reasoning block empty", { messages: [HI, { role: "assistant", content: [{ reasoningContent: {} }] }] }, "messages.1.content.0.reasoningContent", "exactly one of [reasoningText, redactedContent]"],
  ["reasoning text missing", { messages: [HI, { role: "assistant", content: [{ reasoningContent: { reasoningText: { signature: "s" } } }] }] }, "messages.1.content.0.reasoningContent.reasoningText.text", "must not be null"],
  ["redacted reasoning not base64", { messages: [HI, { role: "assistant", content: [{ reasoningContent: { redactedContent: "not base64!" } }] }] }, "messages.1.content.0.reasoningContent.redactedContent", "base64"],
  ["citations block", { messages: [{ role: "user", content: [{ citationsContent: {} }] }] }, "messages.0.content.0.citationsContent", "not supported"],
  ["search result block", { messages: [{ role: "user", content: [{ searchResult: {} }] }] }, "messages.0.content.0.searchResult", "not supported"],
  ["unknown block member", { messages: [{ role: "user", content: [{ hologram: {} }] }] }, "messages.0.content.0.hologram", "not a recognized member of ContentBlock"],
  ["guardContent image", { messages: [{ role: "user", content: [{ guardContent: { image: {} } }] }] }, "messages.0.content.0.guardContent.image", "guardContent images are not supported"],
  ["guardContent qualifier", { messages: [{ role: "user", content: [{ guardContent: { text: { text: "a", qualifiers: ["all"] } } }] }] }, "messages.0.content.0.guardContent.text.qualifiers.0", "[grounding_source, query, guard_content]"],
  ["cachePoint type", { messages: [{ role: "user", content: [{ text: "a" }, { cachePoint: { type: "forever" } }] }] }, "messages.0.content.1.cachePoint.type", "[default]"],
  ["cachePoint ttl", { messages: [{ role: "user", content: [{ text: "a" }, { cachePoint: { type: "default", ttl: "2h" } }] }] }, "messages.0.content.1.cachePoint.ttl", "[5m, 1h]"],
  ["toolUse without toolConfig", { messages: useTool({ toolUseId: "t1", name: "get_weather", input: {} }) }, "toolConfig", "must be set when messages contain toolUse"],
  ["toolUse id pattern", { messages: useTool({ toolUseId: "t 1", name: "get_weather", input: {} }), toolConfig: TOOLS }, "messages.1.content.0.toolUse.toolUseId", "[a-zA-Z0-9_.:-]+"],
  ["toolUse id too long", { messages: useTool({ toolUseId: "t".repeat(65), name: "get_weather", input: {} }), toolConfig: TOOLS }, "messages.1.content.0.toolUse.toolUseId", "less than or equal to 64"],
  ["toolUse name pattern", { messages: useTool({ toolUseId: "t1", name: "get weather", input: {} }), toolConfig: TOOLS }, "messages.1.content.0.toolUse.name", "[a-zA-Z0-9_-]+"],
  ["toolUse input missing", { messages: useTool({ toolUseId: "t1", name: "get_weather" }), toolConfig: TOOLS }, "messages.1.content.0.toolUse.input", "must not be null"],
  ["toolUse server type", { messages: useTool({ toolUseId: "t1", name: "get_weather", input: {}, type: "server_tool_use" }), toolConfig: TOOLS }, "messages.1.content.0.toolUse.type", "not supported"],
  ["toolResult status", { messages: result({ toolUseId: "t1", content: [], status: "ok" }), toolConfig: TOOLS }, "messages.0.content.0.toolResult.status", "[success, error]"],
  ["toolResult content missing", { messages: result({ toolUseId: "t1" }), toolConfig: TOOLS }, "messages.0.content.0.toolResult.content", "must not be null"],
  ["toolResult document name", { messages: result({ toolUseId: "t1", content: [doc({ name: "a_b" })] }), toolConfig: TOOLS }, "messages.0.content.0.toolResult.content.0.document.name", "alphanumeric characters"],
  ["toolResult image format", { messages: result({ toolUseId: "t1", content: [{ image: { format: "tiff", source: { bytes: "AAAA" } } }] }), toolConfig: TOOLS }, "messages.0.content.0.toolResult.content.0.image.format", "[png, jpeg, gif, webp]"],
  ["maxTokens 0", { messages: [HI], inferenceConfig: { maxTokens: 0 } }, "inferenceConfig.maxTokens", "greater than or equal to 1"],
  ["maxTokens fraction", { messages: [HI], inferenceConfig: { maxTokens: 1.5 } }, "inferenceConfig.maxTokens", "integer"],
  ["maxTokens string", { messages: [HI], inferenceConfig: { maxTokens: "10" } }, "inferenceConfig.maxTokens", "must be a number"],
  ["maxTokens beyond int32", { messages: [HI], inferenceConfig: { maxTokens: 2 ** 31 } }, "inferenceConfig.maxTokens", "less than or equal to 2147483647"],
  ["temperature above 1", { messages: [HI], inferenceConfig: { temperature: 1.5 } }, "inferenceConfig.temperature", "less than or equal to 1"],
  ["temperature below 0", { messages: [HI], inferenceConfig: { temperature: -0.1 } }, "inferenceConfig.temperature", "greater than or equal to 0"],
  ["temperature NaN string", { messages: [HI], inferenceConfig: { temperature: "NaN" } }, "inferenceConfig.temperature", "must be a number"],
  ["topP above 1", { messages: [HI], inferenceConfig: { topP: 2 } }, "inferenceConfig.topP", "less than or equal to 1"],
  ["inferenceConfig typo", { messages: [HI], inferenceConfig: { max_tokens: 50 } }, "inferenceConfig.max_tokens", "not a recognized member of InferenceConfiguration"],
  ["topK in inferenceConfig", { messages: [HI], inferenceConfig: { topK: 5 } }, "inferenceConfig.topK", "not a recognized member"],
  ["too many stop sequences", { messages: [HI], inferenceConfig: { stopSequences: Array.from({ length: 2501 }, () => "x") } }, "inferenceConfig.stopSequences", "less than or equal to 2500"],
  ["empty stop sequence", { messages: [HI], inferenceConfig: { stopSequences: ["END", ""] } }, "inferenceConfig.stopSequences.1", "greater than or equal to 1"],
  ["system text empty", { messages: [HI], system: [{ text: "" }] }, "system.0.text", "greater than or equal to 1"],
  ["system document", { messages: [HI], system: [{ document: {} }] }, "system.0.document", "not a recognized member of SystemContentBlock"],
  ["system not a list", { messages: [HI], system: "be brief" }, "system", "must be a list"],
  ["tools empty", { messages: [HI], toolConfig: { tools: [] } }, "toolConfig.tools", "greater than or equal to 1"],
  ["tools missing", { messages: [HI], toolConfig: {} }, "toolConfig.tools", "must not be null"],
  ["tools only cache points", { messages: [HI], toolConfig: { tools: [{ cachePoint: { type: "default" } }] } }, "toolConfig.tools.0.cachePoint", "must follow a block"],
  ["tool name pattern", { messages: [HI], toolConfig: { tools: [{ toolSpec: { name: "get weather", inputSchema: { json: {} } } }] } }, "toolConfig.tools.0.toolSpec.name", "[a-zA-Z0-9_-]+"],
  ["tool name too long", { messages: [HI], toolConfig: { tools: [{ toolSpec: { name: "a".repeat(65), inputSchema: { json: {} } } }] } }, "toolConfig.tools.0.toolSpec.name", "less than or equal to 64"],
  ["tool schema missing", { messages: [HI], toolConfig: { tools: [{ toolSpec: { name: "a" } }] } }, "toolConfig.tools.0.toolSpec.inputSchema", "must not be null"],
  ["tool schema not an object", { messages: [HI], toolConfig: { tools: [{ toolSpec: { name: "a", inputSchema: { json: "object" } } }] } }, "toolConfig.tools.0.toolSpec.inputSchema.json", "JSON Schema object"],
  ["tool description empty", { messages: [HI], toolConfig: { tools: [{ toolSpec: { name: "a", description: "", inputSchema: { json: {} } } }] } }, "toolConfig.tools.0.toolSpec.description", "greater than or equal to 1"],
  ["tool strict not a boolean", { messages: [HI], toolConfig: { tools: [{ toolSpec: { name: "a", strict: "yes", inputSchema: { json: {} } } }] } }, "toolConfig.tools.0.toolSpec.strict", "must be a boolean"],
  ["duplicate tool names", { messages: [HI], toolConfig: { tools: [TOOLS.tools[0], TOOLS.tools[0]] } }, "toolConfig.tools.1.toolSpec.name", "unique"],
  ["system tool", { messages: [HI], toolConfig: { tools: [{ systemTool: { name: "web" } }] } }, "toolConfig.tools.0.systemTool", "system tools are not supported"],
  ["toolChoice two members", { messages: [HI], toolConfig: { ...TOOLS, toolChoice: { auto: {}, any: {} } } }, "toolConfig.toolChoice", "exactly one of [auto, any, tool]"],
  ["toolChoice undefined tool", { messages: [HI], toolConfig: { ...TOOLS, toolChoice: { tool: { name: "other" } } } }, "toolConfig.toolChoice.tool.name", "defined in toolConfig.tools"],
  ["toolChoice auto member", { messages: [HI], toolConfig: { ...TOOLS, toolChoice: { auto: { eager: true } } } }, "toolConfig.toolChoice.auto.eager", "not a recognized member of AutoToolChoice"],
  ["guardrail identifier missing", { messages: [HI], guardrailConfig: { guardrailVersion: "1" } }, "guardrailConfig.guardrailIdentifier", "must not be null"],
  ["guardrail identifier pattern", { messages: [HI], guardrailConfig: { guardrailIdentifier: "My Guardrail", guardrailVersion: "1" } }, "guardrailConfig.guardrailIdentifier", "regular expression"],
  ["guardrail version 0", { messages: [HI], guardrailConfig: { guardrailIdentifier: "gr1", guardrailVersion: "0" } }, "guardrailConfig.guardrailVersion", "regular expression"],
  ["guardrail trace", { messages: [HI], guardrailConfig: { guardrailIdentifier: "gr1", guardrailVersion: "DRAFT", trace: "on" } }, "guardrailConfig.trace", "[enabled, disabled, enabled_full]"],
  ["stream mode on Converse", { messages: [HI], guardrailConfig: { guardrailIdentifier: "gr1", guardrailVersion: "1", streamProcessingMode: "sync" } }, "guardrailConfig.streamProcessingMode", "not a recognized member of GuardrailConfiguration"],
  ["requestMetadata empty", { messages: [HI], requestMetadata: {} }, "requestMetadata", "between 1 and 16"],
  ["requestMetadata 17 entries", { messages: [HI], requestMetadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"])) }, "requestMetadata", "between 1 and 16"],
  ["requestMetadata key pattern", { messages: [HI], requestMetadata: { "k!": "v" } }, "requestMetadata", "keys must satisfy"],
  ["requestMetadata value type", { messages: [HI], requestMetadata: { k: 5 } }, "requestMetadata", "values must be strings"],
  ["top_k zero", { messages: [HI], additionalModelRequestFields: { top_k: 0 } }, "additionalModelRequestFields.top_k", "greater than or equal to 1"],
  ["top_k and topK", { messages: [HI], additionalModelRequestFields: { top_k: 5, topK: 5 } }, "additionalModelRequestFields.topK", "not be set together with additionalModelRequestFields.top_k"],
  ["unsupported model field", { messages: [HI], additionalModelRequestFields: { frequency_penalty: 1 } }, "additionalModelRequestFields.frequency_penalty", "may set only top_k"],
  ["anthropic_beta not a list", { messages: [HI], additionalModelRequestFields: { anthropic_beta: "x" } }, "additionalModelRequestFields.anthropic_beta", "must be a list"],
  ["anthropic_beta pattern", { messages: [HI], additionalModelRequestFields: { anthropic_beta: ["a b"] } }, "additionalModelRequestFields.anthropic_beta.0", "[a-zA-Z0-9._-]+"],
  ["thinking budget below 1024", { messages: [HI], additionalModelRequestFields: { thinking: { type: "enabled", budget_tokens: 1000 } } }, "additionalModelRequestFields.thinking.budget_tokens", "greater than or equal to 1024"],
  ["thinking budget missing", { messages: [HI], additionalModelRequestFields: { thinking: { type: "enabled" } } }, "additionalModelRequestFields.thinking.budget_tokens", "must not be null"],
  ["thinking type", { messages: [HI], additionalModelRequestFields: { thinking: { type: "on" } } }, "additionalModelRequestFields.thinking.type", "[enabled, disabled, adaptive]"],
  ["thinking disabled with a budget", { messages: [HI], additionalModelRequestFields: { thinking: { type: "disabled", budget_tokens: 2048 } } }, "additionalModelRequestFields.thinking.budget_tokens", "extraneous key"],
  ["reasoning_effort enum", { messages: [HI], additionalModelRequestFields: { reasoning_effort: "huge" } }, "additionalModelRequestFields.reasoning_effort", "[minimal, low, medium, high]"],
  ["two reasoning budgets", { messages: [HI], additionalModelRequestFields: { thinking: { type: "enabled", budget_tokens: 2048 }, reasoning_config: { type: "enabled", budget_tokens: 10 } } }, "additionalModelRequestFields.reasoning_config", "not be set together with additionalModelRequestFields.thinking"],
  ["two efforts", { messages: [HI], additionalModelRequestFields: { reasoning_effort: "low" }, outputConfig: { effort: "high" } }, "outputConfig.effort", "not be set together"],
  ["Nova effort enum", { messages: [HI], additionalModelRequestFields: { reasoningConfig: { type: "enabled", maxReasoningEffort: "max" } } }, "additionalModelRequestFields.reasoningConfig.maxReasoningEffort", "[minimal, low, medium, high]"],
  ["output_config format schema", { messages: [HI], additionalModelRequestFields: { output_config: { format: { type: "json_schema", schema: "{}" } } } }, "additionalModelRequestFields.output_config.format.schema", "JSON Schema object"],
  ["two structured outputs", { messages: [HI], additionalModelRequestFields: { output_config: { format: { type: "json_schema", schema: {} } } }, outputConfig: { textFormat: FORMAT } }, "additionalModelRequestFields.output_config.format", "not be set together with outputConfig.textFormat"],
  ["model fields not an object", { messages: [HI], additionalModelRequestFields: [1] }, "additionalModelRequestFields", "JSON object"],
  ["latency enum", { messages: [HI], performanceConfig: { latency: "fast" } }, "performanceConfig.latency", "[standard, optimized]"],
  ["tier enum", { messages: [HI], serviceTier: { type: "gold" } }, "serviceTier.type", "[priority, default, flex, reserved]"],
  ["tier type missing", { messages: [HI], serviceTier: {} }, "serviceTier.type", "must not be null"],
  ["structured output without structure", { messages: [HI], outputConfig: { textFormat: { type: "json_schema" } } }, "outputConfig.textFormat.structure", "must not be null"],
  ["structured output type", { messages: [HI], outputConfig: { textFormat: { ...FORMAT, type: "regex" } } }, "outputConfig.textFormat.type", "[json_schema]"],
  ["schema not JSON", { messages: [HI], outputConfig: { textFormat: { type: "json_schema", structure: { jsonSchema: { schema: "{nope" } } } } }, "outputConfig.textFormat.structure.jsonSchema.schema", "JSON Schema object"],
  ["schema an array", { messages: [HI], outputConfig: { textFormat: { type: "json_schema", structure: { jsonSchema: { schema: "[]" } } } } }, "outputConfig.textFormat.structure.jsonSchema.schema", "JSON Schema object"],
  ["schema too deep", { messages: [HI], outputConfig: { textFormat: { type: "json_schema", structure: { jsonSchema: { schema: "[".repeat(100) + "]".repeat(100) } } } } }, "outputConfig.textFormat.structure.jsonSchema.schema", "at most 64 levels"],
  ["effort max", { messages: [HI], outputConfig: { effort: "max" } }, "outputConfig.effort", "above high"],
  ["effort enum", { messages: [HI], outputConfig: { effort: "extreme" } }, "outputConfig.effort", "[low, medium, high, xhigh, max]"],
  ["prompt variables", { messages: [HI], promptVariables: { topic: { text: "x" } } }, "promptVariables", "prompt management"],
  ["response field path not a pointer", { messages: [HI], additionalModelResponseFieldPaths: ["/delta/stop_sequence", "stop_sequence"] }, "additionalModelResponseFieldPaths.1", "JSON Pointer"],
  ["response field path bad escape", { messages: [HI], additionalModelResponseFieldPaths: ["/a~2b"] }, "additionalModelResponseFieldPaths.0", "JSON Pointer"],
  ["response field path empty", { messages: [HI], additionalModelResponseFieldPaths: [""] }, "additionalModelResponseFieldPaths.0", "greater than or equal to 1"],
  ["response field path too long", { messages: [HI], additionalModelResponseFieldPaths: ["/" + "a".repeat(256)] }, "additionalModelResponseFieldPaths.0", "less than or equal to 256"],
  ["too many response field paths", { messages: [HI], additionalModelResponseFieldPaths: Array.from({ length: 11 }, () => "/x") }, "additionalModelResponseFieldPaths", "less than or equal to 10"],
];

function expectInvalid(decode: () => unknown, field: string, problem: string): void {
  assert.throws(decode, (e: unknown) => {
    assert.ok(isFault(e), "a Fault is thrown");
    assert.equal(e.kind, "validation");
    assert.equal(e.detail.field, field);
    assert.ok(e.message.includes(`'${field}'`), e.message);
    assert.ok(e.message.includes(problem), `"${e.message}" should state "${problem}"`);
    return true;
  });
}

describe("Converse decode refuses what AWS's model refuses, naming the wire path", () => {
  for (const [name, body, field, problem] of rows) {
    it(name, () => expectInvalid(() => decodeConverseRequest(body, MODEL), field, problem));
  }
  it("an empty model id", () => expectInvalid(() => decodeConverseRequest({ messages: [HI] }, ""), "modelId", "greater than or equal to 1"));
  it("a model id with spaces", () => expectInvalid(() => decodeConverseRequest({ messages: [HI] }, "my model"), "modelId", "regular expression"));
  it("ConverseStream: streamProcessingMode outside its enum", () => expectInvalid(
    () => decodeConverseStreamRequest({ messages: [HI], guardrailConfig: { guardrailIdentifier: "gr1", guardrailVersion: "1", streamProcessingMode: "fast" } }, MODEL),
    "guardrailConfig.streamProcessingMode", "[sync, async]"));
});
