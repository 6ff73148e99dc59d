import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { Fault } from "../kernel/index.js";
import { ConfigError, createConfigValidator, formatProblem, loadConfig } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "plinth-config-errors-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const validator = createConfigValidator();
let counter = 0;

/** Loads `config` (an object written as JSON, or YAML text) and returns the problems it raised. */
function problems(config: unknown, env: Record<string, string> = {}): string[] {
  const path = join(dir, `c${counter++}.yaml`);
  writeFileSync(path, typeof config === "string" ? config : JSON.stringify(config));
  try {
    loadConfig({ file: path, env }, validator);
  } catch (error) {
    assert.ok(error instanceof ConfigError && error instanceof Fault && error.kind === "validation");
    return error.problems.map(formatProblem);
  }
  return [];
}

const openai = { id: "o", type: "openai", processingRegion: "eu" };
const model = { modelId: "meta.llama3-1-8b-instruct-v1:0", provider: "o", upstreamModel: "m" };
const withProvider = (p: Record<string, unknown>) => ({ providers: [openai, { id: "p", ...p }] });

const cases: { name: string; config: unknown; expected: string[] }[] = [
  { name: "top-level must be a mapping", config: "[1, 2]", expected: ["(top level): must be a mapping (an object)"] },
  { name: "bad region", config: { region: "Europe" }, expected: ["region: must be a region name such as eu-west-2"] },
  { name: "port out of range", config: { server: { port: 65536 } }, expected: ["server.port: must be at most 65535"] },
  { name: "port not an integer", config: { server: { port: "8443" } }, expected: ["server.port: must be an integer"] },
  { name: "skew above 900", config: { server: { signatureMaxSkewSeconds: 901 } }, expected: ["server.signatureMaxSkewSeconds: must be at most 900"] },
  { name: "skew below 1", config: { server: { signatureMaxSkewSeconds: 0 } }, expected: ["server.signatureMaxSkewSeconds: must be at least 1"] },
  { name: "body limit too small", config: { server: { maxBodyBytes: 10 } }, expected: ["server.maxBodyBytes: must be at least 1024"] },
  {
    name: "a body larger than the budget for bodies being received",
    config: { server: { maxBodyBytes: 128 * 1024 * 1024 } },
    expected: ["server.maxUnauthenticatedBodyBytes: must be at least server.maxBodyBytes (134217728); it is 67108864"],
  },
  {
    name: "a connection's share of the body budget smaller than one body, or larger than the whole",
    config: { server: { maxBodyBytes: 4096, maxUnauthenticatedBodyBytesPerConnection: 2048, maxUnauthenticatedBodyBytes: 1024 } },
    expected: [
      "server.maxUnauthenticatedBodyBytesPerConnection: must be at least server.maxBodyBytes (4096); it is 2048",
      "server.maxUnauthenticatedBodyBytes: must be at least server.maxUnauthenticatedBodyBytesPerConnection (2048); it is 1024",
    ],
  },
  {
    name: "a head timeout longer than the request timeout",
    config: { server: { headersTimeoutMs: 5000, requestTimeoutMs: 4000 } },
    expected: ["server.requestTimeoutMs: must be at least server.headersTimeoutMs (5000); it is 4000"],
  },
  { name: "no concurrent HTTP/2 streams", config: { server: { http2MaxConcurrentStreams: 0 } }, expected: ["server.http2MaxConcurrentStreams: must be at least 1"] },
  { name: "bad host", config: { server: { host: "not a host" } }, expected: ["server.host: must be a host name or an IP address"] },
  { name: "insecureHttp a string", config: { server: { insecureHttp: "yes" } }, expected: ["server.insecureHttp: must be a boolean"] },
  {
    name: "bad proxies", config: { server: { trustedProxies: ["10.0.0.0/33", "::1/129", "10.0.0.0/8", "fe80::/10", "proxy.local"] } },
    expected: [0, 1, 4].map((i) => `server.trustedProxies[${i}]: must be an IP address or a CIDR range, such as 10.0.0.0/8 or fd00::/8`),
  },
  { name: "repeated proxy", config: { server: { trustedProxies: ["10.0.0.1", "10.0.0.1"] } }, expected: ["server.trustedProxies: must not repeat an item (items 0 and 1 are the same)"] },
  { name: "bad server name", config: { server: { serverNames: ["ok.internal", "bad_name!"] } }, expected: ["server.serverNames[1]: must be a DNS name (a leading *. is allowed) or an IP address"] },
  { name: "tls without keyFile", config: { server: { tls: { certFile: "c.pem" } } }, expected: ["server.tls.keyFile: is required"] },
  { name: "databaseUrl not postgres", config: { server: { databaseUrl: "mysql://u:hunter2@db/x" } }, expected: ["server.databaseUrl: must be a postgres:// or postgresql:// URL"] },
  { name: "unknown top-level key", config: { regoin: "eu-west-2" }, expected: ["regoin: unknown key (allowed here: region, server, providers, models, inference, audit, invocationLogging, metrics, tracing, quotas, redis, dataProtection, guardrails)"] },
  {
    name: "unknown key under server.tls", config: { server: { tls: { certFile: "c", keyFile: "k", cafile: "x" } } },
    expected: ["server.tls.cafile: unknown key (allowed here: certFile, keyFile, caFile)"],
  },
  {
    name: "unknown key in a provider", config: withProvider({ type: "anthropic", apiKey: "k", processingRegion: "us", region: "us-east-1" }),
    expected: ["providers[1].region: unknown key (allowed here: id, type, baseUrl, allowInsecureHttp, apiKey, processingRegion, retainsData, timeoutMs, capacity)"],
  },
  {
    name: "unknown key in a model", config: { providers: [openai], models: [{ ...model, contextWindow: 8192 }] },
    expected: [`models[0].contextWindow: unknown key (allowed here: modelId, provider, upstreamModel, name, providerName, inputModalities, outputModalities, streaming, terms, lifecycle)`],
  },
  { name: "unknown provider type", config: withProvider({ type: "gemini" }), expected: ["providers[1].type: must be one of openai, anthropic, bedrock, llamacpp"] },
  { name: "hosted provider without processingRegion", config: withProvider({ type: "openai" }), expected: ["providers[1].processingRegion: is required"] },
  { name: "anthropic without apiKey", config: withProvider({ type: "anthropic", processingRegion: "us" }), expected: ["providers[1].apiKey: is required"] },
  { name: "bedrock without region", config: withProvider({ type: "bedrock" }), expected: ["providers[1].region: is required"] },
  { name: "bad processingRegion", config: withProvider({ type: "openai", processingRegion: "EU West" }), expected: ["providers[1].processingRegion: must be a region or jurisdiction name such as eu-west-2, eu or us (lowercase letters, digits and hyphens)"] },
  { name: "baseUrl not http", config: withProvider({ type: "openai", processingRegion: "eu", baseUrl: "ftp://files.example/v1" }), expected: ["providers[1].baseUrl: must be an https or http URL"] },
  { name: "baseUrl not a URL", config: withProvider({ type: "openai", processingRegion: "eu", baseUrl: "api.openai.com" }), expected: ["providers[1].baseUrl: must be an https or http URL"] },
  { name: "timeout too short", config: withProvider({ type: "openai", processingRegion: "eu", timeoutMs: 10 }), expected: ["providers[1].timeoutMs: must be at least 1000"] },
  { name: "bad env reference", config: withProvider({ type: "openai", processingRegion: "eu", apiKey: "env:1BAD" }), expected: ["providers[1].apiKey: must be the secret itself, env:NAME or file:PATH"] },
  {
    name: "bedrock half credentials", config: withProvider({ type: "bedrock", region: "eu-west-2", accessKeyId: "AKIAIOSFODNN7EXAMPLE" }),
    expected: ["providers[1].secretAccessKey: is required when accessKeyId is set"],
  },
  {
    name: "bedrock session token alone", config: withProvider({ type: "bedrock", region: "eu-west-2", sessionToken: "t" }),
    expected: ["providers[1].accessKeyId: is required when sessionToken is set", "providers[1].secretAccessKey: is required when sessionToken is set"],
  },
  { name: "llamacpp zero threads", config: withProvider({ type: "llamacpp", threads: 0 }), expected: ["providers[1].threads: must be at least 1"] },
  { name: "duplicate provider id", config: { providers: [openai, openai] }, expected: ['providers[1].id: duplicate provider id "o" (also providers[0])'] },
  { name: "bad provider id", config: { providers: [{ ...openai, id: "Open AI" }] }, expected: ["providers[0].id: must be 1 to 64 lowercase letters, digits, hyphens or underscores, starting with a letter or digit"] },
  { name: "duplicate model id", config: { providers: [openai], models: [model, model] }, expected: ['models[1].modelId: duplicate model id "meta.llama3-1-8b-instruct-v1:0" (also models[0])'] },
  { name: "model of an unknown provider", config: { providers: [openai], models: [{ ...model, provider: "x" }] }, expected: ['models[0].provider: unknown provider "x" (declared: o)'] },
  { name: "model with no providers at all", config: { models: [model] }, expected: ['models[0].provider: unknown provider "o" (none are declared)'] },
  {
    name: "a classifier model outside the catalogue, a category scored twice",
    config: { providers: [{ ...openai, processingRegion: "us-east-1" }], models: [model], guardrails: { classifiers: [{ modelId: "guard", categories: ["VIOLENCE"] }, { modelId: model.modelId, categories: ["HATE", "VIOLENCE"] }] } },
    expected: ['guardrails.classifiers[0].modelId: unknown model "guard" (it must be one of the models list)', "guardrails.classifiers[1].categories[1]: category VIOLENCE is already scored by guardrails.classifiers[0]"],
  },
  {
    name: "a classifier whose provider retains data or processes elsewhere",
    config: { region: "eu-west-2", providers: [{ ...openai, retainsData: true }], models: [model], guardrails: { classifiers: [{ modelId: model.modelId, categories: ["HATE"] }] } },
    expected: [
      'guardrails.classifiers[0].modelId: the classifier\'s provider "o" retains data; a classifier reads every account\'s guarded text',
      'guardrails.classifiers[0].modelId: the classifier\'s provider "o" processes in eu, not this deployment\'s region eu-west-2',
    ],
  },
  {
    name: "a topic model outside the catalogue", config: { providers: [openai], models: [model], guardrails: { topics: { modelId: "judge" } } },
    expected: ['guardrails.topics.modelId: unknown model "judge" (it must be one of the models list)'],
  },
  {
    name: "a topic model whose provider retains data or processes elsewhere",
    config: { region: "eu-west-2", providers: [{ ...openai, retainsData: true }], models: [model], guardrails: { topics: { modelId: model.modelId } } },
    expected: [
      'guardrails.topics.modelId: the topic model\'s provider "o" retains data; a topic model reads every account\'s guarded text',
      'guardrails.topics.modelId: the topic model\'s provider "o" processes in eu, not this deployment\'s region eu-west-2',
    ],
  },
  { name: "a topic model with an unknown member", config: { guardrails: { topics: { modelId: "m", categories: ["X"] } } }, expected: ["guardrails.topics.categories: unknown key (allowed here: modelId, timeoutMs)"] },
  { name: "a classifier for an unknown category", config: { guardrails: { classifiers: [{ modelId: "m", categories: ["SPAM"] }] } }, expected: ["guardrails.classifiers[0].categories[0]: must be one of SEXUAL, VIOLENCE, HATE, INSULTS, MISCONDUCT, PROMPT_ATTACK"] },
  {
    name: "model ids not in Bedrock form", config: { providers: [openai], models: ["llama3", "Meta.Llama3-v1:0", "meta.llama3:x", "meta.:0"].map((modelId) => ({ ...model, modelId })) },
    expected: [0, 1, 2, 3].map((i) => `models[${i}].modelId: must have the form provider.name-version:n, such as meta.llama3-1-8b-instruct-v1:0`),
  },
  { name: "model without upstreamModel", config: { providers: [openai], models: [{ modelId: model.modelId, provider: "o" }] }, expected: ["models[0].upstreamModel: is required"] },
  { name: "bad modality", config: { providers: [openai], models: [{ ...model, inputModalities: ["AUDIO"] }] }, expected: ["models[0].inputModalities[0]: must be one of TEXT, IMAGE, EMBEDDING"] },
  { name: "no modality", config: { providers: [openai], models: [{ ...model, outputModalities: [] }] }, expected: ["models[0].outputModalities: must not be empty"] },
  { name: "bad cross-region setting", config: { inference: { crossRegion: "anywhere" } }, expected: ["inference.crossRegion: must be one of none, geography, global"] },
  { name: "bad audit node name", config: { audit: { node: "node 1/x" } }, expected: ["audit.node: has an invalid form"] },
  { name: "audit retention of zero days", config: { audit: { retentionDays: 0 } }, expected: ["audit.retentionDays: must be at least 1"] },
  { name: "audit retention in fractional days", config: { audit: { retentionDays: 1.5 } }, expected: ["audit.retentionDays: must be an integer"] },
  {
    name: "a model id that reads as an inference profile", config: { providers: [openai], models: [{ ...model, modelId: "eu.meta.llama3-1-8b-instruct-v1:0" }] },
    expected: ["models[0].modelId: must not begin with an inference-profile prefix (us., eu., apac., jp., au., us-gov., global.): such ids name cross-region profiles"],
  },
  { name: "bad lifecycle", config: { providers: [openai], models: [{ ...model, lifecycle: "RETIRED" }] }, expected: ["models[0].lifecycle: must be one of ACTIVE, LEGACY"] },
  { name: "streaming embedding model", config: { providers: [openai], models: [{ ...model, outputModalities: ["EMBEDDING"], streaming: true }] }, expected: ["models[0].streaming: must be false for an embedding model"] },
];

