import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { isFault, Sensitive } from "../kernel/index.js";
import { loadConfig } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "plinth-config-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const FULL = `
region: eu-west-2
server:
  host: 0.0.0.0
  port: 9443
  dataDir: ./state
  tls: { certFile: tls/cert.pem, keyFile: tls/key.pem, caFile: /etc/ca.pem }
  serverNames: [plinth.internal, 10.1.2.3, "*.plinth.internal"]
  trustedProxies: [10.0.0.0/8, "fd00::/8", 192.168.1.1]
  insecureHttp: false
  maxBodyBytes: 1048576
  signatureMaxSkewSeconds: 900
providers:
  - { id: openai-main, type: openai, baseUrl: "https://llm.example/v1?api-version=2024-10-21", apiKey: env:OPENAI_API_KEY, processingRegion: eu-west-2, timeoutMs: 30000 }
  - { id: claude, type: anthropic, apiKey: sk-ant-inline, processingRegion: us }
  - { id: aws, type: bedrock, region: eu-central-1, accessKeyId: AKIAIOSFODNN7EXAMPLE, secretAccessKey: env:AWS_SECRET, sessionToken: token-inline }
  - { id: aws-default, type: bedrock, region: us-west-2, endpoint: "http://127.0.0.1:4566", processingRegion: us }
  - { id: local, type: llamacpp, modelDir: ./models, threads: 1, contextSize: 2048 }
models:
  - modelId: meta.llama3-1-8b-instruct-v1:0
    provider: openai-main
    upstreamModel: llama-3.1-8b
    name: Llama 3.1 8B Instruct
    providerName: Meta
    inputModalities: [TEXT]
    outputModalities: [TEXT]
    streaming: true
    terms: https://llama.meta.com/llama3_1/license/
    lifecycle: LEGACY
  - { modelId: anthropic.claude-3-5-haiku-20241022-v1:0, provider: claude, upstreamModel: claude-3-5-haiku-20241022 }
  - { modelId: amazon.titan-embed-text-v2:0, provider: aws, upstreamModel: amazon.titan-embed-text-v2:0, outputModalities: [EMBEDDING] }
  - { modelId: cohere.embed-english-v3, provider: aws, upstreamModel: cohere.embed-english-v3, outputModalities: [EMBEDDING] }
  - { modelId: mistral.mistral-7b-instruct-v0:2, provider: local, upstreamModel: mistral-7b.Q4_K_M.gguf }
  - { modelId: anthropic.claude-3-sonnet-20240229-v1:0:28k, provider: claude, upstreamModel: claude-3-sonnet }
