import { compileGuardrail, DEFAULT_BUDGET_MS, evaluateSliced, OutputScanner, trainedClassifier } from "../guardrails/index.js";
import type { CompiledGuardrail } from "../guardrails/index.js";
import { LLAMA_GUARD_CODES, modelClassifier, routedClassifier } from "../guardrails/classifier/model-verdict.js";
import type { ContentFilterType } from "../guardrails/config.js";
import type { ContentClassifier } from "../guardrails/ports.js";
import type { ModelCatalogue } from "../service/catalogue.js";
import type { PolicyChanges } from "../service/policy-changes.js";
import { providerAsker } from "../service/guardrails/classifier-model.js";
import { modelTopics } from "../guardrails/topics-model.js";
import { piiFinder } from "../guardrails/pii/index.js";
import { enforcedGuardrailOperations } from "../http/bedrock/enforced-guardrail-routes.js";
import { guardrailOperations, guardrailTaggable } from "../http/bedrock/guardrail-routes.js";
import type { TaggableResources } from "../http/bedrock/tag-routes.js";
import { guardrailRuntimeOperations } from "../http/bedrock-runtime/guardrail/apply-routes.js";
import { PeerEnforcedGuardrails, enforcedCacheMs } from "./enforced-peers.js";
import { PeerGuardrailControl } from "./guardrail-peers.js";
import { GuardrailControl } from "../service/guardrails/index.js";
import type { GuardrailGate } from "../service/guardrails/index.js";
import type { GuardrailEngine } from "../service/guardrails/engine.js";
import { GuardrailRuntime } from "../service/guardrails/runtime.js";
import { KmsEnvelopeKeys } from "../service/kms/index.js";
import type { Capability, Foundation } from "./capability.js";

/** The guardrails capability and what others read from it. */
export interface Guardrails extends Capability {
  /** What inference checks every call through (the models capability's one choke point). */
  readonly gate: GuardrailGate;
  /** Guardrails for the shared tag operations (compose/tagging.ts). */
  readonly taggable: TaggableResources;
  /** The catalogue an operator's classifier models are served from (built after the guardrails, which inference needs first). */
  bindModels(catalogue: ModelCatalogue): void;
  /** The access capability's policy changes (built after the guardrails): a deleted guardrail's policy is dropped at once. */
  bindPolicyChanges(changes: PolicyChanges): void;
}

/**
 * Bedrock guardrails: the control plane (each account's guardrails, DRAFTs and numbered versions,
 * sealed under the customer key each names or the account's default key), the account's enforced configurations, and the runtime that
 * evaluates them in-process: the compiler checks a configuration before it is stored (an unsafe
 * regex is refused by name), and the same compiler serves inference and ApplyGuardrail. Every
 * evaluation's content-free facts reach the debug log; the audit record and the metric read the
 * request's guardrail note.
 */
export function guardrailsCapability({ config, store, box, rootBox, clock, logger, peers }: Foundation): Guardrails {
  let catalogue: ModelCatalogue | undefined;
  let policyChanges: PolicyChanges | undefined;
  const routes = new Map<ContentFilterType, ContentClassifier>();
  for (const c of config.guardrails.classifiers) {
    const classifier = modelClassifier(providerAsker((id) => catalogue?.find(id), c.modelId, c.timeoutMs), c.codes ?? LLAMA_GUARD_CODES);
    for (const category of c.categories) routes.set(category, classifier);
  }
  const content = routedClassifier(trainedClassifier, routes);
  const topicModel = config.guardrails.topics;
  // Room for a topic list's codes in the answer (Bedrock allows 30 topics per guardrail).
  const topics = topicModel === undefined ? undefined : modelTopics(providerAsker((id) => catalogue?.find(id), topicModel.modelId, topicModel.timeoutMs, 128));
  // A model's verdict takes longer than the in-process detectors: the budget allows its timeout.
  const timeouts = [...config.guardrails.classifiers.map((c) => c.timeoutMs), ...(topicModel === undefined ? [] : [topicModel.timeoutMs])];
  const budgetMs = Math.max(DEFAULT_BUDGET_MS, ...timeouts.map((t) => t + DEFAULT_BUDGET_MS));
  const compile = (policies: Parameters<typeof compileGuardrail>[0]): CompiledGuardrail =>
    compileGuardrail(policies, { pii: piiFinder, content, budgetMs, ...(topics === undefined ? {} : { topics }) });
  const keys = new KmsEnvelopeKeys({ store: store.kms, rootBox, clock, region: config.region });
  const control = new PeerGuardrailControl(peers, { store: store.guardrails, box, clock, region: config.region, validate: (policies) => void compile(policies), keys,
    policyGone: (resourceArn) => policyChanges?.notify({ scope: "resource", resourceArn }) });
  // Another node (a shared database) or another worker (peers) may change an account's list:
  // their changes reach this one's within 5 s even when no message does (enforced-peers.ts).
  const cacheMs = enforcedCacheMs({ sharedDatabase: config.server.databaseUrl !== undefined || config.redis !== undefined, peers });
  const enforced = new PeerEnforcedGuardrails(peers, store.enforcedGuardrails, control, config.region, clock, ...(cacheMs === undefined ? [] : [cacheMs]));
  const engine: GuardrailEngine<CompiledGuardrail> = { compile, evaluate: evaluateSliced, scanner: (g, source, options) => new OutputScanner(g, source, options) };
  const runtime = new GuardrailRuntime(control, engine, (facts, guardrail) =>
    logger.debug({ guardrail: guardrail.arn, version: guardrail.version, ...facts }, "guardrail evaluated"), enforced,
    async (accountId, arn) => (await control.target(arn, accountId)).tags);
  return {
    name: "guardrails",
    gate: runtime,
    taggable: guardrailTaggable(control),
    bindModels: (models) => { catalogue = models; },
    bindPolicyChanges: (changes) => { policyChanges = changes; },
    operations: [...guardrailOperations(control), ...enforcedGuardrailOperations(enforced), ...guardrailRuntimeOperations(runtime)],
  };
}
