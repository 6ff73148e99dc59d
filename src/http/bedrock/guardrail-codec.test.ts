import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Fault } from "../../kernel/index.js";
import type { GuardrailPolicies } from "../../guardrails/config.js";
import { decodeCreateGuardrail, decodeListGuardrails, decodeUpdateGuardrail, decodeVersionQuery, encodeGuardrail } from "./guardrail-codec.js";

/** The field a refusal names, or undefined when the body is accepted. */
const field = (f: () => unknown): string | undefined => {
  try { f(); } catch (e) { return (e as Fault).kind === "validation" ? (e as Fault).detail.field : `kind ${(e as Fault).kind}`; }
  return undefined;
};

const BASE = { name: "g-1", blockedInputMessaging: "no", blockedOutputsMessaging: "no" };
const body = (extra: object): unknown => JSON.parse(JSON.stringify({ ...BASE, ...extra }));

describe("guardrail codec: CreateGuardrail bodies as literal JSON", () => {
  it("decodes every policy, with Bedrock's defaults for absent directions, and encodes GetGuardrail's members", () => {
    const input = decodeCreateGuardrail(JSON.parse(`{
      "name": "support_bot-2", "description": "d", "clientRequestToken": "tok-1", "tags": [{"key": "team", "value": "a"}],
      "topicPolicyConfig": {"topicsConfig": [{"name": "Investments", "definition": "advice", "examples": ["buy?"], "type": "DENY", "outputEnabled": false}],
                            "tierConfig": {"tierName": "CLASSIC"}},
      "contentPolicyConfig": {"filtersConfig": [{"type": "PROMPT_ATTACK", "inputStrength": "HIGH", "outputStrength": "NONE", "inputModalities": ["TEXT"]}]},
      "wordPolicyConfig": {"wordsConfig": [{"text": "darn", "outputAction": "NONE"}], "managedWordListsConfig": [{"type": "PROFANITY"}]},
      "sensitiveInformationPolicyConfig": {"piiEntitiesConfig": [{"type": "UK_NATIONAL_INSURANCE_NUMBER", "action": "ANONYMIZE", "outputAction": "BLOCK"}],
                                           "regexesConfig": [{"name": "acc", "pattern": "ACC-[0-9]+", "action": "BLOCK", "description": "account"}]},
      "contextualGroundingPolicyConfig": {"filtersConfig": [{"type": "GROUNDING", "threshold": 0.75}]},
      "blockedInputMessaging": "in", "blockedOutputsMessaging": "out"
    }`));
    const on = { inputEnabled: true, outputEnabled: true };
    assert.deepEqual(input, {
      name: "support_bot-2", description: "d", clientRequestToken: "tok-1", tags: [{ key: "team", value: "a" }],
      policies: {
        topics: [{ name: "Investments", definition: "advice", examples: ["buy?"], type: "DENY", inputAction: "BLOCK", outputAction: "BLOCK", inputEnabled: true, outputEnabled: false }],
        contentFilters: [{ type: "PROMPT_ATTACK", inputStrength: "HIGH", outputStrength: "NONE", inputAction: "BLOCK", outputAction: "BLOCK", ...on }],
        words: [{ text: "darn", inputAction: "BLOCK", outputAction: "NONE", ...on }],
        managedWordLists: [{ type: "PROFANITY", inputAction: "BLOCK", outputAction: "BLOCK", ...on }],
        piiEntities: [{ type: "UK_NATIONAL_INSURANCE_NUMBER", inputAction: "ANONYMIZE", outputAction: "BLOCK", ...on }],
        regexes: [{ name: "acc", description: "account", pattern: "ACC-[0-9]+", inputAction: "BLOCK", outputAction: "BLOCK", ...on }],
        grounding: [{ type: "GROUNDING", threshold: 0.75, action: "BLOCK", enabled: true }],
        topicsTier: "CLASSIC", contentFiltersTier: "CLASSIC", groundingTier: "CLASSIC",
        blockedInputMessaging: "in", blockedOutputsMessaging: "out",
      },
    });
    const at = new Date("2025-07-01T10:00:00.000Z");
    const out = encodeGuardrail({ id: "abcdefabcdef", arn: "arn", name: "n", version: "DRAFT", status: "READY", policies: input.policies, createdAt: at, updatedAt: at });
    assert.deepEqual(out["sensitiveInformationPolicy"], {
      piiEntities: [{ type: "UK_NATIONAL_INSURANCE_NUMBER", action: "ANONYMIZE", inputAction: "ANONYMIZE", outputAction: "BLOCK", ...on }],
      regexes: [{ name: "acc", description: "account", pattern: "ACC-[0-9]+", action: "BLOCK", inputAction: "BLOCK", outputAction: "BLOCK", ...on }],
    });
    assert.deepEqual(out["contextualGroundingPolicy"], { filters: [{ type: "GROUNDING", threshold: 0.75, action: "BLOCK", enabled: true }], tier: { tierName: "CLASSIC" } });
    assert.deepEqual([out["status"], out["version"], out["createdAt"], out["blockedOutputsMessaging"]], ["READY", "DRAFT", "2025-07-01T10:00:00.000Z", "out"]);
    assert.equal(out["kmsKeyArn"], undefined);
  });

  it("kmsKeyId is taken as named on create and update (resolved in the service); GetGuardrail shows kmsKeyArn when there is one", () => {
    for (const id of ["alias/guardrails", "1234abcd-12ab-34cd-56ef-1234567890ab", "arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]) {
      assert.equal(decodeCreateGuardrail(body({ kmsKeyId: id })).kmsKeyId, id);
      assert.equal(decodeUpdateGuardrail(body({ kmsKeyId: id })).kmsKeyId, id);
    }
    assert.equal(decodeCreateGuardrail(body({})).kmsKeyId, undefined);
    const at = new Date(0);
    const keyArn = "arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const out = encodeGuardrail({ id: "abcdefabcdef", arn: "arn", name: "n", version: "1", status: "READY", policies: { blockedInputMessaging: "a", blockedOutputsMessaging: "b" }, kmsKeyArn: keyArn, createdAt: at, updatedAt: at });
    assert.equal(out["kmsKeyArn"], keyArn);
  });

  const refusals: Array<[string, object, string]> = [
    ["an unknown PII type", { sensitiveInformationPolicyConfig: { piiEntitiesConfig: [{ type: "UK_POSTCODE", action: "BLOCK" }] } }, "sensitiveInformationPolicyConfig.piiEntitiesConfig.0.type"],
    ["an unknown PII action", { sensitiveInformationPolicyConfig: { piiEntitiesConfig: [{ type: "EMAIL", action: "MASK" }] } }, "sensitiveInformationPolicyConfig.piiEntitiesConfig.0.action"],
    ["a PII type twice", { sensitiveInformationPolicyConfig: { piiEntitiesConfig: [{ type: "EMAIL", action: "BLOCK" }, { type: "EMAIL", action: "NONE" }] } }, "sensitiveInformationPolicyConfig.piiEntitiesConfig.1.type"],
    ["an empty sensitive information policy", { sensitiveInformationPolicyConfig: {} }, "sensitiveInformationPolicyConfig"],
    ["eleven regexes", { sensitiveInformationPolicyConfig: { regexesConfig: Array.from({ length: 11 }, (_, i) => ({ name: `r${i}`, pattern: "x", action: "BLOCK" })) } }, "sensitiveInformationPolicyConfig.regexesConfig"],
    ["a 501-character pattern", { sensitiveInformationPolicyConfig: { regexesConfig: [{ name: "r", pattern: "x".repeat(501), action: "BLOCK" }] } }, "sensitiveInformationPolicyConfig.regexesConfig.0.pattern"],
    ["31 topics", { topicPolicyConfig: { topicsConfig: Array.from({ length: 31 }, (_, i) => ({ name: `t${i}`, definition: "d", type: "DENY" })) } }, "topicPolicyConfig.topicsConfig"],
    ["a topic name outside the pattern", { topicPolicyConfig: { topicsConfig: [{ name: "a/b", definition: "d", type: "DENY" }] } }, "topicPolicyConfig.topicsConfig.0.name"],
    ["six examples", { topicPolicyConfig: { topicsConfig: [{ name: "t", definition: "d", type: "DENY", examples: ["1", "2", "3", "4", "5", "6"] }] } }, "topicPolicyConfig.topicsConfig.0.examples"],
    ["a 201-character definition", { topicPolicyConfig: { topicsConfig: [{ name: "t", definition: "d".repeat(201), type: "DENY" }] } }, "topicPolicyConfig.topicsConfig.0.definition"],
    ["an unknown tier", { topicPolicyConfig: { topicsConfig: [{ name: "t", definition: "d", type: "DENY" }], tierConfig: { tierName: "GOLD" } } }, "topicPolicyConfig.tierConfig.tierName"],
    ["a 201-character definition on the CLASSIC tier named", { topicPolicyConfig: { topicsConfig: [{ name: "t", definition: "d".repeat(201), type: "DENY" }], tierConfig: { tierName: "CLASSIC" } } }, "topicPolicyConfig.topicsConfig.0.definition"],
    ["a 1001-character definition on the STANDARD tier", { topicPolicyConfig: { topicsConfig: [{ name: "t", definition: "d".repeat(1001), type: "DENY" }], tierConfig: { tierName: "STANDARD" } } }, "topicPolicyConfig.topicsConfig.0.definition"],
    ["a 101-character example on the STANDARD tier", { topicPolicyConfig: { topicsConfig: [{ name: "t", definition: "d", type: "DENY", examples: ["e".repeat(101)] }], tierConfig: { tierName: "STANDARD" } } }, "topicPolicyConfig.topicsConfig.0.examples.0"],
    ["a tierConfig without tierName", { contentPolicyConfig: { filtersConfig: [{ type: "HATE", inputStrength: "HIGH", outputStrength: "LOW" }], tierConfig: {} } }, "contentPolicyConfig.tierConfig.tierName"],
    ["an unknown member of tierConfig", { contextualGroundingPolicyConfig: { filtersConfig: [{ type: "RELEVANCE", threshold: 0.5 }], tierConfig: { tierName: "STANDARD", level: 2 } } }, "contextualGroundingPolicyConfig.tierConfig.level"],
    ["10001 words", { wordPolicyConfig: { wordsConfig: Array.from({ length: 10_001 }, () => ({ text: "w" })) } }, "wordPolicyConfig.wordsConfig"],
    ["a 101-character word", { wordPolicyConfig: { wordsConfig: [{ text: "w".repeat(101) }] } }, "wordPolicyConfig.wordsConfig.0.text"],
    ["a managed list other than PROFANITY", { wordPolicyConfig: { managedWordListsConfig: [{ type: "SLURS" }] } }, "wordPolicyConfig.managedWordListsConfig.0.type"],
    ["prompt attack on output", { contentPolicyConfig: { filtersConfig: [{ type: "PROMPT_ATTACK", inputStrength: "HIGH", outputStrength: "LOW" }] } }, "contentPolicyConfig.filtersConfig.0.outputStrength"],
    ["an image modality", { contentPolicyConfig: { filtersConfig: [{ type: "HATE", inputStrength: "HIGH", outputStrength: "LOW", inputModalities: ["IMAGE"] }] } }, "contentPolicyConfig.filtersConfig.0.inputModalities.0"],
    ["a filter type twice", { contentPolicyConfig: { filtersConfig: [{ type: "HATE", inputStrength: "HIGH", outputStrength: "LOW" }, { type: "HATE", inputStrength: "LOW", outputStrength: "LOW" }] } }, "contentPolicyConfig.filtersConfig.1.type"],
    ["a non-boolean enabled", { contentPolicyConfig: { filtersConfig: [{ type: "HATE", inputStrength: "HIGH", outputStrength: "LOW", inputEnabled: "yes" }] } }, "contentPolicyConfig.filtersConfig.0.inputEnabled"],
    ["a grounding threshold of 1", { contextualGroundingPolicyConfig: { filtersConfig: [{ type: "RELEVANCE", threshold: 1 }] } }, "contextualGroundingPolicyConfig.filtersConfig.0.threshold"],
    ["a 51-character name", { name: "n".repeat(51) }, "name"],
    ["a name with a space", { name: "my guardrail" }, "name"],
    ["an empty blocked message", { blockedInputMessaging: "" }, "blockedInputMessaging"],
    ["a 501-character blocked message", { blockedOutputsMessaging: "m".repeat(501) }, "blockedOutputsMessaging"],
    ["an empty kmsKeyId", { kmsKeyId: "" }, "kmsKeyId"],
    ["a kmsKeyId with a space", { kmsKeyId: "alias/my key" }, "kmsKeyId"],
    ["a kmsKeyId that is not a string", { kmsKeyId: 7 }, "kmsKeyId"],
    ["automated reasoning", { automatedReasoningPolicyConfig: { policies: ["arn"] } }, "automatedReasoningPolicyConfig"],
    ["a cross-region config without a profile", { crossRegionConfig: {} }, "crossRegionConfig.guardrailProfileIdentifier"],
    ["a cross-region config with an unknown member", { crossRegionConfig: { guardrailProfileIdentifier: "eu.guardrail.v1:0", region: "eu" } }, "crossRegionConfig.region"],
    ["a 14-character profile identifier", { crossRegionConfig: { guardrailProfileIdentifier: "eu.guardrail.v" } }, "crossRegionConfig.guardrailProfileIdentifier"],
    ["an unknown member", { colour: "red" }, "colour"],
    ["an unknown member of a topic", { topicPolicyConfig: { topicsConfig: [{ name: "t", definition: "d", type: "DENY", colour: 1 }] } }, "topicPolicyConfig.topicsConfig.0.colour"],
  ];
  for (const [what, extra, expected] of refusals) {
    it(`refuses ${what}, naming ${expected}`, () => assert.equal(field(() => decodeCreateGuardrail(body(extra))), expected));
  }

  it("a CLASSIC refusal of a long definition says STANDARD allows 1000, never quoting the definition", () => {
    const secret = "s".repeat(300);
    try {
      decodeCreateGuardrail(body({ topicPolicyConfig: { topicsConfig: [{ name: "t", definition: secret, type: "DENY" }] } }));
      assert.fail("accepted");
    } catch (e) {
      assert.match((e as Fault).message, /less than or equal to 200 on the CLASSIC tier .*STANDARD allows 1000/);
      assert.ok(!(e as Fault).message.includes(secret.slice(0, 20)));
    }
  });

  it("reads crossRegionConfig's profile as written (the service resolves it for the region), on create and update", () => {
    assert.equal(decodeCreateGuardrail(body({ crossRegionConfig: { guardrailProfileIdentifier: "eu.guardrail.v1:0" } })).crossRegionProfile, "eu.guardrail.v1:0");
    assert.equal(decodeUpdateGuardrail(body({ crossRegionConfig: { guardrailProfileIdentifier: "us.guardrail.v1:0" } })).crossRegionProfile, "us.guardrail.v1:0");
    assert.equal(decodeCreateGuardrail(body({})).crossRegionProfile, undefined);
  });

  it("refuses a missing name or blocked message, and tags on UpdateGuardrail", () => {
    assert.equal(field(() => decodeCreateGuardrail({ blockedInputMessaging: "a", blockedOutputsMessaging: "b" })), "name");
    assert.equal(field(() => decodeCreateGuardrail({ name: "n", blockedInputMessaging: "a" })), "blockedOutputsMessaging");
    assert.equal(field(() => decodeUpdateGuardrail(body({ tags: [] }))), "tags");
    assert.equal(field(() => decodeUpdateGuardrail(body({ clientRequestToken: "t" }))), "clientRequestToken");
  });
});

describe("guardrail codec: policy tiers", () => {
  const topics = (definition: string, tierName?: string) => ({ topicPolicyConfig: { topicsConfig: [{ name: "t", definition, type: "DENY" }], ...(tierName ? { tierConfig: { tierName } } : {}) } });
  const filters = (tierName?: string) => ({ contentPolicyConfig: { filtersConfig: [{ type: "HATE", inputStrength: "HIGH", outputStrength: "LOW" }], ...(tierName ? { tierConfig: { tierName } } : {}) } });
  const grounding = (tierName?: string) => ({ contextualGroundingPolicyConfig: { filtersConfig: [{ type: "RELEVANCE", threshold: 0.5 }], ...(tierName ? { tierConfig: { tierName } } : {}) } });
  const rows: Array<[string, object, Record<string, string | undefined>]> = [
    ["no tierConfig is CLASSIC", { ...topics("d"), ...filters(), ...grounding() }, { topicsTier: "CLASSIC", contentFiltersTier: "CLASSIC", groundingTier: "CLASSIC" }],
    ["each policy keeps its own tier", { ...topics("d", "STANDARD"), ...filters("CLASSIC"), ...grounding("STANDARD") }, { topicsTier: "STANDARD", contentFiltersTier: "CLASSIC", groundingTier: "STANDARD" }],
    ["a 200-character definition on CLASSIC", topics("d".repeat(200)), { topicsTier: "CLASSIC", contentFiltersTier: undefined, groundingTier: undefined }],
    ["a 1000-character definition on STANDARD", topics("d".repeat(1000), "STANDARD"), { topicsTier: "STANDARD", contentFiltersTier: undefined, groundingTier: undefined }],
    ["no tiered policy, no tier", { wordPolicyConfig: { wordsConfig: [{ text: "w" }] } }, { topicsTier: undefined, contentFiltersTier: undefined, groundingTier: undefined }],
  ];
  for (const [what, extra, tiers] of rows) {
    it(`${what}: decoded, and answered by GetGuardrail`, () => {
      const { policies } = decodeCreateGuardrail(body(extra));
      assert.deepEqual({ topicsTier: policies.topicsTier, contentFiltersTier: policies.contentFiltersTier, groundingTier: policies.groundingTier }, tiers);
      const at = new Date(0);
      const out = encodeGuardrail({ id: "abcdefabcdef", arn: "arn", name: "n", version: "1", status: "READY", policies, createdAt: at, updatedAt: at }) as Record<string, { tier?: unknown } | undefined>;
      const answered = (member: string) => out[member] === undefined ? undefined : (out[member]!.tier as { tierName: string }).tierName;
      assert.deepEqual({ topicsTier: answered("topicPolicy"), contentFiltersTier: answered("contentPolicy"), groundingTier: answered("contextualGroundingPolicy") }, tiers);
    });
  }

  it("a configuration stored before tiers were kept is answered CLASSIC", () => {
    const stored = JSON.parse(JSON.stringify({
      topics: [{ name: "t", definition: "d", examples: [], type: "DENY", inputAction: "BLOCK", outputAction: "BLOCK", inputEnabled: true, outputEnabled: true }],
      contentFilters: [{ type: "HATE", inputStrength: "HIGH", outputStrength: "LOW", inputAction: "BLOCK", outputAction: "BLOCK", inputEnabled: true, outputEnabled: true }],
      grounding: [{ type: "GROUNDING", threshold: 0.5, action: "BLOCK", enabled: true }],
      blockedInputMessaging: "a", blockedOutputsMessaging: "b",
    })) as GuardrailPolicies;
    const at = new Date(0);
    const out = encodeGuardrail({ id: "abcdefabcdef", arn: "arn", name: "n", version: "1", status: "READY", policies: stored, createdAt: at, updatedAt: at });
    for (const member of ["topicPolicy", "contentPolicy", "contextualGroundingPolicy"]) assert.deepEqual((out[member] as { tier: unknown }).tier, { tierName: "CLASSIC" }, member);
  });
});

describe("guardrail codec: labels and queries", () => {
  const cases: Array<[string, () => unknown, string | undefined]> = [
    ["an id", () => decodeVersionQuery("abcdef123456", new URLSearchParams()), undefined],
    ["an ARN and a version", () => decodeVersionQuery("arn:aws:bedrock:eu-west-2:123456789012:guardrail/abc", new URLSearchParams("guardrailVersion=12")), undefined],
    ["DRAFT", () => decodeVersionQuery("abc", new URLSearchParams("guardrailVersion=DRAFT")), undefined],
    ["version 0", () => decodeVersionQuery("abc", new URLSearchParams("guardrailVersion=0")), "guardrailVersion"],
    ["an upper-case id", () => decodeVersionQuery("ABC", new URLSearchParams()), "guardrailIdentifier"],
    ["another resource type's ARN", () => decodeVersionQuery("arn:aws:bedrock:eu-west-2:123456789012:custom-model/abc", new URLSearchParams()), "guardrailIdentifier"],
    ["an unknown query parameter", () => decodeVersionQuery("abc", new URLSearchParams("version=1")), "version"],
    ["maxResults 0", () => decodeListGuardrails(new URLSearchParams("maxResults=0")), "maxResults"],
    ["maxResults 1001", () => decodeListGuardrails(new URLSearchParams("maxResults=1001")), "maxResults"],
  ];
  for (const [what, f, expected] of cases) it(`${what}: ${expected ?? "accepted"}`, () => assert.equal(field(f), expected));

  it("ListGuardrails reads its query, 20 a page by default", () => {
    assert.deepEqual(decodeListGuardrails(new URLSearchParams()), { maxResults: 20 });
    assert.deepEqual(decodeListGuardrails(new URLSearchParams("guardrailIdentifier=abc&maxResults=5&nextToken=gx")), { identifier: "abc", maxResults: 5, nextToken: "gx" });
  });
});
