import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { personalDataInLabels, piiFinder, tagLabels } from "./index.js";

describe("personalDataInLabels", () => {
  const flagged: readonly { value: string; types: readonly string[] }[] = [
    { value: "owner jane.doe@example.com", types: ["EMAIL"] },
    { value: "on-call +44 20 7946 0958", types: ["PHONE"] },
    { value: "card 4111 1111 1111 1111", types: ["CREDIT_DEBIT_CARD_NUMBER"] },
    { value: "NI number AB123456C", types: ["UK_NATIONAL_INSURANCE_NUMBER"] },
    { value: "SSN: 219-09-9999", types: ["US_SOCIAL_SECURITY_NUMBER"] },
    { value: "AKIAIOSFODNN7EXAMPLE", types: ["AWS_ACCESS_KEY"] },
    { value: "a@b.example and 4111111111111111", types: ["CREDIT_DEBIT_CARD_NUMBER", "EMAIL"] },
  ];
  for (const row of flagged) {
    it(`flags ${row.types.join("+")} in "${row.value}"`, () => {
      assert.deepEqual(personalDataInLabels([{ field: "description", value: row.value }], piiFinder), [{ field: "description", types: row.types }]);
    });
  }

  // What resources are really called: none of these may warn, or the warning is noise.
  const clean = [
    "prod-guardrail", "Customer support bot", "team-alice", "claude-3-haiku profile for finance", "cost-center",
    "CC-1234", "2025-07-01", "v1.2.3", "eu-west-2", "Jane's experiment", "42nd street demo", "arn:aws:bedrock:us-east-1:123456789012:guardrail/abc",
    "owner", "data-science", "",
  ];
  for (const value of clean) {
    it(`leaves "${value}" alone`, () => {
      assert.deepEqual(personalDataInLabels([{ field: "name", value }], piiFinder), []);
    });
  }

  it("names each tag key and value by its request field", () => {
    const labels = tagLabels([{ key: "env", value: "prod" }, { key: "owner", value: "bob@example.com" }]);
    assert.deepEqual(labels.map((l) => l.field), ["tags.0.key", "tags.0.value", "tags.1.key", "tags.1.value"]);
    assert.deepEqual(personalDataInLabels(labels, piiFinder), [{ field: "tags.1.value", types: ["EMAIL"] }]);
  });
});
