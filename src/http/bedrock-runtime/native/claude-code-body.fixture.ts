/**
 * A request body as Claude Code 2.1.x (the last line whose engines allow Node 20) sends it in
 * Bedrock mode (CLAUDE_CODE_USE_BEDROCK=1) to InvokeModelWithResponseStream, on a model with
 * extended thinking and context management (Sonnet 4.5): the shape is read from the client's own
 * request builder; the texts are shortened and the ids made up. What makes it hard:
 * - `anthropic_beta` in the body (the Bedrock SDK moves the anthropic-beta header there);
 * - `metadata.user_id` is itself a JSON string (device, account and session ids);
 * - three system blocks, the last two with `cache_control`; the billing line has none;
 * - tool schemas written by zod-to-json-schema: `$schema` 2020-12, `additionalProperties: false`;
 * - MCP tools with `defer_loading: true` (found through Claude Code's own tool search);
 * - `thinking` with a budget one below max_tokens, and `context_management` clearing old thinking;
 * - an assistant turn with thinking (signed), redacted thinking and two tool calls, answered by
 *   tool results holding text, an image and a PDF document, the last user block cache-marked.
 * No `temperature`: Claude Code sends it only when thinking is off.
 */
const SCHEMA = "https://json-schema.org/draft/2020-12/schema";
const PNG = "iVBORw0KGgoAAAAN";
const PDF = "JVBERi0xLjQKMSAwIG9iajw8L1R5cGUvQ2F0YWxvZz4+ZW5kb2JqCnRyYWlsZXI8PC9Sb290IDEgMCBSPj4KJSVFT0YK";

export const CLAUDE_CODE_MODEL = "eu.anthropic.claude-sonnet-4-5-20250929-v1:0";

export const CLAUDE_CODE_USER_ID = JSON.stringify({
  device_id: "5f2b8c1e9a7d4e3f6b0a1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f",
  account_uuid: "",
  session_id: "0d6c1f5e-3b2a-4c8d-9e7f-1a2b3c4d5e6f",
});

export const CLAUDE_CODE_BETAS = ["claude-code-20250219", "interleaved-thinking-2025-05-14", "context-management-2025-06-27"];

