import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { isFault } from "../kernel/index.js";
import type { Clock, EdgeFacts } from "../kernel/index.js";
import { TEST_LIMITS, captureLog, FactsProbe, getHttp1, getHttp2 } from "./listeners.fixture.js";
import { RefusalLog, REFUSAL_LOG_INTERVAL_MS, startListeners } from "./listeners.js";
import type { ListenerSpec, Listeners } from "./listeners.js";
import { ensureTlsMaterial } from "./tls/index.js";
import type { GeneratedTlsMaterial } from "./tls/index.js";

const spec = (name: string, extra: Partial<ListenerSpec> = {}): ListenerSpec =>
  ({ name, configPath: `server.listeners[${name}]`, host: "127.0.0.1", port: 0, insecureHttp: false, ...extra });
const VPCE = "vpce-0a1b2c3d4e5f67890";

let dir: string;
let tls: GeneratedTlsMaterial;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "plinth-listeners-"));
  tls = await ensureTlsMaterial({ dataDir: dir, serverNames: [] });
});
after(() => rm(dir, { recursive: true, force: true }));

async function withListeners(specs: ListenerSpec[], run: (l: Listeners, probe: FactsProbe, log: ReturnType<typeof captureLog>) => Promise<void>): Promise<void> {
  const probe = new FactsProbe();
  const log = captureLog();
  const listeners = await startListeners(probe, specs, { defaultTls: tls, logger: log.logger, limits: TEST_LIMITS });
  try {
    await run(listeners, probe, log);
  } finally {
    await listeners.close();
  }
}

