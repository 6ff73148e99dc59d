import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ConfigError, createConfigValidator, formatProblem, loadConfig } from "./index.js";
import type { ResolvedConfig } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "plinth-config-listeners-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const validator = createConfigValidator();
let counter = 0;

function load(config: unknown, overrides: { port?: number; host?: string } = {}): ResolvedConfig {
  const path = join(dir, `c${counter++}.json`);
  writeFileSync(path, JSON.stringify(config));
  return loadConfig({ file: path, env: {}, overrides }, validator);
}

function problems(config: unknown, overrides: { port?: number; host?: string } = {}): string[] {
  try {
    load(config, overrides);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems.map(formatProblem);
  }
  return [];
}

const publicListener = { name: "public", host: "0.0.0.0", port: 8443 };
const privateListener = {
  name: "vpc", host: "10.0.1.5", port: 8444, privateEndpointId: "vpce-0a1b2c3d4e5f67890",
  clientCa: "ca/clients.pem", allowedSourceNetworks: ["10.0.0.0/16", "fd00::/8"],
  tls: { certFile: "tls/vpc.pem", keyFile: "tls/vpc-key.pem" },
};

describe("listeners: valid configurations", () => {
  it("without listeners there is one, named default, where server.host and server.port say", () => {
    const config = load({ server: { host: "127.0.0.1", port: 9443 } });
    assert.deepEqual(config.listeners, [{ name: "default", configPath: "server", host: "127.0.0.1", port: 9443, insecureHttp: false }]);
  });

  it("the default listener keeps server.insecureHttp and the --host/--port overrides, as before", () => {
    const config = load({ server: { insecureHttp: true } }, { port: 0, host: "::1" });
    assert.deepEqual(config.listeners, [{ name: "default", configPath: "server", host: "::1", port: 0, insecureHttp: true }]);
  });

  it("listeners resolve in order, with paths made absolute and requireClientCert true by default", () => {
    const config = load({ server: { listeners: [publicListener, privateListener] } });
    assert.deepEqual(config.listeners, [
      { name: "public", configPath: "server.listeners[0]", host: "0.0.0.0", port: 8443, insecureHttp: false },
      {
        name: "vpc", configPath: "server.listeners[1]", host: "10.0.1.5", port: 8444, insecureHttp: false,
        tls: { certFile: join(dir, "tls/vpc.pem"), keyFile: join(dir, "tls/vpc-key.pem") },
        privateEndpointId: "vpce-0a1b2c3d4e5f67890",
        clientCertificates: { caFile: join(dir, "ca/clients.pem"), required: true },
        allowedSourceNetworks: ["10.0.0.0/16", "fd00::/8"],
      },
    ]);
    assert.ok(Object.isFrozen(config.listeners[1]!.allowedSourceNetworks));
  });

  it("requireClientCert false makes the certificate optional", () => {
    const config = load({ server: { listeners: [{ ...publicListener, clientCa: "ca.pem", requireClientCert: false }] } });
    assert.deepEqual(config.listeners[0]!.clientCertificates, { caFile: join(dir, "ca.pem"), required: false });
  });

  it("--host and --port move the first listener and leave the others", () => {
    const config = load({ server: { listeners: [publicListener, privateListener] } }, { port: 0, host: "127.0.0.1" });
    assert.deepEqual(config.listeners.map((l) => [l.host, l.port]), [["127.0.0.1", 0], ["10.0.1.5", 8444]]);
    assert.equal(config.server.port, 8443, "server.port is not where the override went");
  });

  it("a plain-HTTP listener may sit beside TLS ones; several may pick free ports", () => {
    const config = load({ server: { listeners: [{ name: "a", host: "127.0.0.1", port: 0 }, { name: "b", host: "127.0.0.1", port: 0, insecureHttp: true }] } });
    assert.deepEqual(config.listeners.map((l) => l.insecureHttp), [false, true]);
  });
});

