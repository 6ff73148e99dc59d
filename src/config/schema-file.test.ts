import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { CONFIG_DEFAULTS, configSchema, loadConfig, renderSchemaJson } from "./index.js";

// dist/src/config/ (compiled) -> repository root.
const published = new URL("../../../schema/config.schema.json", import.meta.url);

type Node = Record<string, unknown>;

/** Every subschema with the JSON path that leads to it. */
function* walk(node: unknown, path: string): Generator<[string, Node]> {
  if (typeof node !== "object" || node === null) return;
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* walk(item, `${path}[${i}]`);
    return;
  }
  const schema = node as Node;
  yield [path, schema];
  for (const key of ["properties", "definitions"]) {
    for (const [name, child] of Object.entries((schema[key] as Node | undefined) ?? {})) yield* walk(child, `${path}.${key}.${name}`);
  }
  for (const key of ["items", "allOf", "then"]) yield* walk(schema[key], `${path}.${key}`);
}

describe("the published JSON Schema", () => {
  it("schema/config.schema.json is byte-identical to the schema the loader uses (regenerate: node dist/src/config/emit-schema.js)", () => {
    const text = readFileSync(published, "utf8");
    assert.equal(text, renderSchemaJson());
    assert.deepEqual(JSON.parse(text), configSchema);
  });

  it("every object schema refuses unknown keys (dispatchers by type excepted: each branch does)", () => {
    for (const [path, schema] of walk(configSchema, "$")) {
      if (schema.type !== "object" || path.endsWith(".if")) continue;
      const dispatches = Array.isArray(schema.allOf) && schema.allOf.every((b: Node) => "if" in b && "then" in b);
      assert.ok(schema.additionalProperties === false || dispatches, `${path} accepts unknown keys`);
    }
  });

  it("every field is documented", () => {
    for (const [path, schema] of walk(configSchema, "$")) {
      if (!/\.properties\.[^.]+$/.test(path) || path.endsWith(".properties.type") && "const" in schema) continue;
      assert.equal(typeof schema.description, "string", `${path} has no description`);
    }
  });

  it("the documented defaults are the ones the loader applies", () => {
    const config = loadConfig({ env: {}, cwd: "/" });
    const server = (configSchema.properties.server.properties as unknown as Record<string, { default?: unknown }>);
    assert.equal(configSchema.properties.region.default, config.region);
    const keys = [
      "host", "port", "serverNames", "trustedProxies", "insecureHttp", "maxBodyBytes", "signatureMaxSkewSeconds",
      "maxConnections", "maxConnectionsPerSource", "maxUnauthenticatedBodyBytes", "bodyIdleTimeoutMs", "requestTimeoutMs",
      "headersTimeoutMs", "idleTimeoutMs", "keepAliveTimeoutMs", "tlsHandshakeTimeoutMs", "http2MaxConcurrentStreams",
    ] as const;
    for (const key of keys) {
      assert.deepEqual(server[key]?.default, config.server[key], key);
    }
    assert.equal(server.dataDir?.default, CONFIG_DEFAULTS.dataDir);
    // Documented as following maxBodyBytes rather than as a number of its own.
    assert.equal(server.maxUnauthenticatedBodyBytesPerConnection?.default, undefined);
    assert.equal(config.server.maxUnauthenticatedBodyBytesPerConnection, config.server.maxBodyBytes);
  });
});
