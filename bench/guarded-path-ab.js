// What a guarded call spends around its evaluation, builds side by side in one process (issue 11):
//
//   npx tsc -p tsconfig.json && node bench/guarded-path-ab.js [BUILD_DIR ...]   (default: dist)
//
// Each BUILD_DIR is a compiled tree (dist/, or a copy of an older build's dist/). For each, the
// guardrail runtime is wired as compose/guardrails.ts wires it, over a real SQLite store, the
// envelope secret box and plinth's KMS (the account's default key), with the bench guardrail
// (bench/guardrail-fixture.ts) made through the control plane and its version 1 named. One
// "call" is what a guarded Converse does around the evaluation: authorising the guardrail's use
// (useOf: tags and customer key), opening its sessions for the same request (open: resolve, key
// state, compiled cache) and one input check with an evaluator that reads nothing. Rounds
// alternate the builds (order flipped each round); CPU per call from process.cpuUsage.
import { mkdtemp, rm } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const builds = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["dist"];
const ROUNDS = Number(process.env.ROUNDS ?? 10);
const CALLS = Number(process.env.CALLS ?? 2000);
const ACCOUNT = "210987654321";

async function wire(dir) {
  const at = (p) => import(pathToFileURL(resolve(dir, p)).href);
  const { openStore } = await at("src/store/index.js");
  const { EnvelopeSecretBox, RootKey, rootKeyring } = await at("src/crypto/index.js");
  const { systemClock, sensitive } = await at("src/kernel/index.js");
  const { KmsEnvelopeKeys } = await at("src/service/kms/envelope-keys.js");
  const { GuardrailControl } = await at("src/service/guardrails/control.js");
  const { GuardrailRuntime } = await at("src/service/guardrails/runtime.js");
  const { benchPolicies } = await at("bench/guardrail-fixture.js");
  const data = await mkdtemp(join(tmpdir(), "plinth-guarded-path-"));
  const store = await openStore({ dataDir: data });
  await store.identity.createAccount({ accountId: ACCOUNT, name: "a", createdAt: new Date(), isManagement: false });
  const root = rootKeyring(new RootKey(randomBytes(32)));
  const rootBox = new EnvelopeSecretBox(root);
  const keys = new KmsEnvelopeKeys({ store: store.kms, rootBox, clock: systemClock, region: "eu-west-2" });
  const box = new EnvelopeSecretBox(root, { keys });
  const control = new GuardrailControl({ store: store.guardrails, box, clock: systemClock, region: "eu-west-2", validate: () => undefined, keys });
  const id = control.newId();
  const { arn } = await control.create(ACCOUNT, id, { name: "bench", policies: benchPolicies(), tags: [] });
  await control.createVersion(await control.target(id, ACCOUNT), undefined);
  const none = {
    action: "NONE", blocked: false, outputs: sensitive(["hello"]), assessment: sensitive({}),
    usage: { topicPolicyUnits: 0, contentPolicyUnits: 0, wordPolicyUnits: 0, sensitiveInformationPolicyUnits: 0, sensitiveInformationPolicyFreeUnits: 0, contextualGroundingPolicyUnits: 0 },
    facts: { action: "NONE", source: "INPUT", policies: [], entities: {}, contentFilters: [], topics: 0, words: 0, latencyMs: 0 },
  };
  const engine = { compile: (p) => p, scanner: () => { throw new Error("not streamed"); }, evaluate: async () => none };
  // As compose/guardrails.ts wires it; the last argument is the older wiring's (target, then
  // customerKey), which a build whose control plane can `locate` does not call.
  const runtime = new GuardrailRuntime(control, engine, () => {}, undefined, async (a, g) => (await control.target(g, a)).tags,
    async (a, g, version) => {
      const target = await control.target(g, a);
      const key = await control.customerKey(target, version);
      return { tags: target.tags, ...(key ? { customerKeyArn: key.arn } : {}) };
    });
  const conversation = { system: [], messages: [{ role: "user", content: [{ type: "text", text: "hello" }] }] };
  const call = async () => {
    const ctx = { signal: new AbortController().signal, notes: {}, receivedAt: new Date(), principal: { accountId: ACCOUNT } };
    await runtime.useOf(ACCOUNT, arn, "1", ctx);
    const [session] = await runtime.open({ identifier: arn, version: "1" }, "model", ctx);
    await session.input(conversation);
  };
  return { dir, call, close: async () => { await store.close(); await rm(data, { recursive: true, force: true }); } };
}

const wired = [];
for (const b of builds) wired.push(await wire(b));
for (const w of wired) for (let i = 0; i < 500; i++) await w.call();
const perCall = new Map(wired.map((w) => [w.dir, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const w of round % 2 === 0 ? wired : [...wired].reverse()) {
    const start = process.cpuUsage();
    for (let i = 0; i < CALLS; i++) await w.call();
    const used = process.cpuUsage(start);
    perCall.get(w.dir).push((used.user + used.system) / CALLS / 1000);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const w of wired) {
  const xs = perCall.get(w.dir);
  console.log(`${w.dir}: CPU per guarded call around the evaluation, median of ${ROUNDS} rounds × ${CALLS}: ${median(xs).toFixed(3)} ms (rounds ${xs.map((x) => x.toFixed(3)).join(" ")})`);
  await w.close();
}
