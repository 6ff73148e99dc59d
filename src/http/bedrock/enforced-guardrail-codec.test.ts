import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Fault } from "../../kernel/index.js";
import type { EnforcedGuardrailRecord } from "../../store/index.js";
import {
  decodeConfigIdLabel, decodeListEnforcedGuardrails, decodePutEnforcedGuardrail, encodeListEnforcedGuardrails, encodePutEnforcedGuardrailOutput,
} from "./enforced-guardrail-codec.js";

const ARN = "arn:aws:bedrock:eu-west-2:111111111111:guardrail/abc123def456";
const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
const field = (f: () => unknown): string | undefined => {
  try { f(); } catch (e) { return (e as Fault).kind === "validation" ? (e as Fault).detail.field : `kind ${(e as Fault).kind}`; }
  return undefined;
};

describe("enforced guardrail codec: PutEnforcedGuardrailConfiguration", () => {
  // [request body as the SDK sends it, the decoded input]
  const accepted: [string, unknown][] = [
    ['{"guardrailInferenceConfig":{"guardrailIdentifier":"abc123def456","guardrailVersion":"1"}}',
      { guardrailIdentifier: "abc123def456", guardrailVersion: "1" }],
    [`{"configId":"cfg1","guardrailInferenceConfig":{"guardrailIdentifier":"${ARN}","guardrailVersion":"12","selectiveContentGuarding":{"system":"SELECTIVE","messages":"COMPREHENSIVE"},"modelEnforcement":{"includedModels":["ALL"],"excludedModels":["${HAIKU}"]}}}`,
      { configId: "cfg1", guardrailIdentifier: ARN, guardrailVersion: "12", selectiveContentGuarding: { system: "SELECTIVE", messages: "COMPREHENSIVE" }, modelEnforcement: { includedModels: ["ALL"], excludedModels: [HAIKU] } }],
    [`{"guardrailInferenceConfig":{"guardrailIdentifier":"g1","guardrailVersion":"1","selectiveContentGuarding":{"messages":"SELECTIVE"},"modelEnforcement":{"includedModels":["${HAIKU}"],"excludedModels":[]}}}`,
      { guardrailIdentifier: "g1", guardrailVersion: "1", selectiveContentGuarding: { messages: "SELECTIVE" }, modelEnforcement: { includedModels: [HAIKU], excludedModels: [] } }],
    // Older clients send the deprecated inputTags: HONOR means the messages' tags are honoured.
    ['{"guardrailInferenceConfig":{"guardrailIdentifier":"g1","guardrailVersion":"1","inputTags":"HONOR"}}',
      { guardrailIdentifier: "g1", guardrailVersion: "1", selectiveContentGuarding: { messages: "SELECTIVE" } }],
    ['{"guardrailInferenceConfig":{"guardrailIdentifier":"g1","guardrailVersion":"1","inputTags":"IGNORE"}}',
      { guardrailIdentifier: "g1", guardrailVersion: "1", selectiveContentGuarding: { messages: "COMPREHENSIVE" } }],
    ['{"configId":null,"guardrailInferenceConfig":{"guardrailIdentifier":"g1","guardrailVersion":"99999999","modelEnforcement":null}}',
      { guardrailIdentifier: "g1", guardrailVersion: "99999999" }],
  ];
  for (const [body, input] of accepted) {
    it(`reads ${body}`, () => assert.deepEqual(decodePutEnforcedGuardrail(JSON.parse(body)), input));
  }

  // [request body, the field the ValidationException names]
  const refused: [string, string][] = [
    ["[]", "body"],
    ["{}", "guardrailInferenceConfig"],
    ['{"guardrailInferenceConfig":{"guardrailVersion":"1"}}', "guardrailInferenceConfig.guardrailIdentifier"],
    ['{"guardrailInferenceConfig":{"guardrailIdentifier":"g1"}}', "guardrailInferenceConfig.guardrailVersion"],
    ['{"guardrailInferenceConfig":{"guardrailIdentifier":"g1","guardrailVersion":"DRAFT"}}', "guardrailInferenceConfig.guardrailVersion"],
    ['{"guardrailInferenceConfig":{"guardrailIdentifier":"g1","guardrailVersion":"0"}}', "guardrailInferenceConfig.guardrailVersion"],
    ['{"guardrailInferenceConfig":{"guardrailIdentifier":"g1","guardrailVersion":1}}', "guardrailInferenceConfig.guardrailVersion"],
    ['{"guardrailInferenceConfig":{"guardrailIdentifier":"G1","guardrailVersion":"1"}}', "guardrailInferenceConfig.guardrailIdentifier"],
    ['{"guardrailInferenceConfig":{"guardrailIdentifier":"arn:aws:bedrock:eu-west-2:111111111111:knowledge-base/x","guardrailVersion":"1"}}', "guardrailInferenceConfig.guardrailIdentifier"],
    ['{"configId":"Cfg","guardrailInferenceConfig":{"guardrailIdentifier":"g1","guardrailVersion":"1"}}', "configId"],
    ['{"configId":"","guardrailInferenceConfig":{"guardrailIdentifier":"g1","guardrailVersion":"1"}}', "configId"],
    ['{"guardrailInferenceConfig":{"guardrailIdentifier":"g1","guardrailVersion":"1"},"tags":[]}', "tags"],
    ['{"guardrailInferenceConfig":{"guardrailIdentifier":"g1","guardrailVersion":"1","trace":"enabled"}}', "guardrailInferenceConfig.trace"],
    ['{"guardrailInferenceConfig":{"guardrailIdentifier":"g1","guardrailVersion":"1","inputTags":"MAYBE"}}', "guardrailInferenceConfig.inputTags"],
    ['{"guardrailInferenceConfig":{"guardrailIdentifier":"g1","guardrailVersion":"1","inputTags":"HONOR","selectiveContentGuarding":{}}}', "guardrailInferenceConfig.inputTags"],
    ['{"guardrailInferenceConfig":{"guardrailIdentifier":"g1","guardrailVersion":"1","selectiveContentGuarding":{"system":"PARTIAL"}}}', "guardrailInferenceConfig.selectiveContentGuarding.system"],
    ['{"guardrailInferenceConfig":{"guardrailIdentifier":"g1","guardrailVersion":"1","selectiveContentGuarding":{"tools":"SELECTIVE"}}}', "guardrailInferenceConfig.selectiveContentGuarding.tools"],
    ['{"guardrailInferenceConfig":{"guardrailIdentifier":"g1","guardrailVersion":"1","modelEnforcement":{"includedModels":[]," excludedModels":[]}}}', "guardrailInferenceConfig.modelEnforcement"],
    ['{"guardrailInferenceConfig":{"guardrailIdentifier":"g1","guardrailVersion":"1","modelEnforcement":{"includedModels":[],"excludedModels":[]}}}', "guardrailInferenceConfig.modelEnforcement.includedModels"],
    ['{"guardrailInferenceConfig":{"guardrailIdentifier":"g1","guardrailVersion":"1","modelEnforcement":{"includedModels":["ALL"]}}}', "guardrailInferenceConfig.modelEnforcement.excludedModels"],
    ['{"guardrailInferenceConfig":{"guardrailIdentifier":"g1","guardrailVersion":"1","modelEnforcement":{"includedModels":["gpt4"],"excludedModels":[]}}}', "guardrailInferenceConfig.modelEnforcement.includedModels.0"],
    ['{"guardrailInferenceConfig":{"guardrailIdentifier":"g1","guardrailVersion":"1","modelEnforcement":{"includedModels":["ALL"],"excludedModels":["ALL"]}}}', "guardrailInferenceConfig.modelEnforcement.excludedModels.0"],
  ];
  for (const [body, named] of refused) {
    it(`refuses ${body}, naming ${named}`, () => assert.equal(field(() => decodePutEnforcedGuardrail(JSON.parse(body))), named));
  }

  it("refuses more than 100 models in a list", () => {
    const models = Array.from({ length: 101 }, (_, i) => `vendor.model-${i}`);
    assert.equal(field(() => decodePutEnforcedGuardrail({ guardrailInferenceConfig: { guardrailIdentifier: "g1", guardrailVersion: "1", modelEnforcement: { includedModels: models, excludedModels: [] } } })),
      "guardrailInferenceConfig.modelEnforcement.includedModels");
  });
});

