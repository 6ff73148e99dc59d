import type { ConverseResult } from "../kernel/index.js";
import type { ConverseCommand } from "../service/commands.js";
import type { AccountInvocationLogging, ModelInvocationLog } from "../service/invocation-logging/index.js";
import { encodeContentBlock, encodeUsage } from "./bedrock-runtime/codec/index.js";
import type { OutputGuard, Step } from "./hooks.js";

/**
 * Writes a ModelInvocationLog record for each Converse call of an account whose invocation
 * logging has text delivery on. It is an output "guard" only by its seat in the pipeline (it sees
 * the resolved input and the result together): it returns the output unchanged. The record holds
 * only what the operation already decoded (the conversation, the answer), re-encoded in Bedrock's
 * wire shape, and goes sealed to the store; nothing of it reaches the operator's log or the audit.
 * Not recorded yet: InvokeModel, ConverseStream, InvokeModelWithResponseStream.
 */
export function invocationLogRecorder(logging: AccountInvocationLogging): OutputGuard {
  return {
    name: "invocation-log-recorder",
    async guardOutput(step: Step, output: unknown): Promise<unknown> {
      if (step.op.name !== "Converse") return output;
      const config = await logging.config(step.ctx.principal.accountId);
      if (!config?.textDataDeliveryEnabled) return output;
      await logging.record(converseRecord(step, output as { readonly value: ConverseResult }));
      return output;
    },
  };
}

function converseRecord({ ctx, input }: Step, { value }: { readonly value: ConverseResult }): ModelInvocationLog {
  const cmd = input as ConverseCommand;
  const conversation = cmd.conversation.reveal();
  const message = value.message.reveal();
  const metadata = cmd.requestMetadata?.reveal();
  return {
    schemaType: "ModelInvocationLog",
    schemaVersion: "1.0",
    timestamp: ctx.receivedAt.toISOString(),
    accountId: ctx.principal.accountId,
    identity: { arn: ctx.principal.arn },
    region: ctx.region,
    requestId: ctx.requestId,
    operation: "Converse",
    modelId: cmd.modelId,
    input: {
      inputContentType: "application/json",
      inputBodyJson: {
        messages: conversation.messages.map((m) => ({ role: m.role, content: m.content.map(encodeContentBlock) })),
        ...(conversation.system.length > 0 ? { system: conversation.system.map((b) => ({ text: b.text })) } : {}),
      },
      inputTokenCount: value.usage.inputTokens,
    },
    output: {
      outputContentType: "application/json",
      outputBodyJson: {
        output: { message: { role: message.role, content: message.content.map(encodeContentBlock) } },
        stopReason: value.stopReason,
        usage: encodeUsage(value.usage),
      },
      outputTokenCount: value.usage.outputTokens,
    },
    ...(metadata === undefined ? {} : { requestMetadata: metadata }),
  };
}
