import { createServer } from "node:http";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { BOMB_BYTES, HUGE_BYTES, gzipMembers, repeat, send } from "./hostile.js";
import { answerContent, echoedOptions, featureProblem, lastUserWords, responseFields, usageWithCache } from "./bedrock-features.js";
import { PromptCache } from "./features.js";

/**
 * A loopback Bedrock runtime speaking the real wire: restJson1 for Converse, InvokeModel and
 * CountTokens, application/vnd.amazon.eventstream for ConverseStream, restJson1 errors (status,
 * `x-amzn-ErrorType`, `{message}`). It serves HTTP/1.1; clients pass the SDK an HTTP/1.1 request
 * handler. Behaviour is chosen by model id (see `converseAnswer`, `invokeAnswer` and `hostile`).
 * Error bodies carry "upstream-secret-detail" so tests can prove upstream text is never passed on.
 * The newer Converse members are checked and answered as Bedrock would (bedrock-features.ts):
 * documents (`echo-model` reads them back), reasoning (`reasoning-model` always,
 * `anthropic.reasoning-model` when thinking is asked for; signatures verified when sent back),
 * cache points (a prompt cache across requests), outputConfig, tiers and response-field paths.
 */
export interface LoopbackRequest {
  readonly operation: string;
  readonly modelId: string;
  readonly body: any;
  readonly headers: IncomingHttpHeaders;
  /** From the SigV4 credential scope of the Authorization header. */
  readonly accessKeyId: string;
  readonly region: string;
}

export interface BedrockLoopback {
  readonly endpoint: string;
  readonly requests: LoopbackRequest[];
  /** Resolves once every request to a never-answering model has seen its client go away (or rejects after 5 s). */
  sawCancel(): Promise<void>;
  close(): Promise<void>;
}

const SECRET = "upstream-secret-detail";
const ANSWER = ["Hello", " from", " the", " loopback."];
const SCOPE = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([a-z0-9-]+)\/bedrock\/aws4_request, ?SignedHeaders=[a-z0-9;-]+, ?Signature=[0-9a-f]{64}$/;
const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** About four characters a token, as a stand-in tokenizer: longer input, more tokens. */
function tokens(value: unknown): number {
  const text = JSON.stringify(value ?? "").replace(/"(role|text|content|system|messages)":/g, "");
  return Math.max(1, Math.ceil(text.length / 4));
}

function fail(res: ServerResponse, status: number, type: string, extra: object = {}): void {
  res.writeHead(status, { "content-type": "application/json", "x-amzn-errortype": `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/` });
  res.end(JSON.stringify({ message: `${type}: ${SECRET} (echoing the prompt)`, ...extra }));
}

const ERRORS: Record<string, [number, string, object?]> = {
  "throttled-model": [429, "ThrottlingException"],
  "failing-model": [500, "InternalServerException"],
  "unavailable-model": [503, "ServiceUnavailableException"],
  "model-error-model": [424, "ModelErrorException", { originalStatusCode: 503, resourceName: "arn:aws:bedrock:eu-west-2::foundation-model/x" }],
  "timeout-model": [408, "ModelTimeoutException"],
  "denied-model": [403, "AccessDeniedException"],
  "missing-model": [404, "ResourceNotFoundException"],
  "quota-model": [400, "ServiceQuotaExceededException"],
};

type Block = Record<string, unknown>;

/** What a Converse call answers: content blocks and a stop reason. */
function converseAnswer(modelId: string, body: any): { content: Block[]; stopReason: string } {
  if (modelId === "tool-model" && body.toolConfig) {
    const name = body.toolConfig.tools.find((t: Block) => t.toolSpec)!.toolSpec.name;
    return { content: [{ toolUse: { toolUseId: "tooluse_loop1", name, input: { city: "Leeds" } } }], stopReason: "tool_use" };
  }
  const content = answerContent(modelId, body, modelId === "echo-model" ? lastUserWords(body.messages) || "(nothing)" : ANSWER.join(""));
  if (modelId === "odd-stop-model") return { content, stopReason: "malformed_tool_use" };
  return { content, stopReason: "end_turn" };
}

