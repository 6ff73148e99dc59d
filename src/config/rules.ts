import { DEFAULTS } from "./defaults.js";
import { joinPath, type ConfigProblem } from "./problems.js";
import type { RawConfig, RawProvider } from "./raw.js";
import { plainHttpProblems } from "./plain-http.js";
import { checkLimitRules } from "./rules-limits.js";
import { checkListenerRules } from "./rules-listeners.js";
import { checkRootKeyRules } from "./rules-root-key.js";
import { findUrlCredential } from "./url-credentials.js";

/**
 * Checks that need more than one value at a time, run after the schema accepted the shapes:
 * unique ids, models pointing at declared providers, no credentials in URLs, no plain http to
 * other machines without an opt-in, listener rules, limits that must be in order.
 */
export function checkRules(config: RawConfig): ConfigProblem[] {
  const providers = config.providers ?? [];
  const models = config.models ?? [];
  return [
    ...duplicates(providers.map((p) => p.id), "providers", "id", "provider id"),
    ...duplicates(models.map((m) => m.modelId), "models", "modelId", "model id"),
    ...providers.flatMap((provider, index) => urlCredentials(provider, index)),
    ...providers.flatMap((provider, index) => plainHttpProblems(provider, index)),
    ...unknownProviders(config),
    ...models.flatMap((model, index) =>
      model.streaming === true && (model.outputModalities ?? []).includes("EMBEDDING")
        ? [{ path: joinPath(["models", index, "streaming"]), message: "must be false for an embedding model" }]
        : [],
    ),
    ...models.flatMap((model, index) =>
      PROFILE_PREFIX.test(model.modelId)
        ? [{ path: joinPath(["models", index, "modelId"]), message: "must not begin with an inference-profile prefix (us., eu., apac., jp., au., us-gov., global.): such ids name cross-region profiles" }]
        : [],
    ),
    ...checkListenerRules(config.server),
    ...checkLimitRules(config.server),
    ...checkRootKeyRules(config.server),
    ...classifierProblems(config),
    ...duplicates((config.quotas?.models ?? []).map((m) => m.model), "models", "model", "quota model")
      .map((p) => ({ path: `quotas.${p.path}`, message: p.message.replace("(also models", "(also quotas.models") })),
  ];
}

/** The geographies of system-defined inference profiles (service/inference-profiles/geography.ts). */
const PROFILE_PREFIX = /^(?:us|eu|apac|jp|au|us-gov|global)\./;

function duplicates(ids: readonly string[], list: string, field: string, what: string): ConfigProblem[] {
  const first = new Map<string, number>();
  const problems: ConfigProblem[] = [];
  ids.forEach((id, index) => {
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, index);
    else problems.push({ path: joinPath([list, index, field]), message: `duplicate ${what} "${id}" (also ${list}[${earlier}])` });
  });
  return problems;
}

/**
 * A detector model (a content classifier, the topic model) must be a model of the catalogue, and
 * each category is scored by one model only, or which verdict applies is left to chance. A
 * detector reads the guarded text of every account, whatever its retention mode or residency, so
 * its provider must keep nothing and process in this deployment's region: the strictest any
 * account could ask.
 */
function classifierProblems(config: RawConfig): ConfigProblem[] {
  const models = new Map((config.models ?? []).map((m) => [m.modelId, m]));
  const providers = new Map((config.providers ?? []).map((p) => [p.id, p]));
  const region = config.region ?? DEFAULTS.region;
  const owner = new Map<string, number>();
  const modelProblems = (modelId: string, path: (string | number)[], what: string): ConfigProblem[] => {
    const at = joinPath(path);
    if (!models.has(modelId)) return [{ path: at, message: `unknown model "${modelId}" (it must be one of the models list)` }];
    const provider = providers.get(models.get(modelId)?.provider ?? "");
    if (provider === undefined) return [];
    const where = provider.processingRegion ?? (provider.type === "bedrock" ? provider.region : region);
    return [
      ...(provider.retainsData === true ? [{ path: at, message: `the ${what}'s provider "${provider.id}" retains data; a ${what} reads every account's guarded text` }] : []),
      ...(where === region ? [] : [{ path: at, message: `the ${what}'s provider "${provider.id}" processes in ${where}, not this deployment's region ${region}` }]),
    ];
  };
  const topics = config.guardrails?.topics;
  return [
    ...(config.guardrails?.classifiers ?? []).flatMap((c, index) => [
      ...modelProblems(c.modelId, ["guardrails", "classifiers", index, "modelId"], "classifier"),
      ...c.categories.flatMap((category, j) => {
        const earlier = owner.get(category);
        owner.set(category, earlier ?? index);
        return earlier === undefined ? [] : [{ path: joinPath(["guardrails", "classifiers", index, "categories", j]), message: `category ${category} is already scored by guardrails.classifiers[${earlier}]` }];
      }),
    ]),
    ...(topics === undefined ? [] : modelProblems(topics.modelId, ["guardrails", "topics", "modelId"], "topic model")),
  ];
}

function unknownProviders(config: RawConfig): ConfigProblem[] {
  const declared = (config.providers ?? []).map((p) => p.id);
  const known = new Set(declared);
  const list = declared.length === 0 ? "none are declared" : `declared: ${declared.join(", ")}`;
  return (config.models ?? []).flatMap((model, index) =>
    known.has(model.provider)
      ? []
      : [{ path: joinPath(["models", index, "provider"]), message: `unknown provider "${model.provider}" (${list})` }],
  );
}

function urlCredentials(provider: RawProvider, index: number): ConfigProblem[] {
  const [field, url, home] =
    provider.type === "bedrock"
      ? ["endpoint", provider.endpoint, "accessKeyId and secretAccessKey fields"]
      : provider.type === "llamacpp"
        ? ["", undefined, ""]
        : ["baseUrl", provider.baseUrl, "apiKey field"];
  if (url === undefined) return [];
  const found = findUrlCredential(url);
  if (found === undefined) return [];
  return [{
    path: joinPath(["providers", index, field]),
    message: `must not carry credentials: it has ${found}; secrets belong in the provider's ${home}, by reference (env:NAME or file:PATH)`,
  }];
}
