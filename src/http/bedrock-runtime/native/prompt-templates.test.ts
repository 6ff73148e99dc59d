import { test } from "node:test";
import assert from "node:assert/strict";
import { parseInst, parseLlama3, verbatim } from "./prompt-templates.js";

const user = (...text: string[]) => ({ role: "user", content: text.map((t) => ({ type: "text", text: t })) });
const assistant = (text: string) => ({ role: "assistant", content: [{ type: "text", text }] });

const LLAMA3_CASES: { name: string; prompt: string; expected: unknown }[] = [
  {
    name: "system and user with the generation header",
    prompt:
      "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are terse.<|eot_id|>" +
      "<|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
    expected: { system: ["You are terse."], messages: [user("What is 2+2?")] },
  },
  {
    name: "multi-turn, with an assistant prefill kept as the last turn",
    prompt:
      "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nHello!<|eot_id|>" +
      "<|start_header_id|>user<|end_header_id|>\n\nA poem?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nRoses",
    expected: { system: [], messages: [user("Hi"), assistant("Hello!"), user("A poem?"), assistant("Roses")] },
  },
  {
    name: "Llama 4 markers and an image marker",
    prompt: "<|begin_of_text|><|header_start|>user<|header_end|>\n\n<|image|>Describe this.<|eot|><|header_start|>assistant<|header_end|>\n\n",
    expected: { system: [], messages: [user("Describe this.")], imageTurn: 0 },
  },
  {
    name: "tool output (ipython) becomes a user turn, merged with its neighbour",
    prompt: "<|start_header_id|>user<|end_header_id|>\n\nWeather?<|eot_id|><|start_header_id|>ipython<|end_header_id|>\n\n{\"t\":21}<|eot_id|>",
    expected: { system: [], messages: [user("Weather?", "{\"t\":21}")] },
  },
  {
    // LlamaIndex (@llamaindex/aws) opens its tool prompt with its own <|begin_of_text|>, then
    // opens the chat with another one; each part on its own line.
    name: "a second begin_of_text between turns (LlamaIndex's tool prompt)",
    prompt: [
      "<|begin_of_text|>", "<|start_header_id|>system<|end_header_id|>", "Call get_weather as JSON.", "<|eot_id|>",
      "<|begin_of_text|>", "<|start_header_id|>\nuser\n<|end_header_id|>\nWeather in Leeds?\n<|eot_id|>", "<|start_header_id|>assistant<|end_header_id|>",
    ].join("\n"),
    expected: { system: ["Call get_weather as JSON."], messages: [user("Weather in Leeds?")] },
  },
];

for (const c of LLAMA3_CASES) {
  test(`parseLlama3: ${c.name}`, () => assert.deepEqual(parseLlama3(c.prompt), c.expected));
}

const NOT_LLAMA3 = [
  "Tell me about llamas.",
  "Text before <|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>",
  "<|start_header_id|>narrator<|end_header_id|>\n\nHi<|eot_id|>",
  "<|start_header_id|>user\n\nHi<|eot_id|>",
  "<|start_header_id|>user<|end_header_id|>Hi<|eot_id|> trailing text",
  "<|start_header_id|>system<|end_header_id|>\n\nOnly a system turn<|eot_id|>",
  "<|start_header_id|>user<|end_header_id|>\n\nHi <|begin_of_text|> there<|eot_id|>",
];
for (const prompt of NOT_LLAMA3) {
  test(`parseLlama3 leaves a prompt that is not a well-formed chat alone: ${JSON.stringify(prompt.slice(0, 40))}`, () => {
    assert.equal(parseLlama3(prompt), undefined);
  });
}

const INST_CASES: { name: string; prompt: string; expected: unknown }[] = [
  {
    name: "Llama 2 chat with a system prompt",
    prompt: "<s>[INST] <<SYS>>\nYou are helpful.\n<</SYS>>\n\nThere's a llama in my garden. What should I do? [/INST]",
    expected: { system: ["You are helpful."], messages: [user("There's a llama in my garden. What should I do?")] },
  },
  {
    name: "Mistral multi-turn from the Bedrock docs",
    prompt:
      "<s>[INST] What is your favourite condiment? [/INST] Well, I'm quite partial to a good squeeze of fresh lemon juice.</s> " +
      "[INST] Do you have mayonnaise recipes? [/INST]",
    expected: {
      system: [],
      messages: [user("What is your favourite condiment?"), assistant("Well, I'm quite partial to a good squeeze of fresh lemon juice."), user("Do you have mayonnaise recipes?")],
    },
  },
];
for (const c of INST_CASES) {
  test(`parseInst: ${c.name}`, () => assert.deepEqual(parseInst(c.prompt), c.expected));
}

const NOT_INST = ["Explain what [INST] means", "<s>[INST] unterminated", "[INST] a <s> b [/INST]", "[/INST] backwards [INST]", "[INST] <<SYS>> no end [/INST]"];
for (const prompt of NOT_INST) {
  test(`parseInst leaves a prompt that is not a well-formed chat alone: ${JSON.stringify(prompt)}`, () => {
    assert.equal(parseInst(prompt), undefined);
  });
}

test("verbatim keeps the prompt exactly, whitespace included", () => {
  assert.deepEqual(verbatim("  Human: hi\n"), { system: [], messages: [user("  Human: hi\n")] });
});

test("parsers stay linear on long marker-free and whitespace-heavy input", () => {
  const long = " ".repeat(200_000) + "[INST]" + " ".repeat(200_000);
  const started = performance.now();
  assert.equal(parseInst(long), undefined);
  assert.equal(parseLlama3(long + "<|eot_id|>"), undefined);
  assert.ok(performance.now() - started < 1000);
});
