import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../kernel/index.js";
import type { TopicConfig } from "./config.js";
import { modelTopics, parseTopicVerdict, topicInstructions } from "./topics-model.js";

const topic = (name: string, definition: string, examples: string[] = []): TopicConfig =>
  ({ name, definition, examples, type: "DENY", inputAction: "BLOCK", outputAction: "BLOCK", inputEnabled: true, outputEnabled: true });
const TOPICS = [
  topic("investment-advice", "Recommendations on where to put money for a return.", ["Should I buy index funds?", "Is gold a good hedge?"]),
  topic("medical-diagnosis", "Telling someone which illness they have."),
  topic("elections", "Which party to vote for."),
];

const rows: readonly [answer: string, found: readonly number[] | "refused"][] = [
  ["none", []],
  ["  None.\n", []],
  ["NONE", []],
  ["T1", [0]],
  ["T3,T1", [0, 2]],
  ["t2, T3", [1, 2]],
  ["T4", "refused"],
  ["T0", "refused"],
  ["T1\nT2", "refused"],
  ["T1.", "refused"],
  ["investment-advice", "refused"],
  ["The text is about T1.", "refused"],
  ["safe", "refused"],
  ["", "refused"],
];

describe("a topic model's answer, read strictly", () => {
  for (const [answer, found] of rows) {
    it(`${JSON.stringify(answer)} → ${found === "refused" ? "not a verdict (fails closed)" : `[${found.join(", ")}]`}`, () => {
      if (found === "refused") {
        assert.throws(() => parseTopicVerdict(answer, TOPICS.length), (e: unknown) => e instanceof Fault && e.kind === "service-unavailable" && !e.message.includes(answer || "\u0000"));
      } else {
        assert.deepEqual([...parseTopicVerdict(answer, TOPICS.length)].sort(), [...found]);
      }
    });
  }
});

describe("the topic model's instructions and detector", () => {
  it("numbers every topic with its name, definition and examples, and never holds the caller's text", () => {
    const instructions = topicInstructions(TOPICS);
    assert.match(instructions, /^T1: investment-advice\. Recommendations on where to put money for a return\. Examples: "Should I buy index funds\?"; "Is gold a good hedge\?"\.$/m);
    assert.match(instructions, /^T2: medical-diagnosis\. Telling someone which illness they have\.$/m);
    assert.match(instructions, /^T3: elections\. Which party to vote for\.$/m);
    assert.match(instructions, /`none`/);
  });

  it("asks with the text as the user turn and the topics as instructions; a named topic scores 1, the others 0", async () => {
    const asked: [string, string | undefined][] = [];
    const detector = modelTopics(async (text, instructions) => { asked.push([text, instructions]); return "T2"; }).build(TOPICS);
    const scores = await detector.detect("my chest hurts, what do I have?");
    assert.deepEqual([...scores], [["investment-advice", 0], ["medical-diagnosis", 1], ["elections", 0]]);
    assert.equal(asked.length, 1);
    assert.equal(asked[0]![0], "my chest hurts, what do I have?");
    assert.equal(asked[0]![1], topicInstructions(TOPICS));
  });

  it("says it calls a model, so a stream asks it at long release steps", () => {
    assert.equal(modelTopics(async () => "none").build(TOPICS).costly, true);
  });

  it("a provider error is thrown, not read as 'no topic'", async () => {
    const detector = modelTopics(async () => { throw new Fault("service-unavailable", "down"); }).build(TOPICS);
    await assert.rejects(detector.detect("anything"), (e: unknown) => e instanceof Fault);
  });
});
