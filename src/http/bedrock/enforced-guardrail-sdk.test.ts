import { describe, it } from "node:test";
import type { TestContext } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BedrockClient, DeleteEnforcedGuardrailConfigurationCommand, ListEnforcedGuardrailsConfigurationCommand, PutEnforcedGuardrailConfigurationCommand,
  ResourceNotFoundException, ServiceQuotaExceededException, ValidationException,
} from "@aws-sdk/client-bedrock";
import { Fault, fixedClock } from "../../kernel/index.js";
import type { RequestContext } from "../../kernel/index.js";
import type { GuardrailDirectory } from "../../service/guardrails/directory.js";
import { EnforcedGuardrails, MAX_ENFORCED_CONFIGS_PER_ACCOUNT } from "../../service/guardrails/enforced.js";
import { openStore } from "../../store/index.js";
import type { Operation } from "../operation.js";
import { CLIENT, inProcess, principalOf } from "../organizations/in-process.fixture.js";
import { ENFORCED_GUARDRAIL_OPERATION_NAMES, enforcedGuardrailOperations } from "./enforced-guardrail-routes.js";

/**
 * @aws-sdk/client-bedrock against the enforced guardrail routes, in-process over a real SQLite
 * store: the SDK's URIs and member names, timestamps it parses, errors as its modelled exceptions.
 */
const ACCOUNT = "111111111111";
const AT = new Date("2026-06-01T09:00:00.000Z");
const ARN = `arn:aws:bedrock:eu-west-2:${ACCOUNT}:guardrail/g1`;

const directory: GuardrailDirectory = {
  async resolveForInference(account, identifier, version) {
    if (account !== ACCOUNT || !(identifier === ARN || identifier === "g1") || version !== "1") throw new Fault("not-found", "The guardrail named was not found");
    return { arn: ARN, guardrailId: "g1", version, revision: "r", policies: { blockedInputMessaging: "no", blockedOutputsMessaging: "no" } };
  },
};

async function setup(t: TestContext) {
  const dataDir = await mkdtemp(join(tmpdir(), "plinth-enforced-sdk-"));
  const store = await openStore({ dataDir, clock: fixedClock(AT) });
  t.after(async () => { await store.close(); await rm(dataDir, { recursive: true, force: true }); });
  await store.identity.createAccount({ accountId: ACCOUNT, name: "a", createdAt: AT, isManagement: false });
  const operations = enforcedGuardrailOperations(new EnforcedGuardrails(store.enforcedGuardrails, directory, "eu-west-2", fixedClock(AT)));
  // The pipeline gives every request its notes; the in-process fixture does not.
  const withNotes = operations.map((op): Operation => ({ ...op, invoke: (input, ctx) => op.invoke(input, { ...ctx, notes: {} } as RequestContext) }));
  const handler = inProcess(withNotes, () => principalOf(ACCOUNT));
  return { operations, sdk: new BedrockClient({ ...CLIENT, requestHandler: handler }) };
}

describe("Bedrock enforced guardrails through @aws-sdk/client-bedrock", () => {
  it("declares the three operations as bedrock:<Name> on *", async (t) => {
    const { operations } = await setup(t);
    assert.deepEqual(operations.map((o) => [o.name, o.method, o.path, o.action]), [
      ["PutEnforcedGuardrailConfiguration", "PUT", "/enforcedGuardrailsConfiguration", "bedrock:PutEnforcedGuardrailConfiguration"],
      ["ListEnforcedGuardrailsConfiguration", "GET", "/enforcedGuardrailsConfiguration", "bedrock:ListEnforcedGuardrailsConfiguration"],
      ["DeleteEnforcedGuardrailConfiguration", "DELETE", "/enforcedGuardrailsConfiguration/{configId}", "bedrock:DeleteEnforcedGuardrailConfiguration"],
    ]);
    assert.deepEqual(operations.map((o) => o.name), [...ENFORCED_GUARDRAIL_OPERATION_NAMES]);
    assert.deepEqual(operations.map((o) => o.resource({} as never, {} as RequestContext)), ["*", "*", "*"]);
    assert.deepEqual(operations[0]!.auditParameters?.({ configId: "c1", guardrailIdentifier: "g1", guardrailVersion: "1" } as never),
      { configId: "c1", guardrailIdentifier: "g1", guardrailVersion: "1" });
  });

  it("puts, lists, updates and deletes a configuration in the SDK's shapes", async (t) => {
    const { sdk } = await setup(t);
    const put = await sdk.send(new PutEnforcedGuardrailConfigurationCommand({
      guardrailInferenceConfig: { guardrailIdentifier: "g1", guardrailVersion: "1", modelEnforcement: { includedModels: ["ALL"], excludedModels: [] } },
    }));
    assert.match(put.configId!, /^[a-z0-9]{12}$/);
    assert.deepEqual(put.updatedAt, AT);
    assert.equal(put.updatedBy, principalOf(ACCOUNT).arn);
    const listed = await sdk.send(new ListEnforcedGuardrailsConfigurationCommand({}));
    assert.deepEqual(listed.guardrailsConfig, [{
      configId: put.configId, guardrailArn: ARN, guardrailId: "g1", guardrailVersion: "1", inputTags: "IGNORE",
      selectiveContentGuarding: { system: "COMPREHENSIVE", messages: "COMPREHENSIVE" }, modelEnforcement: { includedModels: ["ALL"], excludedModels: [] },
      createdAt: AT, createdBy: principalOf(ACCOUNT).arn, updatedAt: AT, updatedBy: principalOf(ACCOUNT).arn, owner: "ACCOUNT",
    }]);
    await sdk.send(new PutEnforcedGuardrailConfigurationCommand({
      configId: put.configId, guardrailInferenceConfig: { guardrailIdentifier: ARN, guardrailVersion: "1", selectiveContentGuarding: { messages: "SELECTIVE" } },
    }));
    const after = (await sdk.send(new ListEnforcedGuardrailsConfigurationCommand({}))).guardrailsConfig!;
    assert.deepEqual([after.length, after[0]!.inputTags, after[0]!.modelEnforcement], [1, "HONOR", undefined]);
    await sdk.send(new DeleteEnforcedGuardrailConfigurationCommand({ configId: put.configId }));
    assert.deepEqual((await sdk.send(new ListEnforcedGuardrailsConfigurationCommand({}))).guardrailsConfig, []);
    await assert.rejects(sdk.send(new DeleteEnforcedGuardrailConfigurationCommand({ configId: put.configId })), ResourceNotFoundException);
  });

  it("answers ValidationException for a DRAFT version, ResourceNotFoundException for an unknown guardrail, ServiceQuotaExceededException past the quota", async (t) => {
    const { sdk } = await setup(t);
    const put = (guardrailVersion: string, guardrailIdentifier = "g1") => sdk.send(new PutEnforcedGuardrailConfigurationCommand({ guardrailInferenceConfig: { guardrailIdentifier, guardrailVersion } }));
    await assert.rejects(put("DRAFT"), (e: unknown) => e instanceof ValidationException && /guardrailVersion/.test(e.message));
    await assert.rejects(put("1", "nosuch"), ResourceNotFoundException);
    for (let i = 0; i < MAX_ENFORCED_CONFIGS_PER_ACCOUNT; i++) await put("1");
    await assert.rejects(put("1"), ServiceQuotaExceededException);
  });
});
