import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MODELS, outcome, startClientsStack, upstreamAsked } from "./clients-stack.js";
import type { ClientsStack } from "./clients-stack.js";
import type { Report } from "./report.js";

/**
 * LlamaIndex's Bedrock LLM (`@llamaindex/aws` 0.0.121, llamaindex.ts) against plinth in front of
 * the assistant loopback, for every family its Bedrock class writes a body for that plinth's
 * catalogue serves: Anthropic Messages bodies, Meta Llama 3 prompts and Amazon Nova's messages
 * body, each through chat and complete, whole and streamed, and its tool loop. Where LlamaIndex
 * cannot do something against Bedrock itself the test says so and checks that plinth did its part.
 *
 * Not covered because the package has no such thing: embeddings (no Bedrock embedding class;
 * its other export is the Knowledge Bases retriever, a bedrock-agent-runtime API plinth does not
 * serve) and guardrails (its InvokeModel input is modelId, contentType, accept and body only,
 * with no guardrail identifier or header).
 */
const LLAMA = "meta.llama3-2-11b-instruct-v1:0";
const NOVA = "amazon.nova-lite-v1:0";
const TITAN = "amazon.titan-text-express-v1";
const MISTRAL = "mistral.mistral-7b-instruct-v0:2";
const WEATHER_CALL = { name: "get_weather", input: { city: "Leeds" } };
const RESULT = "12 degrees and raining in Leeds";