`;

const ENV = { OPENAI_API_KEY: "sk-openai-from-env", AWS_SECRET: "aws-secret-from-env" };

describe("loadConfig: valid configurations", () => {
  it("without a file, applies the defaults and configures no providers or models", () => {
    const config = loadConfig({ env: {}, cwd: dir });
    assert.equal(config.region, "us-east-1");
    assert.deepEqual(config.providers, []);
    assert.deepEqual(config.models, []);
    assert.equal(config.file, undefined);
    assert.deepEqual(
      { ...config.server },
      {
        host: "127.0.0.1", port: 8443, dataDir: join(dir, "data"), serverNames: [], trustedProxies: [],
        insecureHttp: false, fips: false, maxBodyBytes: 20971520, signatureMaxSkewSeconds: 300, rootKey: { type: "file" },
        maxConnections: 10_000, maxConnectionsPerSource: 256, maxUnauthenticatedBodyBytes: 64 * 1024 * 1024,
        maxUnauthenticatedBodyBytesPerConnection: 20971520, bodyIdleTimeoutMs: 30_000, requestTimeoutMs: 300_000,
        headersTimeoutMs: 30_000, idleTimeoutMs: 120_000, keepAliveTimeoutMs: 5_000, tlsHandshakeTimeoutMs: 10_000,
        http2MaxConcurrentStreams: 100,
      },
    );
    assert.deepEqual(config.modelDirs, [join(dir, "data", "models")]);
  });

  it("modelDirs adds PLINTH_MODEL_DIR (relative to the working directory) when set", () => {
    const config = loadConfig({ env: { PLINTH_MODEL_DIR: "gguf" }, cwd: dir });
    assert.deepEqual(config.modelDirs, [join(dir, "data", "models"), join(dir, "gguf")]);
    assert.deepEqual(loadConfig({ env: { PLINTH_MODEL_DIR: "" }, cwd: dir }).modelDirs, [join(dir, "data", "models")]);
  });

  it("an empty file and a minimal JSON file are valid", () => {
    assert.equal(loadConfig({ file: file("empty.yaml", "# nothing yet\n"), env: {} }).region, "us-east-1");
    const json = file("min.json", JSON.stringify({ region: "ap-southeast-1", server: { port: 0 } }));
    const config = loadConfig({ file: json, env: {} });
    assert.equal(config.region, "ap-southeast-1");
    assert.equal(config.server.port, 0);
    assert.equal(config.file, json);
  });

  it("a full file resolves paths, defaults and secrets", () => {
    const path = file("full.yaml", FULL);
    const config = loadConfig({ file: path, env: ENV });
    const { server, providers, models } = config;
    assert.equal(server.dataDir, join(dir, "state"));
    assert.deepEqual({ ...server.tls }, { certFile: join(dir, "tls/cert.pem"), keyFile: join(dir, "tls/key.pem"), caFile: "/etc/ca.pem" });
    assert.deepEqual(config.modelDirs, [join(dir, "state", "models")]);

    const [openai, claude, aws, awsDefault, local] = providers;
    assert.ok(openai?.type === "openai" && openai.apiKey instanceof Sensitive);
    assert.equal(openai.apiKey.reveal(), "sk-openai-from-env");
    assert.equal(openai.timeoutMs, 30000);
    assert.ok(claude?.type === "anthropic");
    assert.equal(claude.baseUrl, "https://api.anthropic.com");
    assert.equal(claude.apiKey.reveal(), "sk-ant-inline");
    assert.equal(claude.timeoutMs, 60000);
    assert.ok(aws?.type === "bedrock" && aws.credentials !== undefined);
    assert.equal(aws.processingRegion, "eu-central-1", "bedrock processes where it is called");
    assert.equal(aws.credentials.accessKeyId, "AKIAIOSFODNN7EXAMPLE");
    assert.equal(aws.credentials.secretAccessKey.reveal(), "aws-secret-from-env");
    assert.equal(aws.credentials.sessionToken?.reveal(), "token-inline");
    assert.ok(awsDefault?.type === "bedrock");
    assert.equal(awsDefault.credentials, undefined);
    assert.equal(awsDefault.processingRegion, "us");
    assert.ok(local?.type === "llamacpp");
    assert.equal(local.processingRegion, "eu-west-2", "llama.cpp processes in the deployment's region");
    assert.equal(local.modelDir, join(dir, "models"));

    assert.equal(models.length, 6);
    assert.equal(models[0]?.lifecycle, "LEGACY");
    assert.deepEqual({ ...models[1] }, {
      modelId: "anthropic.claude-3-5-haiku-20241022-v1:0", provider: "claude", upstreamModel: "claude-3-5-haiku-20241022",
      name: "anthropic.claude-3-5-haiku-20241022-v1:0", providerName: "anthropic", inputModalities: ["TEXT"],
      outputModalities: ["TEXT"], streaming: true, lifecycle: "ACTIVE",
    });
    assert.equal(models[2]?.streaming, false, "embedding models do not stream by default");
  });

  it("secrets print as [redacted] wherever the config is serialised", () => {
    const config = loadConfig({ file: file("full2.yaml", FULL), env: ENV });
    const text = JSON.stringify(config);
    for (const secret of ["sk-openai-from-env", "sk-ant-inline", "aws-secret-from-env", "token-inline"]) {
      assert.ok(!text.includes(secret), `JSON leaks ${secret}`);
    }
    assert.match(text, /\[redacted\]/);
  });

  it("the result is deeply frozen", () => {
    const config = loadConfig({ file: file("full3.yaml", FULL), env: ENV });
    const frozen = [config, config.server, config.server.tls, config.server.serverNames, config.providers,
      config.providers[2], (config.providers[2] as { credentials: object }).credentials, config.models,
      config.models[0], config.models[0]?.inputModalities, config.modelDirs];
    frozen.forEach((value, i) => assert.ok(Object.isFrozen(value), `value ${i} is not frozen`));
    assert.throws(() => { (config.server as { port: number }).port = 1; }, TypeError);
    assert.throws(() => { (config.providers as unknown[]).push({}); }, TypeError);
  });

  it("overrides win over the file and are validated like it", () => {
    const path = file("ov.yaml", "server: { port: 9000, host: 127.0.0.1 }\n");
    const config = loadConfig({
      file: path, env: { DB: "postgres://u:p@db.internal/plinth" }, cwd: "/srv",
      overrides: { port: 0, host: "::1", dataDir: "var/plinth", databaseUrl: "env:DB" },
    });
    assert.equal(config.server.port, 0);
    assert.equal(config.server.host, "::1");
    assert.equal(config.server.dataDir, "/srv/var/plinth", "a command-line directory is relative to the working directory");
    assert.equal(config.server.databaseUrl?.reveal(), "postgres://u:p@db.internal/plinth");
    assert.throws(
      () => loadConfig({ file: path, env: {}, overrides: { port: 70000 } }),
      (error: unknown) => isFault(error) && error.message.includes("server.port: must be at most 65535 (given as an override)"),
    );
  });
});
