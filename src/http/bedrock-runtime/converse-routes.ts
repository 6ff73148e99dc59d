import { foundationModelArn } from "../../kernel/index.js";
import type { ConverseResult, StreamEvent } from "../../kernel/index.js";
import type { RequestContext } from "../../kernel/index.js";
import type { ConverseCommand, CountTokensCommand, GuardrailSelection } from "../../service/commands.js";
import type { InferenceService } from "../../service/inference.js";
import { EVENTSTREAM_CONTENT_TYPE, EventStreamWriter } from "../eventstream.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
import { decodeConverseRequest, decodeConverseStreamRequest, decodeCountTokensRequest, encodeConverseOutput, encodeCountTokensOutput, encodeStreamEvent } from "./codec/index.js";
import { parseJsonBody, requireJsonContentType } from "./json-body.js";
import { decodeNativeForCountTokens } from "./native/index.js";

export const modelArn = (modelId: string, region: string): string =>
  modelId.startsWith("arn:") ? modelId : foundationModelArn(region, modelId);

/**
 * `bedrock:GuardrailIdentifier`, so an administrator can require a guardrail on every inference:
 * the guardrail's ARN, with `:<version>` when a numbered version is named (AWS's documented form).
 */
export function guardrailConditions(guardrail: GuardrailSelection | undefined, ctx: RequestContext): ReadonlyMap<string, string> | undefined {
  if (!guardrail || guardrail.identifier === "") return undefined;
  const arn = guardrail.identifier.startsWith("arn:")
    ? guardrail.identifier
    : `arn:aws:bedrock:${ctx.region}:${ctx.principal.accountId}:guardrail/${guardrail.identifier}`;
  return new Map([["bedrock:GuardrailIdentifier", /^\d+$/.test(guardrail.version) ? `${arn}:${guardrail.version}` : arn]]);
}

interface Timed<T> { readonly value: T; readonly startedAt: number }

/** Converse, ConverseStream and CountTokens (bedrock-runtime 2023-09-30). */
export function converseOperations(inference: InferenceService): Operation[] {
  return [
    defineOperation<ConverseCommand, Timed<ConverseResult>>({
      name: "Converse", method: "POST", path: "/model/{modelId}/converse", signingService: "bedrock",
      action: "bedrock:InvokeModel",
      decode: ({ params, body, header }) => (requireJsonContentType(header("content-type")), decodeConverseRequest(parseJsonBody(body, {}), params["modelId"]!)),
      resource: (cmd, ctx) => modelArn(cmd.modelId, ctx.region),
      conditions: (cmd, ctx) => guardrailConditions(cmd.guardrail, ctx),
      subject: (cmd) => cmd.modelId,
      invoke: async (cmd, ctx) => {
        const startedAt = performance.now();
        return { value: await inference.converse(cmd, ctx), startedAt };
      },
      encode: ({ value, startedAt }) => ({ kind: "json", status: 200, body: encodeConverseOutput(value, performance.now() - startedAt) }),
    }),
    defineOperation<ConverseCommand, Timed<AsyncIterable<StreamEvent>>>({
      name: "ConverseStream", method: "POST", path: "/model/{modelId}/converse-stream", signingService: "bedrock",
      action: "bedrock:InvokeModelWithResponseStream",
      decode: ({ params, body, header }) => (requireJsonContentType(header("content-type")), decodeConverseStreamRequest(parseJsonBody(body, {}), params["modelId"]!)),
      resource: (cmd, ctx) => modelArn(cmd.modelId, ctx.region),
      conditions: (cmd, ctx) => guardrailConditions(cmd.guardrail, ctx),
      subject: (cmd) => cmd.modelId,
      invoke: async (cmd, ctx) => {
        const startedAt = performance.now();
        return { value: await inference.converseStream(cmd, ctx), startedAt };
      },
      encode: ({ value, startedAt }) => ({
        kind: "stream", status: 200, headers: { "content-type": EVENTSTREAM_CONTENT_TYPE },
        frames: converseFrames(value, startedAt),
      }),
    }),
    defineOperation<CountTokensCommand, number>({
      name: "CountTokens", method: "POST", path: "/model/{modelId}/count-tokens", signingService: "bedrock",
      action: "bedrock:CountTokens",
      decode: ({ params, body, header }) => {
        requireJsonContentType(header("content-type"));
        const decoded = decodeCountTokensRequest(parseJsonBody(body, {}), params["modelId"]!);
        if (decoded.kind === "converse") return decoded.command;
        return { modelId: decoded.modelId, conversation: decodeNativeForCountTokens(decoded.body.reveal(), decoded.modelId) };
      },
      resource: (cmd, ctx) => modelArn(cmd.modelId, ctx.region),
      subject: (cmd) => cmd.modelId,
      invoke: (cmd, ctx) => inference.countTokens(cmd, ctx),
      encode: (inputTokens) => ({ kind: "json", status: 200, body: encodeCountTokensOutput(inputTokens) }),
    }),
  ];
}

async function* converseFrames(events: AsyncIterable<StreamEvent>, startedAt: number): AsyncIterable<Uint8Array> {
  const writer = new EventStreamWriter();
  for await (const event of events) {
    const wire = encodeStreamEvent(event, performance.now() - startedAt);
    if (wire) yield writer.event(wire.eventType, wire.payload);
  }
}
