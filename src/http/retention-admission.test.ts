import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fault } from "../kernel/index.js";
import type { RequestContext, RequestNotes } from "../kernel/index.js";
import { AccountRetention } from "../service/data-retention/index.js";
import type { DataRetentionMode } from "../service/data-retention/index.js";
import type { DataRetentionRecord } from "../store/index.js";
import type { Step } from "./hooks.js";
import type { Operation } from "./operation.js";
import { retentionAdmission } from "./retention-admission.js";

const ACCOUNT = "111111111111";

async function admissionIn(mode?: DataRetentionMode) {
  const rows = new Map<string, DataRetentionRecord>();
  const retention = new AccountRetention({ get: async (a, r) => rows.get(`${a}/${r}`), put: async (r) => { rows.set(`${r.accountId}/${r.region}`, r); } }, "eu-west-2", { now: () => new Date(0) });
  if (mode) await retention.put(ACCOUNT, mode);
  return retentionAdmission(retention, new Set(["hosted"]));
}

/** One step of the pipeline: an operation authorised as `action`, with `input` as resolved. */
function step(action: string, input: unknown): { step: Step; notes: RequestNotes } {
  const notes: RequestNotes = {};
  const ctx = { principal: { accountId: ACCOUNT }, notes } as unknown as RequestContext;
  return { step: { op: { name: "Op", action } as Operation, ctx, resource: "*", input }, notes };
}

const served = (providerId: string) => ({
  modelId: "m", resolution: { modelId: "m", arn: "arn", entry: { model: { modelId: "meta.llama3-1-8b-instruct-v1:0", providerId } } },
});

async function refusal(p: Promise<void>): Promise<Fault> {
  try { await p; } catch (e) { assert.ok(e instanceof Fault); return e; }
  assert.fail("expected a refusal");
}

describe("the data-retention admission", () => {
  it("under none (never chosen) refuses a retaining provider's model, naming it, and notes the mode", async () => {
    const admit = await admissionIn();
    for (const action of ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:CountTokens"]) {
      const { step: s, notes } = step(action, served("hosted"));
      const f = await refusal(admit.admit(s));
      assert.equal(f.kind, "validation");
      assert.match(f.message, /meta\.llama3-1-8b-instruct-v1:0/);
      assert.equal(notes.retentionMode, "none");
    }
  });

  it("under none serves a provider that keeps nothing", async () => {
    const admit = await admissionIn();
    const { step: s, notes } = step("bedrock:InvokeModel", served("local"));
    await admit.admit(s);
    assert.equal(notes.retentionMode, "none");
  });

  it("under provider_data_share serves the retaining provider", async () => {
    const admit = await admissionIn("provider_data_share");
    const { step: s, notes } = step("bedrock:InvokeModel", served("hosted"));
    await admit.admit(s);
    assert.equal(notes.retentionMode, "provider_data_share");
  });

  it("under aws_review still refuses the retaining provider; inherit and default are none", async () => {
    for (const mode of ["aws_review", "inherit", "default"] as const) {
      const admit = await admissionIn(mode);
      const { step: s, notes } = step("bedrock:InvokeModel", served("hosted"));
      await refusal(admit.admit(s));
      assert.equal(notes.retentionMode, mode === "aws_review" ? "aws_review" : "none");
    }
  });

  it("a request on any surface that asks the service to keep content is refused under none, naming the field", async () => {
    const admit = await admissionIn();
    const { step: s } = step("bedrock:CreateModelInvocationJob", { retentionRequested: "background" });
    const f = await refusal(admit.admit(s));
    assert.equal(f.detail.field, "background");
    const shared = await admissionIn("aws_review");
    await shared.admit(step("bedrock:InvokeModel", { ...served("local"), retentionRequested: "store" }).step);
  });

  it("leaves other operations alone, without reading the mode", async () => {
    const admit = await admissionIn();
    const { step: s, notes } = step("iam:GetUser", served("hosted"));
    await admit.admit(s);
    assert.equal(notes.retentionMode, undefined);
  });

  it("passes a model that did not resolve: invoking it answers not-found", async () => {
    const admit = await admissionIn();
    await admit.admit(step("bedrock:InvokeModel", { modelId: "nope", resolution: { modelId: "nope", arn: "arn" } }).step);
  });
});
