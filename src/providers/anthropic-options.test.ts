import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault, sensitive } from "../kernel/index.js";
import type { AnthropicOptions } from "../kernel/index.js";
import { refuseAnthropicOptions } from "./anthropic-options.js";

const fieldOf = (options: AnthropicOptions, forwarded: (keyof AnthropicOptions)[] = []): string | undefined => {
  try {
    refuseAnthropicOptions(options, forwarded);
    return undefined;
  } catch (error) {
    assert.ok(error instanceof Fault && error.kind === "validation");
    return error.detail.field;
  }
};

describe("Anthropic-only options on an adapter that cannot forward them", () => {
  const cases: readonly (readonly [string, AnthropicOptions, string | undefined])[] = [
    ["nothing set", {}, undefined],
    ["empty lists and false are not set", { betas: [], deferredTools: sensitive([]), disableParallelToolUse: false }, undefined],
    ["betas", { betas: ["x"] }, "anthropic_beta"],
    ["user id", { userId: sensitive("u") }, "metadata.user_id"],
    ["deferred tools", { deferredTools: sensitive(["t"]) }, "tools.defer_loading"],
    ["eager tools", { eagerInputStreamingTools: sensitive(["t"]) }, "tools.eager_input_streaming"],
    ["parallel tool use", { disableParallelToolUse: true }, "tool_choice.disable_parallel_tool_use"],
    ["adaptive thinking", { adaptiveThinking: true }, "thinking.type"],
    ["thinking display", { thinkingDisplay: "omitted" }, "thinking.display"],
    ["effort", { effort: "xhigh" }, "output_config.effort"],
    ["context management", { contextManagement: sensitive({ edits: [] }) }, "context_management"],
  ];
  for (const [name, options, field] of cases) {
    it(`${name}: ${field ?? "accepted"}`, () => assert.equal(fieldOf(options), field));
  }
  it("what the adapter forwards is not refused", () => {
    assert.equal(fieldOf({ betas: ["x"], userId: sensitive("u") }, ["betas", "userId"]), undefined);
    assert.equal(fieldOf({ betas: ["x"], effort: "max" }, ["betas"]), "output_config.effort");
  });
});
