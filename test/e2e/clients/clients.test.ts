import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { SIGNATURE, THINKING, outputFormat } from "./assistant-answer.js";
import { MODELS, outcome, startClientsStack, upstreamAsked } from "./clients-stack.js";
import type { ClientsStack } from "./clients-stack.js";
import { PDF_TEXT, pdfText, tinyPdf } from "./pdf.fixture.js";
import { cacheSplit } from "./prompt-cache.js";
import type { Report } from "./report.js";

/**
 * The clients people point at Bedrock, each run as its own process, configured the way its own
 * docs say, against plinth in front of a loopback Anthropic Messages API (issue 8, "Tests"):
 * the Vercel AI SDK's amazon-bedrock provider (SigV4 and a Bedrock API key), LangChain's
 * ChatBedrockConverse and Strands Agents. Each scenario asserts what the user of that client
 * sees; a few also check what reached the provider where the issue says how it must arrive
 * (a PDF as a native document, structured output and thinking as Anthropic's own members).
 */
const TOOL_ANSWER = "The tool said: 12 degrees and raining in Leeds";
const PAPER = { name: "Ada Lovelace", title: "Notes on the Analytical Engine", year: 42, tags: ["sample tags"] };
const WEATHER_CALL = { name: "get_weather", input: { city: "Leeds" } };

