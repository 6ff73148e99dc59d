import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ListFoundationModelsCommand } from "@aws-sdk/client-bedrock";
import { createClientCa } from "../../src/http/listeners.fixture.js";
import type { PemPair } from "../../src/http/listeners.fixture.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";
import { allowListModelsWhen, userWithPolicy } from "./net-iam.js";
import { bedrockAt, failureOf, listenerUrls, logLines, waitForLine } from "./net-listeners.js";
import type { NetClientOptions } from "./net-listeners.js";

/**
 * Network controls on the real server, driven by the official client: three listeners, a
 * public one (the default), a private one (a VPC endpoint id, mutual TLS against a client CA
 * made here) and one that admits only 127.0.0.2 (all of 127.0.0.0/8 is loopback on Linux).
 */
const VPCE = "vpce-0a1b2c3d4e5f67890";
const NAMES = ["public", "vpc", "office"] as const;

describe("network controls and private connection", () => {
  let server: RunningServer;
  let dir: string;
  let urls: Map<string, string>;
  let alice: PemPair;
  let bob: PemPair;
  let stranger: PemPair;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "plinth-e2e-net-"));
    const clientCa = await createClientCa("O=Example, CN=Example Client CA");
    const caFile = join(dir, "clients-ca.pem");
    await writeFile(caFile, clientCa.certPem);
    alice = await clientCa.issue("O=Example, CN=alice");
    bob = await clientCa.issue("O=Example, CN=bob");
    stranger = await (await createClientCa("CN=Some Other CA")).issue("O=Example, CN=alice");
    server = await startServer({
      config: {
        region: "eu-west-2",
        server: {
          listeners: [
            { name: "public", host: "127.0.0.1", port: 0 },
            { name: "vpc", host: "127.0.0.1", port: 0, privateEndpointId: VPCE, clientCa: caFile },
            { name: "office", host: "127.0.0.1", port: 0, allowedSourceNetworks: ["127.0.0.2/32"] },
          ],
        },
      },
    });
    urls = await listenerUrls(server, NAMES);
  });
  after(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const list = (name: (typeof NAMES)[number], options: NetClientOptions = {}) => {
    const client = bedrockAt(server, urls.get(name)!, options);
    return client.send(new ListFoundationModelsCommand({})).finally(() => client.destroy());
  };

  it("every configured listener starts, and the first is the default one printed at start-up", () => {
    assert.deepEqual([...urls.keys()], [...NAMES]);
    assert.equal(server.url, urls.get("public"));
    assert.equal(new Set(urls.values()).size, 3, "each on its own port");
    const vpc = logLines(server).find((l) => l.msg === "listener started" && l.listener === "vpc")!;
    assert.equal(vpc.privateEndpointId, VPCE);
    assert.equal(vpc.clientCertificates, "required");
  });

  it("the public listener serves the official client, asking for no certificate", async () => {
    const answer = await list("public");
    assert.equal(answer.$metadata.httpStatusCode, 200);
  });

  it("the private listener serves a client presenting a certificate from the client CA, over HTTP/1.1 and HTTP/2", async () => {
    for (const http2 of [false, true]) {
      const answer = await list("vpc", { certificate: alice, http2 });
      assert.equal(answer.$metadata.httpStatusCode, 200);
    }
  });

  it("the private listener refuses, in the TLS handshake, a client without a certificate", async () => {
    await assert.rejects(list("vpc"), (error) => /certificate required/i.test(failureOf(error)));
    const refusal = await waitForLine(server, (l) => l.msg === "connection refused" && l.listener === "vpc" && l.reason === "client-certificate-missing");
    assert.equal(refusal?.peer, "127.0.0.1");
  });

  it("the private listener refuses a certificate from another CA, and logs why", async () => {
    await assert.rejects(list("vpc", { certificate: stranger }), (error) => !/AccessDenied/.test(failureOf(error)));
    const refusal = await waitForLine(server, (l) => l.msg === "connection refused" && l.listener === "vpc" && l.reason === "client-certificate-invalid");
    assert.deepEqual([refusal?.peer, refusal?.detail], ["127.0.0.1", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"]);
  });

  it("the allow-listed listener serves 127.0.0.2 and disconnects 127.0.0.1 before TLS", async () => {
    const allowed = await list("office", { localAddress: "127.0.0.2" });
    assert.equal(allowed.$metadata.httpStatusCode, 200);
    await assert.rejects(list("office", { localAddress: "127.0.0.1" }), (error) => /ECONNRESET|socket|disconnected/i.test(failureOf(error)));
    const refusal = await waitForLine(server, (l) => l.msg === "connection refused" && l.listener === "office");
    assert.deepEqual([refusal?.peer, refusal?.reason], ["127.0.0.1", "source-network"]);
  });

  it("refusals never reach the pipeline: no access-log line for them", async () => {
    // The four calls served above (public, vpc twice, office) and nothing else.
    await waitForLine(server, () => logLines(server).filter((l) => l.msg === "request").length >= 4);
    const requests = logLines(server).filter((l) => l.msg === "request");
    assert.deepEqual(requests.map((l) => l.status), [200, 200, 200, 200]);
  });

  it("the access log names the listener, and the endpoint id on the private one", async () => {
    for (const [name, options, sourceVpce] of [["vpc", { certificate: alice }, VPCE], ["public", {}, undefined]] as const) {
      const before = logLines(server).filter((l) => l.msg === "request").length;
      await list(name, options);
      await waitForLine(server, () => logLines(server).filter((l) => l.msg === "request").length > before);
      const line = logLines(server).filter((l) => l.msg === "request").at(-1)!;
      assert.deepEqual([line.listener, line.sourceVpce], [name, sourceVpce]);
    }
  });

  it("a policy requiring aws:SourceVpce admits the private listener and refuses the public one", async () => {
    const user = await userWithPolicy(server, "net-vpce-only", allowListModelsWhen({ StringEquals: { "aws:SourceVpce": VPCE } }));
    assert.equal((await list("vpc", { certificate: alice, credentials: user })).$metadata.httpStatusCode, 200);
    await assert.rejects(list("public", { credentials: user }), { name: "AccessDeniedException" });
  });

  it("through the private listener there is no aws:SourceIp, only aws:VpcSourceIp", async () => {
    const bySourceIp = await userWithPolicy(server, "net-source-ip", allowListModelsWhen({ IpAddress: { "aws:SourceIp": "127.0.0.0/8" } }));
    assert.equal((await list("public", { credentials: bySourceIp })).$metadata.httpStatusCode, 200);
    await assert.rejects(list("vpc", { certificate: alice, credentials: bySourceIp }), { name: "AccessDeniedException" });
    const byVpcIp = await userWithPolicy(server, "net-vpc-source-ip", allowListModelsWhen({ IpAddress: { "aws:VpcSourceIp": "127.0.0.0/8" } }));
    assert.equal((await list("vpc", { certificate: alice, credentials: byVpcIp })).$metadata.httpStatusCode, 200);
    await assert.rejects(list("public", { credentials: byVpcIp }), { name: "AccessDeniedException" });
  });

  it("a policy on the client certificate's subject admits alice's certificate and not bob's", async () => {
    const user = await userWithPolicy(server, "net-alice-cert", allowListModelsWhen({ StringLike: { "plinth:ClientCertSubject": "CN=alice,*" } }));
    assert.equal((await list("vpc", { certificate: alice, credentials: user })).$metadata.httpStatusCode, 200);
    await assert.rejects(list("vpc", { certificate: bob, credentials: user }), { name: "AccessDeniedException" });
    await assert.rejects(list("public", { credentials: user }), { name: "AccessDeniedException" });
  });
});
