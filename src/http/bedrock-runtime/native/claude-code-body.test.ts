import { test } from "node:test";
import assert from "node:assert/strict";
import { parseJsonBody } from "../json-body.js";
import { nativeFamilyFor } from "./index.js";
import { CLAUDE_CODE_BETAS, CLAUDE_CODE_BODY, CLAUDE_CODE_MODEL, CLAUDE_CODE_USER_ID } from "./claude-code-body.fixture.js";

/** Claude Code's Bedrock-mode body, as bytes on the wire, must decode whole, every member kept. */
test("Claude Code's InvokeModelWithResponseStream body decodes, with nothing dropped", () => {
  const family = nativeFamilyFor(CLAUDE_CODE_MODEL);
  assert.equal(family?.name, "anthropic");
  const decoded = family.decode(parseJsonBody(Buffer.from(JSON.stringify(CLAUDE_CODE_BODY))), CLAUDE_CODE_MODEL);
  assert.ok(decoded.kind === "converse");
  const { command } = decoded;
  const conversation = command.conversation.reveal();

  assert.deepEqual(command.inference, { maxTokens: 32000, reasoning: { budgetTokens: 31999 } });
  assert.deepEqual(command.anthropic?.betas, CLAUDE_CODE_BETAS);
  assert.equal(command.anthropic?.userId?.reveal(), CLAUDE_CODE_USER_ID);
  assert.deepEqual(command.anthropic?.deferredTools?.reveal(), ["mcp__github__create_issue", "mcp__github__list_pull_requests"]);
  assert.deepEqual(command.anthropic?.contextManagement?.reveal(), { edits: [{ type: "clear_thinking_20251015", keep: "all" }] });

  // Three system blocks; the billing line is not cache-marked, the two prompts are.
  assert.deepEqual(conversation.system.map((b) => b.cache), [undefined, {}, {}]);
  // Tool schemas travel as written, $schema and additionalProperties included.
  const tools = conversation.tools?.tools ?? [];
  assert.deepEqual(tools.map((t) => t.name), ["Task", "Bash", "Read", "TodoWrite", "mcp__github__create_issue", "mcp__github__list_pull_requests"]);
  assert.deepEqual(tools.map((t) => t.inputSchema), CLAUDE_CODE_BODY.tools.map((t) => t.input_schema));
  assert.equal(conversation.tools?.toolChoice, undefined);

  const [first, assistant, results] = conversation.messages;
  assert.deepEqual(first?.content.map((b) => [b.type, "cache" in b ? b.cache : undefined]), [["text", undefined], ["text", {}]]);
  assert.deepEqual(assistant?.content.map((b) => b.type), ["reasoning", "redactedReasoning", "text", "toolUse", "toolUse"]);
  const thinking = assistant?.content[0];
  assert.ok(thinking?.type === "reasoning");
  assert.equal(thinking.signature, (CLAUDE_CODE_BODY.messages[1]!.content[0] as { signature: string }).signature);
  assert.deepEqual(results?.content.map((b) => [b.type, "cache" in b ? b.cache : undefined]), [["toolResult", undefined], ["toolResult", undefined], ["text", {}]]);
  const read = results?.content[1];
  assert.ok(read?.type === "toolResult");
  assert.deepEqual(read.content.map((c) => c.type), ["text", "document", "image"]);
});