function frame(type: "event" | "exception", name: string, payload: object): Uint8Array {
  const kind = type === "event" ? ":event-type" : ":exception-type";
  return codec.encode({
    headers: {
      ":message-type": { type: "string", value: type },
      [kind]: { type: "string", value: name },
      ":content-type": { type: "string", value: "application/json" },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/** The ConverseStream events for an answer, with text split over several deltas. */
function streamEvents(modelId: string, answer: { content: Block[]; stopReason: string }, usage: object, extra: { fields?: object; options: object }): Uint8Array[] {
  const out = [frame("event", "messageStart", { role: "assistant" })];
  answer.content.forEach((block, contentBlockIndex) => {
    const toolUse = block.toolUse as { toolUseId: string; name: string; input: unknown } | undefined;
    if (toolUse) {
      out.push(frame("event", "contentBlockStart", { contentBlockIndex, start: { toolUse: { toolUseId: toolUse.toolUseId, name: toolUse.name } } }));
      const json = JSON.stringify(toolUse.input);
      for (const input of [json.slice(0, 5), json.slice(5)]) out.push(frame("event", "contentBlockDelta", { contentBlockIndex, delta: { toolUse: { input } } }));
    } else if (block.reasoningContent) {
      const { text, signature } = (block.reasoningContent as { reasoningText: { text: string; signature: string } }).reasoningText;
      out.push(frame("event", "contentBlockDelta", { contentBlockIndex, delta: { reasoningContent: { text } } }));
      out.push(frame("event", "contentBlockDelta", { contentBlockIndex, delta: { reasoningContent: { signature } } }));
    } else {
      const text = block.text as string;
      const cut = Math.ceil(text.length / 2);
      for (const piece of [text.slice(0, cut), text.slice(cut)]) out.push(frame("event", "contentBlockDelta", { contentBlockIndex, delta: { text: piece } }));
    }
    out.push(frame("event", "contentBlockStop", { contentBlockIndex }));
  });
  if (modelId === "stream-error-model") {
    out.splice(3, out.length, frame("exception", "modelStreamErrorException", { message: SECRET, originalStatusCode: 500, originalMessage: SECRET }));
    return out;
  }
  out.push(frame("event", "messageStop", { stopReason: answer.stopReason, ...(extra.fields ? { additionalModelResponseFields: extra.fields } : {}) }));
  out.push(frame("event", "metadata", { usage, metrics: { latencyMs: 3 }, ...extra.options }));
  return out;
}

/** A deterministic vector for a text: same text, same vector. */
function embedding(text: string, dimensions: number): number[] {
  let seed = 7;
  for (const ch of text) seed = (seed * 31 + ch.charCodeAt(0)) % 9973;
  return Array.from({ length: dimensions }, (_, i) => Math.sin(seed + i));
}

function invokeAnswer(modelId: string, body: any): { json: object; inputTokens: number } | undefined {
  if (modelId.startsWith("amazon.titan-embed-")) {
    const inputTokens = tokens(body.inputText);
    return { json: { embedding: embedding(body.inputText, body.dimensions ?? 1024), inputTextTokenCount: inputTokens }, inputTokens };
  }
  if (modelId.startsWith("cohere.embed-")) {
    const texts: string[] = body.texts;
    const vectors = texts.map((t) => embedding(t, body.output_dimension ?? 1024));
    const embeddings = modelId.startsWith("cohere.embed-v4") ? { float: vectors } : vectors;
    return { json: { id: "loop", response_type: "embeddings_floats", texts, embeddings }, inputTokens: tokens(texts) };
  }
  return undefined;
}

/**
 * Answers that attack the SDK's reader, for any operation: `bomb-gzip-model` (a gzip body that
 * decodes to 1 GiB), `huge-model` (256 MiB of JSON that never closes), `error-bomb-model` (an
 * InternalServerException whose body is 256 MiB); and for ConverseStream `huge-frame-model`
 * (an event whose prelude claims 4 GiB, then 32 MiB of it) and `flood-model` (well-formed
 * 60 KiB text deltas, 1 GiB of them, and never a messageStop).
 */
const HOSTILE = new Set(["bomb-gzip-model", "huge-model", "error-bomb-model", "huge-frame-model", "flood-model"]);

async function hostile(res: ServerResponse, modelId: string): Promise<void> {
  const open = '{"output": {"message": {"role": "assistant", "content": [{"text": "';
  if (modelId === "bomb-gzip-model") return send(res, 200, "application/json", "gzip-members", gzipMembers(open, "a", BOMB_BYTES));
  if (modelId === "huge-model") return send(res, 200, "application/json", undefined, repeat(open, "a", HUGE_BYTES));
  if (modelId === "error-bomb-model") {
    res.setHeader("x-amzn-errortype", "InternalServerException:http://internal.amazon.com/coral/com.amazon.bedrock/");
    return send(res, 500, "application/json", undefined, repeat('{"message": "', "a", HUGE_BYTES));
  }
  res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream", "x-amzn-requestid": "loop" });
  res.write(frame("event", "messageStart", { role: "assistant" }));
  if (modelId === "huge-frame-model") {
    const prelude = Buffer.alloc(4);
    prelude.writeUInt32BE(0xffff_fff0);
    return send(res, 200, "", undefined, repeat(prelude, "\0", 32 * 1024 * 1024));
  }
  const delta = Buffer.from(frame("event", "contentBlockDelta", { contentBlockIndex: 0, delta: { text: "a".repeat(60 * 1024) } }));
  return send(res, 200, "", undefined, (function* () {
    for (let sent = 0; sent < BOMB_BYTES; sent += delta.length) yield delta;
  })());
}

export async function startBedrockLoopback(): Promise<BedrockLoopback> {
  const requests: LoopbackRequest[] = [];
  const cache = new PromptCache();
  let hangs = 0;
  let cancels = 0;
  let waiters: (() => void)[] = [];
  const settle = () => {
    if (hangs === 0 || cancels < hangs) return;
    for (const resolve of waiters) resolve();
    waiters = [];
  };
  const hang = (res: ServerResponse) => {
    hangs += 1;
    res.on("close", () => { cancels += 1; settle(); });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/model\/([^/]+)\/(converse|converse-stream|invoke|count-tokens)$/.exec(req.url ?? "");
    if (req.method !== "POST" || !match) return fail(res, 404, "UnknownOperationException");
    const scope = SCOPE.exec(req.headers.authorization ?? "");
    if (!scope || !req.headers["x-amz-date"]) return fail(res, 403, "MissingAuthenticationTokenException");
    const modelId = decodeURIComponent(match[1]!);
    const operation = match[2]!;
    let body: any;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    } catch {
      return fail(res, 400, "ValidationException");
    }
    requests.push({ operation, modelId, body, headers: req.headers, accessKeyId: scope[1]!, region: scope[2]! });

    if (modelId === "hang-model") return hang(res);
    if (HOSTILE.has(modelId)) return hostile(res, modelId);
    const error = ERRORS[modelId];
    if (error) return fail(res, error[0], error[1], error[2]);
    if (operation === "invoke") {
      const answer = invokeAnswer(modelId, body);
      if (!answer) return fail(res, 400, "ValidationException");
      res.writeHead(200, { "content-type": "application/json", "x-amzn-bedrock-input-token-count": String(answer.inputTokens) });
      return void res.end(JSON.stringify(answer.json));
    }
    const inputTokens = tokens([body.system, body.messages]);
    if (operation === "count-tokens") {
      // As Bedrock: only some models are counted (not Nova, say), and only by a bare foundation-model id.
      if (/^(?:arn:|(?:us|us-gov|eu|apac|jp|au|ca|global)\.)|^amazon\.nova|nocount-model/.test(modelId)) return fail(res, 400, "ValidationException");
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ inputTokens: tokens([body.input?.converse?.system, body.input?.converse?.messages]) }));
    }
    // Bedrock refuses an out-of-range knob, and its message quotes the request.
    if ((body.inferenceConfig?.temperature ?? 0) > 1) return fail(res, 400, "ValidationException");
    if (featureProblem(body, modelId)) return fail(res, 400, "ValidationException");
    const answer = converseAnswer(modelId, body);
    const usage = usageWithCache(cache, body, inputTokens);
    const fields = responseFields(body, answer.stopReason);
    const options = echoedOptions(body);
    if (operation === "converse") {
      res.writeHead(200, { "content-type": "application/json" });
      if (modelId === "malformed-model") return void res.end("{\"output\": {\"mess");
      const extra = { ...(fields ? { additionalModelResponseFields: fields } : {}), ...options };
      return void res.end(JSON.stringify({ output: { message: { role: "assistant", content: answer.content } }, stopReason: answer.stopReason, usage, metrics: { latencyMs: 3 }, ...extra }));
    }
    res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream", "x-amzn-requestid": "loop" });
    if (modelId === "stream-throttled-model") return void res.end(frame("exception", "throttlingException", { message: SECRET }));
    const events = streamEvents(modelId, answer, usage, { ...(fields ? { fields } : {}), options });
    if (modelId === "slow-stream-model") {
      res.write(events[0]);
      return hang(res);
    }
    if (modelId === "malformed-model") {
      res.write(events[0]);
      // A frame whose prelude and checksums are wrong: the decoder must refuse it.
      return void res.end(Buffer.from([0, 0, 0, 24, 0, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
    }
    for (const event of events) res.write(event);
    res.end();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    // Rejects rather than waiting forever, so a missing cancel fails the test instead of hanging it.
    sawCancel: () => new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no cancel seen (${cancels} of ${hangs} hanging requests)`)), 5_000);
      waiters.push(() => { clearTimeout(timer); resolve(); });
      settle();
    }),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
