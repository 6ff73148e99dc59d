import { InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { parseAnswer } from "./embed-codec.js";
import { INPUT_TOKEN_HEADER } from "./wire.js";

export interface InvokeAnswer {
  readonly json: Record<string, unknown>;
  /** From the response header, which the SDK does not model: Cohere's body carries no count. */
  readonly inputTokens: number | undefined;
}

/** One InvokeModel call with a JSON body and a JSON answer. */
export async function invokeJson(client: BedrockRuntimeClient, modelId: string, body: object, abortSignal: AbortSignal): Promise<InvokeAnswer> {
  const command = new InvokeModelCommand({
    modelId,
    contentType: "application/json",
    accept: "application/json",
    body: new TextEncoder().encode(JSON.stringify(body)),
  });
  let header: string | undefined;
  command.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const headers = (result.response as { headers?: Record<string, string | undefined> } | undefined)?.headers;
      header = headers?.[INPUT_TOKEN_HEADER];
      return result;
    },
    { step: "deserialize", name: "plinthInputTokenHeader" },
  );
  const answer = await client.send(command, { abortSignal });
  const count = header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined;
  return { json: parseAnswer(answer.body ?? new Uint8Array()), inputTokens: count };
}