describe("enforced guardrail codec: List, Delete and the outputs", () => {
  const record: EnforcedGuardrailRecord = {
    accountId: "111111111111", configId: "cfg1", guardrailArn: ARN, guardrailId: "abc123def456", guardrailVersion: "3",
    selectiveContentGuarding: { system: "COMPREHENSIVE", messages: "SELECTIVE" }, modelEnforcement: { includedModels: ["ALL"], excludedModels: [HAIKU] },
    createdAt: new Date("2026-06-01T09:00:00.000Z"), createdBy: "arn:aws:iam::111111111111:user/alice",
    updatedAt: new Date("2026-06-02T10:30:00.500Z"), updatedBy: "arn:aws:iam::111111111111:user/bob",
  };

  it("writes PutEnforcedGuardrailConfigurationResponse", () => {
    assert.deepEqual(encodePutEnforcedGuardrailOutput(record),
      JSON.parse('{"configId":"cfg1","updatedAt":"2026-06-02T10:30:00.500Z","updatedBy":"arn:aws:iam::111111111111:user/bob"}'));
  });

  it("writes ListEnforcedGuardrailsConfigurationResponse in the SDK's member names; without model enforcement the member is absent", () => {
    const { modelEnforcement: _, ...everyModel } = record;
    assert.deepEqual(encodeListEnforcedGuardrails([record, { ...everyModel, configId: "cfg2", selectiveContentGuarding: { system: "COMPREHENSIVE", messages: "COMPREHENSIVE" } }]), JSON.parse(`{"guardrailsConfig":[
      {"configId":"cfg1","guardrailArn":"${ARN}","guardrailId":"abc123def456","guardrailVersion":"3","inputTags":"HONOR",
       "selectiveContentGuarding":{"system":"COMPREHENSIVE","messages":"SELECTIVE"},"modelEnforcement":{"includedModels":["ALL"],"excludedModels":["${HAIKU}"]},
       "createdAt":"2026-06-01T09:00:00.000Z","createdBy":"arn:aws:iam::111111111111:user/alice","updatedAt":"2026-06-02T10:30:00.500Z","updatedBy":"arn:aws:iam::111111111111:user/bob","owner":"ACCOUNT"},
      {"configId":"cfg2","guardrailArn":"${ARN}","guardrailId":"abc123def456","guardrailVersion":"3","inputTags":"IGNORE",
       "selectiveContentGuarding":{"system":"COMPREHENSIVE","messages":"COMPREHENSIVE"},
       "createdAt":"2026-06-01T09:00:00.000Z","createdBy":"arn:aws:iam::111111111111:user/alice","updatedAt":"2026-06-02T10:30:00.500Z","updatedBy":"arn:aws:iam::111111111111:user/bob","owner":"ACCOUNT"}]}`));
    assert.deepEqual(encodeListEnforcedGuardrails([]), { guardrailsConfig: [] });
  });

  // [query string, the field refused, or undefined when accepted]
  const queries: [string, string | undefined][] = [["", undefined], ["nextToken=abc", "nextToken"], ["maxResults=5", "maxResults"]];
  for (const [query, named] of queries) {
    it(`ListEnforcedGuardrailsConfiguration with "${query}": ${named ?? "accepted"}`, () => assert.equal(field(() => decodeListEnforcedGuardrails(new URLSearchParams(query))), named));
  }

  // [configId path label, the field refused, or undefined when accepted]
  const labels: [string, string | undefined][] = [["cfg1", undefined], ["a".repeat(64), undefined], ["a".repeat(65), "configId"], ["CFG", "configId"], ["", "configId"], ["a/b", "configId"]];
  for (const [label, named] of labels) {
    it(`DeleteEnforcedGuardrailConfiguration configId "${label.length > 10 ? `${label.length} chars` : label}": ${named ?? "accepted"}`, () => {
      assert.equal(field(() => decodeConfigIdLabel(label)), named);
    });
  }
});
