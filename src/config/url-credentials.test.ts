import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ConfigError, createConfigValidator, loadConfig } from "./index.js";
import { findUrlCredential } from "./url-credentials.js";

describe("findUrlCredential", () => {
  const refused: [string, string][] = [
    ["https://user:pass@llm.example/v1", "user:password@ credentials"],
    ["https://user@llm.example/v1", "user:password@ credentials"],
    ["https://llm.example/v1?key=abc", "a credential-like query parameter (key)"],
    ["https://llm.example/v1?api_key=abc", "a credential-like query parameter (api_key)"],
    ["https://llm.example/v1?apikey=abc", "a credential-like query parameter (apikey)"],
    ["https://llm.example/v1?x=1&API-KEY=abc", "a credential-like query parameter (API-KEY)"],
    ["https://llm.example/v1?token=abc", "a credential-like query parameter (token)"],
    ["https://llm.example/v1?access_token=abc", "a credential-like query parameter (access_token)"],
    ["https://store.example/x?sv=2022&sig=abc", "a credential-like query parameter (sig)"],
    ["https://llm.example/v1?Signature=abc", "a credential-like query parameter (Signature)"],
    ["https://bucket.example/x?X-Amz-Credential=AKIA&X-Amz-Signature=abc", "a credential-like query parameter (X-Amz-Credential)"],
  ];
  for (const [url, found] of refused) it(`refuses ${url}`, () => assert.equal(findUrlCredential(url), found));

  const accepted = [
    "https://api.openai.com/v1",
    "http://127.0.0.1:8080/v1",
    "https://res.openai.azure.com/openai/deployments/x?api-version=2024-10-21",
    "https://llm.example/v1?keyword=a&tokenizer=b",
  ];
  for (const url of accepted) it(`accepts ${url}`, () => assert.equal(findUrlCredential(url), undefined));
});

describe("loadConfig refuses provider URLs that carry credentials", () => {
  const dir = mkdtempSync(join(tmpdir(), "plinth-config-url-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const validator = createConfigValidator();

  const cases = [
    { provider: { id: "a", type: "openai", processingRegion: "eu", baseUrl: "https://me:sk-live-123@llm.example/v1" },
      expected: "providers[0].baseUrl: must not carry credentials: it has user:password@ credentials; secrets belong in the provider's apiKey field, by reference (env:NAME or file:PATH)" },
    { provider: { id: "a", type: "anthropic", apiKey: "env:K", processingRegion: "us", baseUrl: "https://llm.example?api_key=sk-live-123" },
      expected: "providers[0].baseUrl: must not carry credentials: it has a credential-like query parameter (api_key); secrets belong in the provider's apiKey field, by reference (env:NAME or file:PATH)" },
    { provider: { id: "a", type: "bedrock", region: "eu-west-2", endpoint: "https://vpce.example/?X-Amz-Security-Token=sk-live-123" },
      expected: "providers[0].endpoint: must not carry credentials: it has a credential-like query parameter (X-Amz-Security-Token); secrets belong in the provider's accessKeyId and secretAccessKey fields, by reference (env:NAME or file:PATH)" },
  ];
  cases.forEach(({ provider, expected }, i) => {
    it(`${provider.type}: ${expected.slice(0, expected.indexOf(";"))}`, () => {
      const file = join(dir, `u${i}.yaml`);
      writeFileSync(file, JSON.stringify({ providers: [provider] }));
      assert.throws(() => loadConfig({ file, env: { K: "k" } }, validator), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.deepEqual(error.problems.map((p) => `${p.path}: ${p.message}`), [expected]);
        assert.ok(!error.message.includes("sk-live-123"), "the message repeats the secret");
        return true;
      });
    });
  });
});