describe("loadConfig: each bad value stops start-up naming its path", () => {
  for (const { name, config, expected } of cases) {
    it(name, () => assert.deepEqual(problems(config), expected));
  }

  it("reports every problem at once, across sections", () => {
    const found = problems({ region: "x", server: { port: -1, extra: 1 }, providers: [{ id: "p", type: "openai" }] });
    assert.deepEqual(found, [
      "region: must be a region name such as eu-west-2",
      "server.extra: unknown key (allowed here: host, port, dataDir, tls, listeners, serverNames, trustedProxies, insecureHttp, maxBodyBytes, signatureMaxSkewSeconds, " +
        "maxConnections, maxConnectionsPerSource, maxUnauthenticatedBodyBytes, maxUnauthenticatedBodyBytesPerConnection, bodyIdleTimeoutMs, " +
        "requestTimeoutMs, headersTimeoutMs, idleTimeoutMs, keepAliveTimeoutMs, tlsHandshakeTimeoutMs, http2MaxConcurrentStreams, databaseUrl, rootKey, fips)",
      "server.port: must be at least 0",
      "providers[0].processingRegion: is required",
    ]);
  });

  it("the thrown message lists the file and each problem", () => {
    const path = join(dir, "msg.yaml");
    writeFileSync(path, "server: { port: 1.5 }\n");
    assert.throws(() => loadConfig({ file: path, env: {} }, validator), {
      message: `invalid configuration in ${path}:\n  server.port: must be an integer`,
    });
  });

  it("a missing file is refused", () => {
    const path = join(dir, "absent.yaml");
    assert.throws(() => loadConfig({ file: path, env: {} }, validator), { message: `invalid configuration:\n  cannot read ${path} (ENOENT)` });
  });

  it("YAML errors give a position but never quote the file's text", () => {
    const found = problems("providers:\n  - { id: o, type: openai, apiKey: sk-live-SECRET-123, processingRegion: eu\nmodels: []\n");
    assert.equal(found.length > 0, true);
    assert.match(found[0] ?? "", /^YAML syntax error at line \d+, column \d+: .+ \([A-Z_]+\)$/);
    assert.ok(found.every((line) => !line.includes("SECRET")), found.join("\n"));
    assert.deepEqual(problems("region: eu-west-2\nregion: eu-west-1\n"), ["YAML syntax error at line 2, column 1: Map keys must be unique (DUPLICATE_KEY)"]);
  });
});
