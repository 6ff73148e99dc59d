import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ConfigError, loadConfig } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "plinth-config-observability-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function load(text: string, env: Record<string, string> = {}) {
  const file = join(dir, "plinth.yaml");
  writeFileSync(file, text);
  return loadConfig({ file, env, cwd: dir });
}

const refuses = (text: string, path: string) => () =>
  assert.throws(() => load(`${text}\n`), (error: unknown) => error instanceof ConfigError && error.message.includes(path));

describe("config: tracing", () => {
  it("is off unless configured", () => assert.equal(load("region: us-east-1\n").tracing, undefined));
  it("appends /v1/traces to a URL without a path, keeps one with a path, and resolves header secrets", () => {
    const base = load("tracing: { otlpEndpoint: 'http://127.0.0.1:4318', headers: [{ name: x-key, value: 'env:KEY' }] }\n", { KEY: "s3cret" }).tracing!;
    assert.equal(base.otlpEndpoint, "http://127.0.0.1:4318/v1/traces");
    assert.equal(base.serviceName, "plinth");
    assert.equal(base.headers[0]!.name, "x-key");
    assert.equal(base.headers[0]!.value.reveal(), "s3cret");
    assert.equal(load("tracing: { otlpEndpoint: 'https://c.example/otlp/v1/traces' }\n").tracing!.otlpEndpoint, "https://c.example/otlp/v1/traces");
  });
  it("refuses a missing endpoint", refuses("tracing: {}", "tracing.otlpEndpoint"));
  it("refuses a non-http endpoint", refuses("tracing: { otlpEndpoint: 'grpc://c.example:4317' }", "tracing.otlpEndpoint"));
  it("refuses a header name that is not a token", refuses("tracing: { otlpEndpoint: 'https://c.example', headers: [{ name: 'a b', value: x }] }", "tracing.headers[0].name"));
  it("refuses a header secret that cannot be resolved", refuses("tracing: { otlpEndpoint: 'https://c.example', headers: [{ name: k, value: 'env:ABSENT' }] }", "tracing.headers[0].value"));
});

describe("config: audit.syslog", () => {
  it("is off unless configured", () => assert.equal(load("region: us-east-1\n").audit.syslog, undefined));
  it("takes host and port, with plain TCP, local0 and the queue's default", () => {
    assert.deepEqual(load("audit: { syslog: { host: siem.example, port: 601 } }\n").audit.syslog, { host: "siem.example", port: 601, tls: false, facility: 16, queueSize: 10000 });
  });
  it("maps the facility name to its RFC 5424 code and makes caFile absolute", () => {
    const syslog = load("audit: { syslog: { host: 10.0.0.5, port: 6514, tls: true, caFile: ca.pem, facility: audit } }\n").audit.syslog!;
    assert.equal(syslog.facility, 13);
    assert.equal(syslog.caFile, join(dir, "ca.pem"));
  });
  it("refuses a caFile without tls", refuses("audit: { syslog: { host: a.example, port: 6514, caFile: ca.pem } }", "audit.syslog"));
  it("refuses an unknown facility", refuses("audit: { syslog: { host: a.example, port: 601, facility: local9 } }", "audit.syslog.facility"));
  it("refuses port 0", refuses("audit: { syslog: { host: a.example, port: 0 } }", "audit.syslog.port"));
});