describe("the clients people use with Bedrock work unchanged against plinth", () => {
  let stack: ClientsStack;
  before(async () => { stack = await startClientsStack(); });
  after(async () => { await stack?.stop(); });

  it("the PDF fixture is a real PDF: pdf.js opens it and reads the same words as the loopback", async () => {
    const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const doc = await getDocument({ data: tinyPdf(), verbosity: 0 }).promise;
    const items = (await (await doc.getPage(1)).getTextContent()).items as { str?: string }[];
    assert.equal(doc.numPages, 1);
    assert.equal(items.map((i) => i.str ?? "").join(""), PDF_TEXT);
    assert.equal(pdfText(tinyPdf()), PDF_TEXT);
  });

  for (const auth of ["sigv4", "apikey"] as const) {
    describe(`Vercel AI SDK, amazon-bedrock provider (${auth === "sigv4" ? "SigV4 keys" : "a Bedrock API key"})`, () => {
      let report: Report;
      before(async () => {
        report = await stack.script("ai-sdk", { AUTH: auth, BEDROCK_API_KEY: stack.apiKey, MODEL: MODELS.haiku, NATIVE_MODEL: MODELS.sonnet45 });
      });

      it("generateText (the SDK always asks for /delta/stop_sequence on Anthropic models)", () => {
        const r = outcome(report, "generateText");
        assert.equal(r.text, "Hello from plinth.");
        assert.equal(r.finishReason, "stop");
        assert.ok(r.usage.inputTokens > 0 && r.usage.outputTokens > 0, JSON.stringify(r.usage));
      });

      it("generateText with a stop sequence: the SDK reports which one, from additionalModelResponseFields", () => {
        const r = outcome(report, "generateText stop sequence");
        assert.equal(r.text.trim(), "one two three");
        assert.equal(r.finishReason, "stop");
        assert.equal(r.stopSequence, "END");
      });

      it("streamText: several deltas, finish reason, usage and the stop sequence from messageStop", () => {
        const r = outcome(report, "streamText");
        assert.equal(r.text.trim(), "Streaming through plinth");
        assert.ok(r.deltas > 1, "the answer arrived in several deltas");
        assert.equal(r.finishReason, "stop");
        assert.ok(r.usage.inputTokens > 0, JSON.stringify(r.usage));
        assert.equal(r.stopSequence, "works");
      });

      for (const mode of ["generateText", "streamText"]) {
        it(`${mode} with a tool: the model calls it, the SDK runs it, the model answers from its result`, () => {
          const r = outcome(report, `${mode} tools`);
          assert.deepEqual(r.steps[0].calls, [WEATHER_CALL]);
          assert.deepEqual(r.steps[0].results, ["12 degrees and raining in Leeds"]);
          assert.equal(r.steps.length, 2);
          assert.match(r.text, /^The tool said: "?12 degrees and raining in Leeds"?$/);
          assert.equal(r.finishReason, "stop");
        });
      }

      it("generateObject on Claude 3.5 (a forced `json` tool)", () => {
        assert.deepEqual(outcome(report, "generateObject json tool").object, PAPER);
        const asked = upstreamAsked(stack.upstream, "Who wrote the first program?").filter((b) => b.tools?.some((t: { name: string }) => t.name === "json"));
        assert.ok(asked.length > 0, "the provider was offered the json tool");
        assert.deepEqual(asked[0]!.tool_choice, { type: "any" });
      });

      it("generateObject on Claude Sonnet 4.5 (Anthropic's structured output, asked through additionalModelRequestFields.output_config)", () => {
        assert.deepEqual(outcome(report, "generateObject native").object, PAPER);
        // Anthropic's own structured output: output_config.format, or the beta output_format it replaced.
        const formats = upstreamAsked(stack.upstream, "Who wrote the first program?").flatMap((b) => outputFormat(b) ?? []);
        assert.ok(formats.length > 0, "the provider was asked for a json_schema output format");
        assert.deepEqual(Object.keys((formats[0]!.schema as { properties?: object }).properties ?? {}), ["name", "title", "year", "tags"]);
      });

      it("a PDF file part: the model reads the document, which reached Anthropic as a native PDF document block", () => {
        assert.equal(outcome(report, "PDF file part").text, `The document says: ${PDF_TEXT}`);
        const documents = upstreamAsked(stack.upstream, "What does the document say?").flatMap((b) => b.messages.at(-1).content.filter((c: { type: string }) => c.type === "document"));
        assert.ok(documents.length > 0);
        assert.deepEqual(documents[0].source, { type: "base64", media_type: "application/pdf", data: Buffer.from(tinyPdf()).toString("base64") });
      });

      it("prompt caching: a cachePoint after the system prompt becomes cache_control; the second call reads what the first wrote", () => {
        const calls = outcome(report, "prompt caching (cachePoint)");
        const asked = upstreamAsked(stack.upstream, "Say: cached").filter((b) => JSON.stringify(b.system).includes(`(${auth} run)`));
        assert.ok(asked.length > 0, "the prompt reached the provider");
        assert.deepEqual(asked[0]!.system.at(-1).cache_control, { type: "ephemeral" });
        const split = cacheSplit(asked[0]!);
        assert.ok(split.cachedTokens > 0);
        const whole = { text: "cached", total: split.inputTokens + split.cachedTokens, noCacheTokens: split.inputTokens };
        assert.deepEqual(calls, [
          { ...whole, cacheReadTokens: 0, cacheWriteTokens: split.cachedTokens },
          { ...whole, cacheReadTokens: split.cachedTokens, cacheWriteTokens: 0 },
        ]);
      });

      it("reasoning (reasoningConfig): the reasoning text and its signature come back", () => {
        const r = outcome(report, "reasoning");
        assert.equal(r.text, "4");
        assert.equal(r.reasoningText, THINKING);
        assert.deepEqual(r.signature, [SIGNATURE]);
        const asked = upstreamAsked(stack.upstream, "Say: 4");
        assert.deepEqual(asked[0]?.thinking, { type: "enabled", budget_tokens: 1024 });
      });

      it("streamText with reasoning: reasoning deltas, then the signature, then the text", () => {
        const r = outcome(report, "streamText reasoning");
        assert.equal(r.text, "5");
        assert.equal(r.reasoningText, THINKING);
        assert.deepEqual(r.signature, [SIGNATURE]);
        assert.ok(r.kinds.includes("reasoning-delta"), JSON.stringify(r.kinds));
      });

      it("reasoning with a tool: the signed thinking goes back with the tool call, as Anthropic requires", () => {
        const r = outcome(report, "reasoning with a tool");
        assert.deepEqual(r.steps[0].calls, [WEATHER_CALL]);
        assert.deepEqual(r.reasoning, [THINKING, THINKING]);
        assert.match(r.text, /^The tool said: "?12 degrees and raining in Leeds"?$/);
      });
    });
  }

  describe("LangChain, ChatBedrockConverse with its own BedrockRuntimeClient", () => {
    let report: Report;
    before(async () => { report = await stack.script("langchain", { MODEL: MODELS.haiku }); });

    it("invoke and stream", () => {
      assert.equal(outcome(report, "invoke").text, "Hello from LangChain.");
      const streamed = outcome(report, "stream");
      assert.equal(streamed.text, "Streaming through LangChain.");
      assert.ok(streamed.chunks > 1);
    });

    it("bindTools: a tool call, then the answer from the tool's result", () => {
      const r = outcome(report, "bindTools round trip");
      assert.deepEqual(r.calls, [{ name: "get_weather", args: { city: "Leeds" } }]);
      assert.equal(r.answer, TOOL_ANSWER);
    });

    it("a PDF file block (LangChain's standard file content), read by the model", () => {
      assert.equal(outcome(report, "a PDF file block").text, `The document says: ${PDF_TEXT}`);
      const documents = upstreamAsked(stack.upstream, "What does this PDF say?").flatMap((b) => b.messages.at(-1).content.filter((c: { type: string }) => c.type === "document"));
      assert.equal(documents[0]?.source?.data, Buffer.from(tinyPdf()).toString("base64"), "the PDF reached Anthropic as a native document");
    });

    it("withStructuredOutput (zod)", () => {
      assert.deepEqual(outcome(report, "withStructuredOutput").object, PAPER);
    });
  });

  describe("Strands Agents, BedrockModel with clientConfig", () => {
    let report: Report;
    before(async () => { report = await stack.script("strands", { MODEL: MODELS.haiku }); });

    const agentAnswered = (r: any, modelId: string): void => {
      assert.equal(r.modelId, modelId);
      assert.deepEqual(r.toolUses, [WEATHER_CALL]);
      assert.deepEqual(r.toolResults, ["success"]);
      assert.equal(r.text, TOOL_ANSWER);
      assert.equal(r.stopReason, "endTurn");
    };

    it("an agent with one tool", () => {
      agentAnswered(outcome(report, "agent with a tool"), MODELS.haiku);
    });

    it("an agent with one tool on Strands' default model, through the global. inference profile", () => {
      agentAnswered(outcome(report, "agent with a tool, default model (global. profile)"), `global.${MODELS.sonnet46}`);
    });
  });
});