describe("LlamaIndex (@llamaindex/aws Bedrock) works unchanged against plinth", () => {
  let stack: ClientsStack;
  let report: Report;
  before(async () => {
    stack = await startClientsStack({ models: [
      { modelId: LLAMA, name: "Llama 3.2 11B Instruct", providerName: "Meta" },
      { modelId: NOVA, name: "Nova Lite", providerName: "Amazon" },
      { modelId: TITAN, name: "Titan Text G1 - Express", providerName: "Amazon" },
      { modelId: MISTRAL, name: "Mistral 7B Instruct", providerName: "Mistral AI" },
    ] });
    const models = { anthropic: MODELS.haiku, sonnet45: MODELS.sonnet45, meta: LLAMA, nova: NOVA, titan: TITAN, mistral: MISTRAL };
    report = await stack.script("llamaindex", { MODELS: JSON.stringify(models) });
  });
  after(async () => { await stack?.stop(); });

  const streamed = (name: string, text: string): void => {
    const r = outcome(report, name);
    assert.equal(r.text.trim(), text);
    assert.ok(r.chunks > 1, "the answer arrived in several chunks");
  };

  describe("Anthropic Claude (InvokeModel with Messages bodies)", () => {
    it("chat and complete, whole and streamed", () => {
      assert.equal(outcome(report, "anthropic chat").text, "Hello from LlamaIndex.");
      assert.equal(outcome(report, "anthropic complete").text, "Completed by LlamaIndex.");
      streamed("anthropic chat stream", "Streaming through LlamaIndex.");
      streamed("anthropic complete stream", "Completion streamed by LlamaIndex.");
      // LlamaIndex's own defaults reach the provider as Anthropic's members.
      const asked = upstreamAsked(stack.upstream, "Say: Hello from LlamaIndex.");
      assert.equal(asked.length, 1);
      assert.deepEqual([asked[0]!.max_tokens, asked[0]!.temperature, asked[0]!.top_p], [1024, 0.1, 1]);
    });

    for (const mode of ["tools", "tools stream"]) {
      it(`${mode}: the model calls the tool, LlamaIndex returns its result, the model answers from it`, () => {
        const r = outcome(report, `anthropic ${mode}`);
        assert.deepEqual(r.calls, [WEATHER_CALL]);
        assert.equal(r.moreCalls, 0);
        // LlamaIndex sends a tool result JSON-encoded (quoted), so the model reads it in quotes.
        assert.equal(r.answer, `The tool said: "${RESULT}"`);
        // The result reached the provider as a tool_result answering the call before it.
        const quoted = JSON.stringify(RESULT);
        const answered = upstreamAsked(stack.upstream, RESULT).filter((b) => b.messages.at(-1).content[0]?.content?.[0]?.text === quoted);
        assert.equal(answered.length, 2, "one per mode");
        for (const b of answered) assert.equal(b.messages.at(-1).content[0].tool_use_id, b.messages.at(-2).content.find((c: { type: string }) => c.type === "tool_use")?.id);
      });
    }

    it("Claude Sonnet 4.5: chat works; LlamaIndex itself refuses to stream it (absent from its STREAMING_MODELS list)", () => {
      assert.equal(outcome(report, "anthropic sonnet 4.5 chat").text, "Hello from Sonnet.");
      const refused = report["anthropic sonnet 4.5 chat stream"];
      assert.equal(refused?.ok, false);
      assert.match(refused!.error!.message, /does not support streaming/);
      assert.equal(upstreamAsked(stack.upstream, "Say: Sonnet streaming.").length, 0, "no request was sent");
    });
  });

  describe("Meta Llama 3.2 (InvokeModel with a rendered Llama 3 prompt)", () => {
    it("chat and complete, whole and streamed; the prompt reaches the provider as a conversation, not as template text", () => {
      assert.equal(outcome(report, "meta chat").text, "Hello from Llama.");
      assert.equal(outcome(report, "meta complete").text, "Llama completion.");
      streamed("meta chat stream", "Llama streaming through LlamaIndex.");
      streamed("meta complete stream", "Llama completion streamed.");
      const asked = upstreamAsked(stack.upstream, "Say: Hello from Llama.");
      assert.deepEqual(asked[0]?.messages, [{ role: "user", content: [{ type: "text", text: "Say: Hello from Llama." }] }]);
    });

    it("tools (a prompt convention): the tool prompt arrives as the system turn, the call text comes back, the result goes to the model", () => {
      const r = outcome(report, "meta tools");
      assert.deepEqual(r.calls, [WEATHER_CALL]);
      assert.deepEqual(r.results, [RESULT]);
      const [first] = upstreamAsked(stack.upstream, "<|python_tag|>");
      assert.ok(first, "the request reached the provider");
      // LlamaIndex opens its tool prompt with a second <|begin_of_text|>; it must still be read as
      // a chat (system + user), never passed on as one user turn full of template markers.
      assert.match(JSON.stringify(first.system), /You are an expert in composing functions[\s\S]*get_weather/);
      assert.doesNotMatch(JSON.stringify(first.messages), /start_header_id|begin_of_text/);
      // The tool result goes back as an `ipython` turn, which reaches the provider as user text.
      const [second] = upstreamAsked(stack.upstream, RESULT).filter((b) => JSON.stringify(b.system ?? "").includes("composing functions"));
      assert.ok(second, "the tool result reached the provider");
      assert.equal(second.messages.length, 3);
      assert.equal(r.answer, "Hello there.");
    });
  });

  describe("Amazon Nova (InvokeModel with Nova's messages body)", () => {
    it("chat, whole and streamed", () => {
      assert.equal(outcome(report, "nova chat").text, "Hello from Nova.");
      streamed("nova chat stream", "Nova streaming.");
      const asked = upstreamAsked(stack.upstream, "Say: Hello from Nova.");
      assert.deepEqual([asked[0]?.max_tokens, asked[0]?.temperature, asked[0]?.top_p], [1024, 0.1, 1], "inferenceConfig's camelCase members were honoured");
    });

    it("tools, streamed: the call (its input whole in one delta, as LlamaIndex parses it), then the answer from the result", () => {
      const r = outcome(report, "nova tools stream");
      assert.deepEqual(r.calls, [WEATHER_CALL]);
      assert.equal(r.answer, `The tool said: ${RESULT}`);
    });

    it("tools without streaming: plinth answers with the toolUse, but LlamaIndex cannot see it (it reads response.message, not output.message)", () => {
      const r = outcome(report, "nova tools");
      assert.deepEqual(r.calls, [], "LlamaIndex 0.0.121 never reports a non-streamed Nova tool call");
      assert.equal(r.body.stopReason, "tool_use");
      const uses = r.body.output.message.content.filter((c: { toolUse?: unknown }) => c.toolUse);
      assert.deepEqual(uses.map((c: { toolUse: { name: string; input: unknown } }) => ({ name: c.toolUse.name, input: c.toolUse.input })), [WEATHER_CALL]);
    });
  });

  describe("what LlamaIndex cannot do against Bedrock either", () => {
    it("Titan Text: it sends Nova's messages body to every amazon. model; plinth refuses it as Bedrock's Titan schema does", () => {
      const r = report["titan chat"];
      assert.equal(r?.ok, false);
      assert.equal(r!.error!.status, 400);
      assert.equal(r!.error!.name, "ValidationException");
      assert.match(r!.error!.message, /'messages'.*extraneous key/);
    });

    it("Mistral: it has no Mistral body at all and refuses before sending anything", () => {
      const r = report["mistral chat"];
      assert.equal(r?.ok, false);
      assert.match(r!.error!.message, /Provider mistral for model .* is not supported/);
      assert.equal(upstreamAsked(stack.upstream, "Say: Hello from Mistral.").length, 0);
    });

    it("the package has no Bedrock embedding class and no guardrail option to test", async () => {
      const exported = Object.keys(await import("@llamaindex/aws")).sort();
      assert.deepEqual(exported, ["AmazonKnowledgeBaseRetriever", "BEDROCK_MODELS", "BEDROCK_MODEL_MAX_TOKENS", "Bedrock", "INFERENCE_BEDROCK_MODELS", "INFERENCE_TO_BEDROCK_MAP"]);
    });
  });
});
