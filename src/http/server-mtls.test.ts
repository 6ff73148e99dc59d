import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { connect } from "node:http2";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { EdgeFacts } from "../kernel/index.js";
import { TEST_LIMITS, captureLog, createClientCa, FactsProbe, getHttp1, getHttp2 } from "./listeners.fixture.js";
import type { ClientCa, PemPair } from "./listeners.fixture.js";
import { startListeners } from "./listeners.js";
import type { Listeners } from "./listeners.js";
import { ensureTlsMaterial } from "./tls/index.js";
import type { GeneratedTlsMaterial } from "./tls/index.js";

let dir: string;
let tls: GeneratedTlsMaterial;
let caFile: string;
let clientCa: ClientCa;
let alice: PemPair;
let stranger: PemPair;
let expired: PemPair;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "plinth-mtls-"));
  tls = await ensureTlsMaterial({ dataDir: dir, serverNames: [] });
  clientCa = await createClientCa("O=Example, CN=Example Client CA");
  caFile = join(dir, "clients-ca.pem");
  await writeFile(caFile, clientCa.certPem);
  alice = await clientCa.issue("O=Example, OU=ML, CN=alice");
  expired = await clientCa.issue("O=Example, CN=bob", { expired: true });
  stranger = await (await createClientCa("CN=Some Other CA")).issue("CN=alice, O=Example");
});
after(() => rm(dir, { recursive: true, force: true }));

async function withMtls(required: boolean, run: (l: Listeners, probe: FactsProbe, refusals: () => unknown[][]) => Promise<void>): Promise<void> {
  const probe = new FactsProbe();
  const log = captureLog();
  const listeners = await startListeners(probe, [{
    name: "mtls", configPath: "server.listeners[0]", host: "127.0.0.1", port: 0, insecureHttp: false,
    clientCertificates: { caFile, required },
  }], { defaultTls: tls, logger: log.logger, limits: TEST_LIMITS });
  const refusals = () => log.lines.filter((l) => l.msg === "connection refused").map((l) => [l.listener, l.peer, l.reason, l.detail]);
  try {
    await run(listeners, probe, refusals);
  } finally {
    await listeners.close();
  }
}

const as = (pair?: PemPair) => ({ ca: tls.ca, ...(pair ? { cert: pair.certPem, key: pair.keyPem } : {}) });

describe("mutual TLS, certificate required", () => {
  it("a certificate from the client CA gets in, and its subject reaches the request facts (HTTP/1.1 and HTTP/2)", async () => {
    await withMtls(true, async (listeners) => {
      const cert = new X509Certificate(alice.certPem);
      for (const get of [getHttp1, getHttp2]) {
        const outcome = await get(`${listeners.url}/`, as(alice));
        assert.equal(outcome.status, 200, outcome.error);
        const facts = JSON.parse(outcome.body!) as EdgeFacts;
        assert.deepEqual(facts.clientCertificate, {
          subject: "CN=alice,OU=ML,O=Example",
          issuer: "CN=Example Client CA,O=Example",
          fingerprint256: cert.fingerprint256,
          serialNumber: cert.serialNumber.toUpperCase(),
        });
      }
    });
  });

  it("several requests on one HTTP/2 connection all carry the certificate", async () => {
    await withMtls(true, async (listeners, probe) => {
      const session = connect(listeners.url, { ca: tls.ca, cert: alice.certPem, key: alice.keyPem });
      try {
        const statuses = await Promise.all([1, 2, 3].map(() => new Promise<number>((resolve, reject) => {
          const stream = session.request({ ":path": "/" });
          stream.on("response", (headers) => resolve(Number(headers[":status"])));
          stream.on("error", reject);
          stream.resume();
          stream.end();
        })));
        assert.deepEqual(statuses, [200, 200, 200]);
      } finally {
        session.close();
      }
      assert.equal(probe.seen.length, 3);
      assert.ok(probe.seen.every((f) => f.clientCertificate?.subject === "CN=alice,OU=ML,O=Example"));
    });
  });

  it("a client without a certificate fails the handshake and never reaches the pipeline", async () => {
    await withMtls(true, async (listeners, probe, refusals) => {
      for (const get of [getHttp1, getHttp2]) {
        const outcome = await get(`${listeners.url}/`, as());
        assert.equal(outcome.status, undefined);
        assert.equal(outcome.error, "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED");
      }
      assert.equal(probe.seen.length, 0);
      assert.deepEqual(refusals()[0], ["mtls", "127.0.0.1", "client-certificate-missing", undefined]);
    });
  });

  it("a certificate from another CA, or an expired one from the right CA, is refused with the reason logged", async () => {
    await withMtls(true, async (listeners, probe, refusals) => {
      assert.equal((await getHttp1(`${listeners.url}/`, as(stranger))).status, undefined);
      assert.equal((await getHttp2(`${listeners.url}/`, as(stranger))).status, undefined);
      assert.equal(probe.seen.length, 0);
      assert.deepEqual(refusals(), [["mtls", "127.0.0.1", "client-certificate-invalid", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"]]);
    });
    await withMtls(true, async (listeners, probe, refusals) => {
      assert.equal((await getHttp1(`${listeners.url}/`, as(expired))).status, undefined);
      assert.equal(probe.seen.length, 0);
      assert.deepEqual(refusals(), [["mtls", "127.0.0.1", "client-certificate-invalid", "CERT_HAS_EXPIRED"]]);
    });
  });
});

describe("mutual TLS, certificate optional", () => {
  it("a client without a certificate gets in without certificate facts; one with a valid certificate gets them", async () => {
    await withMtls(false, async (listeners) => {
      for (const get of [getHttp1, getHttp2]) {
        const without = await get(`${listeners.url}/`, as());
        assert.equal(without.status, 200, without.error);
        assert.equal((JSON.parse(without.body!) as EdgeFacts).clientCertificate, undefined);
        const withCert = await get(`${listeners.url}/`, as(alice));
        assert.equal((JSON.parse(withCert.body!) as EdgeFacts).clientCertificate?.subject, "CN=alice,OU=ML,O=Example");
      }
    });
  });

  it("a certificate that does not verify is still refused", async () => {
    await withMtls(false, async (listeners, probe, refusals) => {
      assert.equal((await getHttp1(`${listeners.url}/`, as(stranger))).status, undefined);
      assert.equal((await getHttp2(`${listeners.url}/`, as(expired))).status, undefined);
      assert.equal(probe.seen.length, 0);
      assert.deepEqual(refusals(), [["mtls", "127.0.0.1", "client-certificate-invalid", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"]]);
    });
  });
});

describe("without mutual TLS", () => {
  it("a listener without a client CA never asks, so an offered certificate gives no facts", async () => {
    const probe = new FactsProbe();
    const listeners = await startListeners(probe, [{ name: "public", configPath: "server", host: "127.0.0.1", port: 0, insecureHttp: false }], { defaultTls: tls, logger: captureLog().logger, limits: TEST_LIMITS });
    try {
      const outcome = await getHttp1(`${listeners.url}/`, as(alice));
      assert.equal(outcome.status, 200);
      assert.equal((JSON.parse(outcome.body!) as EdgeFacts).clientCertificate, undefined);
    } finally {
      await listeners.close();
    }
  });
});