describe("listeners: each bad value stops start-up naming its path", () => {
  const listeners = (...items: unknown[]) => ({ server: { listeners: items } });
  const cases: { name: string; config: unknown; expected: string[]; overrides?: { port?: number; host?: string } }[] = [
    { name: "an empty list", config: listeners(), expected: ["server.listeners: must not be empty"] },
    {
      name: "name, host and port are required", config: listeners({}),
      expected: ["server.listeners[0].name: is required", "server.listeners[0].host: is required", "server.listeners[0].port: is required"],
    },
    {
      name: "a bad name", config: listeners({ ...publicListener, name: "Public Net" }),
      expected: ["server.listeners[0].name: must be 1 to 64 lowercase letters, digits, hyphens or underscores, starting with a letter or digit"],
    },
    { name: "a bad host", config: listeners({ ...publicListener, host: "no such host!" }), expected: ["server.listeners[0].host: must be a host name or an IP address"] },
    { name: "a port out of range", config: listeners(publicListener, { ...privateListener, port: 70000 }), expected: ["server.listeners[1].port: must be at most 65535"] },
    {
      name: "an endpoint id that is not vpce-hex", config: listeners({ ...publicListener, privateEndpointId: "vpce-XYZ" }),
      expected: ["server.listeners[0].privateEndpointId: must be a VPC endpoint id: vpce- followed by 8 to 17 lowercase hexadecimal digits, such as vpce-0a1b2c3d4e5f67890"],
    },
    {
      name: "an endpoint id too long", config: listeners({ ...publicListener, privateEndpointId: "vpce-0123456789abcdef01" }),
      expected: ["server.listeners[0].privateEndpointId: must be a VPC endpoint id: vpce- followed by 8 to 17 lowercase hexadecimal digits, such as vpce-0a1b2c3d4e5f67890"],
    },
    {
      name: "bad source networks", config: listeners({ ...publicListener, allowedSourceNetworks: ["10.0.0.0/8", "10.0.0.0/33", "2001:db8::/129", "office"] }),
      expected: [1, 2, 3].map((i) => `server.listeners[0].allowedSourceNetworks[${i}]: must be an IP address or a CIDR range, such as 10.0.0.0/8 or fd00::/8`),
    },
    { name: "an empty allow-list (it would refuse everyone)", config: listeners({ ...publicListener, allowedSourceNetworks: [] }), expected: ["server.listeners[0].allowedSourceNetworks: must not be empty"] },
    { name: "requireClientCert without clientCa", config: listeners({ ...publicListener, requireClientCert: true }), expected: ["server.listeners[0].clientCa: is required when requireClientCert is set"] },
    { name: "a listener's tls without keyFile", config: listeners({ ...publicListener, tls: { certFile: "c.pem" } }), expected: ["server.listeners[0].tls.keyFile: is required"] },
    {
      name: "an unknown key", config: listeners({ ...publicListener, sourceVpce: "vpce-0a1b2c3d" }),
      expected: ["server.listeners[0].sourceVpce: unknown key (allowed here: name, host, port, tls, insecureHttp, privateEndpointId, clientCa, requireClientCert, allowedSourceNetworks)"],
    },
    {
      name: "duplicate names", config: listeners(publicListener, { ...privateListener, name: "public" }),
      expected: ['server.listeners[1].name: duplicate listener name "public" (also server.listeners[0])'],
    },
    {
      name: "the same fixed address twice", config: listeners(publicListener, { name: "again", host: "0.0.0.0", port: 8443 }),
      expected: ["server.listeners[1].port: 0.0.0.0 port 8443 is already used by server.listeners[0]"],
    },
    {
      name: "plain HTTP with TLS material or client certificates", config: listeners({ ...privateListener, insecureHttp: true }),
      expected: ["server.listeners[0].tls: cannot be combined with insecureHttp: a plain HTTP listener has no TLS",
        "server.listeners[0].clientCa: cannot be combined with insecureHttp: a plain HTTP listener has no TLS"],
    },
    {
      name: "server.host, port and insecureHttp beside listeners would do nothing",
      config: { server: { host: "0.0.0.0", port: 9443, insecureHttp: false, listeners: [publicListener] } },
      expected: ["host", "port", "insecureHttp"].map((f) => `server.${f}: has no effect when server.listeners is set: give each listener its own ${f}`),
    },
    {
      name: "a bad --port lands on the first listener and says so", config: listeners(publicListener), overrides: { port: -1 },
      expected: ["server.listeners[0].port: must be at least 0 (given as an override)"],
    },
  ];
  for (const { name, config, expected, overrides } of cases) {
    it(name, () => assert.deepEqual(problems(config, overrides), expected));
  }
});
