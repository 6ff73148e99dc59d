import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ConfigError, createConfigValidator, insecureHttpProviders, loadConfig } from "./index.js";
import { isPlainHttpToAnotherHost } from "./plain-http.js";

describe("isPlainHttpToAnotherHost", () => {
  const loopbackOrHttps = [
    "http://127.0.0.1:8080/v1", "http://127.9.9.9/v1", "http://127.1:11434/v1", "http://0x7f.0.0.1/v1",
    "http://localhost:11434/v1", "http://LOCALHOST/v1", "http://localhost./v1", "http://[::1]:8000/v1", "http://[0:0::1]/v1",
    "https://llm.example/v1", "https://10.0.0.5/v1",
  ];
  for (const url of loopbackOrHttps) it(`no: ${url}`, () => assert.equal(isPlainHttpToAnotherHost(url), false));

  const another = [
    "http://llm.example/v1", "http://10.0.0.5:8000/v1", "http://192.168.1.20/v1", "http://0.0.0.0:8080/v1",
    "http://localhost.example/v1", "http://127.0.0.1.nip.io/v1", "http://[::ffff:127.0.0.1]/v1", "http://[fe80::1]/v1",
    "http://[fd00::5]:8080/v1", "http://HTTP-GPU-1:8000/v1",
  ];
  for (const url of another) it(`yes: ${url}`, () => assert.equal(isPlainHttpToAnotherHost(url), true));
});

describe("loadConfig and plain http to a provider on another machine", () => {
  const dir = mkdtempSync(join(tmpdir(), "plinth-config-http-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const validator = createConfigValidator();
  let n = 0;
  const load = (provider: Record<string, unknown>) => {
    const file = join(dir, `c${n++}.json`);
    writeFileSync(file, JSON.stringify({ providers: [provider] }));
    return loadConfig({ file, env: { K: "k" } }, validator);
  };
  const problems = (provider: Record<string, unknown>): string[] => {
    try {
      load(provider);
      return [];
    } catch (error) {
      assert.ok(error instanceof ConfigError, String(error));
      assert.ok(!error.message.includes("gpu-box"), "the message repeats the host");
      return error.problems.map((p) => `${p.path}: ${p.message}`);
    }
  };

  const kinds = [
    { field: "baseUrl", base: { id: "vllm", type: "openai", processingRegion: "eu" } },
    { field: "baseUrl", base: { id: "vllm", type: "anthropic", apiKey: "env:K", processingRegion: "eu" } },
    { field: "endpoint", base: { id: "vllm", type: "bedrock", region: "eu-west-2" } },
  ];
  const refusal = (field: string) =>
    `providers[0].${field}: must be https: plain http to another machine would carry prompts and credentials unencrypted ` +
    "(localhost and loopback addresses are exempt); to accept that on a trusted network, set providers[0].allowInsecureHttp: true";
  const needless = (field: string) => `providers[0].allowInsecureHttp: is not needed: providers[0].${field} is not plain http to another machine; remove it`;

  for (const { field, base } of kinds) {
    const table: [string, Record<string, unknown>, string[]][] = [
      ["http to another machine is refused", { [field]: "http://gpu-box.lan:8000/v1" }, [refusal(field)]],
      ["allowInsecureHttp: false changes nothing", { [field]: "http://gpu-box.lan:8000/v1", allowInsecureHttp: false }, [refusal(field)]],
      ["http to another machine with the opt-in loads", { [field]: "http://gpu-box.lan:8000/v1", allowInsecureHttp: true }, []],
      ["http to loopback needs no opt-in", { [field]: "http://127.0.0.1:8000/v1" }, []],
      ["http to localhost needs no opt-in", { [field]: "http://localhost:8000/v1" }, []],
      ["http to ::1 needs no opt-in", { [field]: "http://[::1]:8000/v1" }, []],
      ["https needs no opt-in", { [field]: "https://gpu-box.lan/v1" }, []],
      ["an opt-in https does not need is refused", { [field]: "https://gpu-box.lan/v1", allowInsecureHttp: true }, [needless(field)]],
      ["an opt-in loopback does not need is refused", { [field]: "http://127.0.0.1:8000/v1", allowInsecureHttp: true }, [needless(field)]],
      ["an opt-in with the default URL is refused", { allowInsecureHttp: true }, [needless(field)]],
      ["the opt-in must be a boolean", { [field]: "http://gpu-box.lan:8000/v1", allowInsecureHttp: "yes" }, ["providers[0].allowInsecureHttp: must be a boolean"]],
    ];
    for (const [name, extra, expected] of table) {
      it(`${String(base.type)}: ${name}`, () => assert.deepEqual(problems({ ...base, ...extra }), expected));
    }
  }

  it("llamacpp has no URL and no opt-in", () => {
    assert.deepEqual(problems({ id: "local", type: "llamacpp", allowInsecureHttp: true }), [
      "providers[0].allowInsecureHttp: unknown key (allowed here: id, type, modelDir, threads, contextSize, processingRegion, retainsData, timeoutMs, capacity)",
    ]);
  });

  it("insecureHttpProviders names the providers that opted in, for the start-up warning", () => {
    const file = join(dir, "several.json");
    writeFileSync(file, JSON.stringify({
      providers: [
        { id: "cloud", type: "openai", processingRegion: "us" },
        { id: "gpu-a", type: "openai", processingRegion: "eu", baseUrl: "http://gpu-box.lan:8000/v1", allowInsecureHttp: true },
        { id: "local", type: "openai", processingRegion: "eu", baseUrl: "http://127.0.0.1:8000/v1" },
        { id: "aws-lab", type: "bedrock", region: "eu-west-2", endpoint: "http://10.0.0.9:4566", allowInsecureHttp: true },
      ],
    }));
    assert.deepEqual(insecureHttpProviders(loadConfig({ file, env: {} }, validator)), ["gpu-a", "aws-lab"]);
  });
});