describe("listeners: private endpoints", () => {
  it("a private listener's requests carry its endpoint id and the VPC source address; a public one's do not", async () => {
    await withListeners([spec("public"), spec("vpc", { privateEndpointId: VPCE })], async (listeners) => {
      const [publicUrl, vpcUrl] = listeners.all.map((l) => l.url);
      const overPublic = JSON.parse((await getHttp1(`${publicUrl}/`, { ca: tls.ca })).body!) as EdgeFacts;
      assert.equal(overPublic.listener, "public");
      assert.equal(overPublic.sourceIp, "127.0.0.1");
      assert.equal(overPublic.sourceVpce, undefined);
      assert.equal(overPublic.vpcSourceIp, undefined);
      for (const get of [getHttp1, getHttp2]) {
        const overVpc = JSON.parse((await get(`${vpcUrl}/`, { ca: tls.ca })).body!) as EdgeFacts;
        assert.equal(overVpc.listener, "vpc");
        assert.equal(overVpc.sourceVpce, VPCE);
        assert.equal(overVpc.vpcSourceIp, "127.0.0.1");
      }
    });
  });

  it("a plain-HTTP private listener (behind a TLS-terminating proxy) is private too, and not secure", async () => {
    await withListeners([spec("inside", { insecureHttp: true, privateEndpointId: VPCE })], async (listeners) => {
      assert.match(listeners.url, /^http:\/\//);
      const facts = JSON.parse((await getHttp1(`${listeners.url}/`, { ca: tls.ca })).body!) as EdgeFacts;
      assert.equal(facts.sourceVpce, VPCE);
      assert.equal(facts.secureTransport, false);
    });
  });
});

describe("listeners: allowed source networks", () => {
  for (const insecureHttp of [false, true]) {
    it(`peers outside the list are disconnected before any request is read (${insecureHttp ? "plain HTTP" : "TLS"})`, async () => {
      await withListeners([spec("office", { insecureHttp, allowedSourceNetworks: ["127.0.0.2/32", "fd00::/8"] })], async (listeners, probe, log) => {
        const refused = await getHttp1(`${listeners.url}/`, { ca: tls.ca });
        assert.equal(refused.status, undefined);
        assert.ok(refused.error, "the connection is closed");
        assert.equal(probe.seen.length, 0, "nothing reached the pipeline");
        const allowed = await getHttp1(`${listeners.url}/`, { ca: tls.ca, localAddress: "127.0.0.2" });
        assert.equal(allowed.status, 200);
        assert.equal((JSON.parse(allowed.body!) as EdgeFacts).sourceIp, "127.0.0.2");
        const refusals = log.lines.filter((l) => l.msg === "connection refused");
        assert.deepEqual(refusals.map((l) => [l.listener, l.peer, l.reason]), [["office", "127.0.0.1", "source-network"]]);
      });
    });
  }

  it("over HTTP/2 too", async () => {
    await withListeners([spec("office", { allowedSourceNetworks: ["127.0.0.2"] })], async (listeners, probe) => {
      assert.equal((await getHttp2(`${listeners.url}/`, { ca: tls.ca })).status, undefined);
      assert.equal(probe.seen.length, 0);
      assert.equal((await getHttp2(`${listeners.url}/`, { ca: tls.ca, localAddress: "127.0.0.2" })).status, 200);
    });
  });
});

describe("startListeners", () => {
  it("starts every listener in order, logs each, and answers as the first (the default) one", async () => {
    await withListeners([spec("public"), spec("vpc", { privateEndpointId: VPCE, allowedSourceNetworks: ["10.0.0.0/8", "127.0.0.1"] })], async (listeners, _probe, log) => {
      assert.deepEqual(listeners.all.map((l) => l.name), ["public", "vpc"]);
      assert.equal(listeners.url, listeners.all[0]!.url);
      assert.notEqual(listeners.all[0]!.port, listeners.all[1]!.port);
      const started = log.lines.filter((l) => l.msg === "listener started");
      assert.deepEqual(started.map((l) => [l.listener, l.url, l.privateEndpointId, l.allowedSourceNetworks]), [
        ["public", listeners.all[0]!.url, undefined, undefined],
        ["vpc", listeners.all[1]!.url, VPCE, 2],
      ]);
    });
  });

  it("a listener that cannot start stops them all, naming its place in the configuration", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    const log = captureLog();
    try {
      await assert.rejects(
        startListeners(new FactsProbe(), [spec("first", { port: 0 }), { ...spec("second", { port }), configPath: "server.listeners[1]" }], { defaultTls: tls, logger: log.logger, limits: TEST_LIMITS }),
        (error) => isFault(error) && error.detail.field === "server.listeners[1]" &&
          error.message === `server.listeners[1]: listener "second" cannot listen on 127.0.0.1 port ${port} (EADDRINUSE)`,
      );
      const first = log.lines.find((l) => l.listener === "first")!;
      const outcome = await getHttp1(`${String(first.url)}/`, { ca: tls.ca });
      assert.equal(outcome.error, "ECONNREFUSED", "the first listener was closed again");
    } finally {
      taken.close();
    }
  });

  it("a client CA file that is missing or holds no certificate is named", async () => {
    const notPem = join(dir, "not-a-ca.pem");
    await writeFile(notPem, "hello\n");
    for (const [caFile, problem] of [[join(dir, "missing.pem"), "cannot read file"], [notPem, "holds no PEM certificate"]] as const) {
      await assert.rejects(
        startListeners(new FactsProbe(), [{ ...spec("m"), configPath: "server.listeners[0]", clientCertificates: { caFile, required: true } }], { defaultTls: tls, logger: captureLog().logger, limits: TEST_LIMITS }),
        (error) => isFault(error) && error.detail.field === "server.listeners[0].clientCa" && error.message.includes(problem),
      );
    }
  });

  it("a listener's own TLS files are named as its fields, not server.tls", async () => {
    const tlsFiles = { certFile: join(dir, "nope.pem"), keyFile: join(dir, "nope-key.pem") };
    await assert.rejects(
      startListeners(new FactsProbe(), [{ ...spec("own"), configPath: "server.listeners[2]", tls: tlsFiles }], { defaultTls: tls, logger: captureLog().logger, limits: TEST_LIMITS }),
      (error) => isFault(error) && error.detail.field === "server.listeners[2].tls.certFile" && error.message.startsWith("server.listeners[2].tls.certFile: cannot read file"),
    );
  });
});

describe("refusal log", () => {
  it("logs the first refusal at once and counts the rest of the interval into the next line, per listener and reason", () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const clock: Clock = { now: () => new Date(now) };
    const log = captureLog();
    const refusals = new RefusalLog(log.logger, clock);
    const note = (listener: string, reason: "source-network" | "client-certificate-missing") => refusals.note({ listener, peer: "192.0.2.1", reason });
    note("a", "source-network");
    note("a", "source-network");
    note("a", "source-network");
    note("a", "client-certificate-missing");
    note("b", "source-network");
    now += REFUSAL_LOG_INTERVAL_MS;
    note("a", "source-network");
    assert.deepEqual(log.lines.map((l) => [l.listener, l.reason, l.alsoRefused, l.level]), [
      ["a", "source-network", undefined, 40],
      ["a", "client-certificate-missing", undefined, 40],
      ["b", "source-network", undefined, 40],
      ["a", "source-network", 2, 40],
    ]);
  });
});
