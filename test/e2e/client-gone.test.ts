import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ConverseCommand, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { startStack } from "./stack.js";
import type { Stack } from "./stack.js";

/**
 * A client that leaves while its model is still thinking cancels the upstream call, over
 * HTTP/2 and HTTP/1.1, for Converse and InvokeModel. The provider call hears the client leave
 * through the request's `clientGone` (no AbortSignal is made for the exchange unless a step
 * asks for one), so this pins that the news still travels from the response's close to the
 * upstream socket. Each case has its own stack: a loopback's cancellation flag is sticky.
 */
const HANGING = "meta.llama3-2-90b-instruct-v1:0";
const user = (text: string) => [{ role: "user" as const, content: [{ text }] }];
const settled = (p: Promise<unknown>, ms: number) => Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

const cases = [
  ["Converse over HTTP/2", false, "converse"],
  ["Converse over HTTP/1.1", true, "converse"],
  ["InvokeModel over HTTP/1.1", true, "invoke"],
] as const;

for (const [name, http1, operation] of cases) {
  describe(`a client leaving a waiting ${name}`, () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack({ models: [{ modelId: HANGING, via: "openai", upstreamModel: "hang-model", providerName: "Meta" }], timeoutMs: 30_000 });
    });
    after(async () => { await stack?.stop(); });

    it("cancels the upstream call", async () => {
      assert.equal(await settled(stack.openai.sawCancel(), 50), false, "no cancellation before the client leaves");
      const controller = new AbortController();
      const runtime = stack.runtime({ http1 });
      const command = operation === "converse"
        ? new ConverseCommand({ modelId: HANGING, messages: user("think for a long time") })
        : new InvokeModelCommand({ modelId: HANGING, contentType: "application/json", body: JSON.stringify({ prompt: "think for a long time", max_gen_len: 16 }) });
      const call = runtime.send(command as ConverseCommand, { abortSignal: controller.signal }).then(() => "answered", (e: Error) => e.name);
      // The upstream has the request (and is holding it) before the client goes.
      for (let i = 0; i < 100 && stack.openai.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(stack.openai.requests.length, 1, "the upstream received the call");
      controller.abort();
      assert.notEqual(await call, "answered");
      assert.equal(await settled(stack.openai.sawCancel(), 5000), true, "the upstream saw its request cancelled well before the 30 s provider timeout");
      runtime.destroy();
    });
  });
}
