import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isFault } from "../kernel/index.js";
import type { NotedPersonalData, RequestContext, RequestNotes } from "../kernel/index.js";
import type { Step } from "./hooks.js";
import type { Operation } from "./operation.js";
import { personalDataAdmission, personalDataWarning, withPersonalDataWarning } from "./personal-data-admission.js";

type Labels = readonly { readonly field: string; readonly value: string }[];

/** A finder that flags any value containing "@" as EMAIL: the real one has its own tests (guardrails/pii/labels.test.ts). */
const find = (labels: Labels): NotedPersonalData[] => labels.filter((l) => l.value.includes("@")).map((l) => ({ field: l.field, types: ["EMAIL"] }));

function step(labels: Labels | undefined): { step: Step; notes: RequestNotes } {
  const notes: RequestNotes = {};
  const op = { name: "CreateThing", ...(labels === undefined ? {} : { labels: () => labels }) } as unknown as Operation;
  return { step: { op, ctx: { notes } as unknown as RequestContext, resource: "arn:aws:bedrock:us-east-1:123456789012:thing/x", input: {} }, notes };
}

describe("personalDataAdmission", () => {
  const table: readonly { name: string; mode: "warn" | "refuse"; labels?: Labels; noted?: NotedPersonalData[]; refusedField?: string }[] = [
    { name: "an operation without labels is not looked at", mode: "refuse" },
    { name: "clean labels pass in refuse mode, nothing noted", mode: "refuse", labels: [{ field: "name", value: "prod" }] },
    {
      name: "warn: the call goes on, the finding is noted",
      mode: "warn", labels: [{ field: "name", value: "prod" }, { field: "tags.0.value", value: "a@b.example" }],
      noted: [{ field: "tags.0.value", types: ["EMAIL"] }],
    },
    {
      name: "refuse: a ValidationException naming the first field, and the finding noted for the audit record",
      mode: "refuse", labels: [{ field: "description", value: "x@y.example" }, { field: "tags.0.value", value: "a@b.example" }],
      noted: [{ field: "description", types: ["EMAIL"] }, { field: "tags.0.value", types: ["EMAIL"] }], refusedField: "description",
    },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const { step: s, notes } = step(row.labels);
      const admitted = personalDataAdmission(row.mode, find).admit(s);
      if (row.refusedField === undefined) await admitted;
      else {
        await assert.rejects(admitted, (error: unknown) => {
          assert.ok(isFault(error));
          assert.equal(error.kind, "validation");
          assert.equal(error.detail.field, row.refusedField);
          assert.match(error.message, /holds personal data \(EMAIL\)/);
          assert.doesNotMatch(error.message, /@/, "the value is never repeated");
          return true;
        });
      }
      assert.deepEqual(notes.personalData, row.noted);
    });
  }
});

describe("the warning header", () => {
  it("names each field and its types, never a value", () => {
    const notes: RequestNotes = { personalData: [{ field: "tags.0.value", types: ["EMAIL"] }, { field: "description", types: ["CREDIT_DEBIT_CARD_NUMBER", "PHONE"] }] };
    assert.equal(personalDataWarning(notes), "personal data (EMAIL) in tags.0.value; personal data (CREDIT_DEBIT_CARD_NUMBER, PHONE) in description");
    assert.deepEqual(withPersonalDataWarning({ a: "1" }, notes), { a: "1", "x-plinth-warning": personalDataWarning(notes) });
  });
  it("is absent when nothing was found", () => {
    assert.equal(personalDataWarning({}), undefined);
    assert.deepEqual(withPersonalDataWarning({ a: "1" }, { personalData: [] }), { a: "1" });
  });
});