export const CLAUDE_CODE_BODY = {
  anthropic_version: "bedrock-2023-05-31",
  anthropic_beta: CLAUDE_CODE_BETAS,
  metadata: { user_id: CLAUDE_CODE_USER_ID },
  max_tokens: 32000,
  thinking: { budget_tokens: 31999, type: "enabled" },
  context_management: { edits: [{ type: "clear_thinking_20251015", keep: "all" }] },
  system: [
    { type: "text", text: "x-anthropic-billing-header: cc_version=2.1.197.3fa; cc_entrypoint=cli;" },
    { type: "text", text: "You are Claude Code, Anthropic's official CLI for Claude.", cache_control: { type: "ephemeral" } },
    {
      type: "text",
      text: "\nYou are an interactive CLI tool that helps users with software engineering tasks.\n\n# Tone and style\nBe concise.\n\n<env>\nWorking directory: project\nIs directory a git repo: Yes\nPlatform: linux\n</env>",
      cache_control: { type: "ephemeral" },
    },
  ],
  tools: [
    {
      name: "Task",
      description: "Launch a new agent to handle complex, multi-step tasks autonomously.",
      input_schema: {
        $schema: SCHEMA,
        type: "object",
        properties: {
          description: { description: "A short (3-5 word) description of the task", type: "string" },
          prompt: { description: "The task for the agent to perform", type: "string" },
          subagent_type: { description: "The type of specialized agent to use for this task", type: "string" },
        },
        required: ["description", "prompt", "subagent_type"],
        additionalProperties: false,
      },
    },
    {
      name: "Bash",
      description: "Executes a given bash command in a persistent shell session with optional timeout.",
      input_schema: {
        $schema: SCHEMA,
        type: "object",
        properties: {
          command: { description: "The command to execute", type: "string" },
          timeout: { description: "Optional timeout in milliseconds (max 600000)", type: "number" },
          description: { description: "Clear, concise description of what this command does in 5-10 words", type: "string" },
          run_in_background: { description: "Set to true to run this command in the background.", type: "boolean" },
        },
        required: ["command"],
        additionalProperties: false,
      },
    },
    {
      name: "Read",
      description: "Reads a file from the local filesystem.",
      input_schema: {
        $schema: SCHEMA,
        type: "object",
        properties: {
          file_path: { description: "The absolute path to the file to read", type: "string" },
          offset: { description: "The line number to start reading from", type: "number" },
          limit: { description: "The number of lines to read", type: "number" },
        },
        required: ["file_path"],
        additionalProperties: false,
      },
    },
    {
      name: "TodoWrite",
      description: "Use this tool to create and manage a structured task list for your current coding session.",
      input_schema: {
        $schema: SCHEMA,
        type: "object",
        properties: {
          todos: {
            type: "array",
            items: {
              type: "object",
              properties: {
                content: { type: "string", minLength: 1 },
                status: { type: "string", enum: ["pending", "in_progress", "completed"] },
                activeForm: { type: "string", minLength: 1 },
              },
              required: ["content", "status", "activeForm"],
              additionalProperties: false,
            },
            description: "The updated todo list",
          },
        },
        required: ["todos"],
        additionalProperties: false,
      },
    },
    {
      name: "mcp__github__create_issue",
      description: "Create a new issue in a GitHub repository",
      input_schema: {
        $schema: SCHEMA,
        type: "object",
        properties: { owner: { type: "string" }, repo: { type: "string" }, title: { type: "string" }, body: { type: "string" } },
        required: ["owner", "repo", "title"],
        additionalProperties: false,
      },
      defer_loading: true,
    },
    {
      name: "mcp__github__list_pull_requests",
      description: "List pull requests in a GitHub repository",
      input_schema: {
        $schema: SCHEMA,
        type: "object",
        properties: { owner: { type: "string" }, repo: { type: "string" }, state: { type: "string", enum: ["open", "closed", "all"] } },
        required: ["owner", "repo"],
        additionalProperties: false,
      },
      defer_loading: true,
    },
  ],
  messages: [
    {
      role: "user",
      content: [
        { type: "text", text: "<system-reminder>\nAs you answer the user's questions, you can use the following context:\n# claudeMd\nUse pnpm.\n</system-reminder>" },
        { type: "text", text: "What is in this project? Look at the diagram and the spec too.", cache_control: { type: "ephemeral" } },
      ],
    },
    {
      role: "assistant",
      content: [
        { type: "thinking", thinking: "The user wants an overview. I should list the files and read the diagram and the spec.", signature: "EqQBCkgIBxABGAIiQFmZ2sxS0bq3vX6c2Y9Rk7HcJ0y1aQ3tWmE8rB4nU5fV2gL6pD9jK0sT7wZ3xC1vN8bM4hQ2eR5yA6uI9oP0lSDHEzc2Fy" },
        { type: "redacted_thinking", data: "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP" },
        { type: "text", text: "I'll look around the project." },
        { type: "tool_use", id: "toolu_bdrk_01A9sYwXk4Qb7mZ2", name: "Bash", input: { command: "ls", description: "List files in the project" } },
        { type: "tool_use", id: "toolu_bdrk_01B3nVcR8tLp5qW6", name: "Read", input: { file_path: "project/docs/spec.pdf" } },
      ],
    },
    {
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: "toolu_bdrk_01A9sYwXk4Qb7mZ2", content: "README.md\ndiagram.png\ndocs\npackage.json\nsrc", is_error: false },
        {
          type: "tool_result",
          tool_use_id: "toolu_bdrk_01B3nVcR8tLp5qW6",
          content: [
            { type: "text", text: "PDF file read: project/docs/spec.pdf (1 page)" },
            { type: "document", source: { type: "base64", media_type: "application/pdf", data: PDF } },
            { type: "image", source: { type: "base64", media_type: "image/png", data: PNG } },
          ],
        },
        { type: "text", text: "<system-reminder>\nThe TodoWrite tool hasn't been used recently.\n</system-reminder>", cache_control: { type: "ephemeral" } },
      ],
    },
  ],
};
