import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { systemClock } from "../kernel/index.js";
import type { Principal } from "../kernel/index.js";
import { Authentication } from "./authenticate.js";
import type { AuthScheme } from "./authenticate.js";
import { Edge } from "./edge.js";
import { EventStreamWriter } from "./eventstream.js";
import type { ExchangeRecord, Journal } from "./observe.js";
import { defineOperation } from "./operation.js";
import { Pipeline } from "./pipeline.js";
import { Router } from "./router.js";
import { TEST_LIMITS } from "./listeners.fixture.js";
import { listen } from "./server.js";
import type { Listener } from "./server.js";

/**
 * The journal (the audit trail) is the one observer an answer waits for: no byte of a plain
 * answer, and not the end of a stream, leaves before the record is committed; a journal that
 * cannot commit turns the answer into a 503, and a stream's end into an exception event.
 */
const alice: Principal = { type: "IAMUser", accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/alice", userId: "AIDAAAAAAAAAAAAAAAAA", userName: "alice", accessKeyId: "AKIAAAAAAAAAAAAAAAAA" };
const everyoneIsAlice: AuthScheme = {
  name: "sigv4",
  begin: async () => ({ scheme: "sigv4", needsBodyHash: false, finish: async () => ({ principal: alice, scheme: "sigv4", signedHeaders: new Set<string>() }) }),
};

describe("the pipeline waits for the journal", () => {
  let listener: Listener;
  const events: string[] = [];
  let failing = false;
  const journal: Journal = {
    commit: async (r: ExchangeRecord) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      if (failing) throw new Error("disk full");
      events.push(`committed ${r.operation} ${r.status}`);
    },
  };

  before(async () => {
    const plain = defineOperation<string, string>({
      name: "Plain", method: "POST", path: "/plain", signingService: "bedrock", action: "bedrock:ListFoundationModels",
      decode: () => "x", resource: () => "*", invoke: async () => "ok",
      encode: (out) => ({ kind: "json", status: 200, body: { out } }),
    });
    const streamed = defineOperation<string, string>({
      name: "Streamed", method: "POST", path: "/stream", signingService: "bedrock", action: "bedrock:ListFoundationModels",
      decode: () => "x", resource: () => "*", invoke: async () => "ok",
      encode: () => ({
        kind: "stream", status: 200, headers: { "content-type": "application/vnd.amazon.eventstream" },
        frames: (async function* () { yield new EventStreamWriter().event("chunk", { a: 1 }); })(),
      }),
    });
    const pipeline = new Pipeline({
      router: new Router([plain, streamed]),
      edge: new Edge({ region: "eu-west-2", trustedProxies: [], secure: false }, systemClock),
      authentication: new Authentication([everyoneIsAlice]),
      authorizer: { decide: async () => ({ allowed: true, statements: [] }) },
      observers: [], journal, maxBodyBytes: 1024,
    });
    listener = await listen(pipeline, { host: "127.0.0.1", port: 0, limits: TEST_LIMITS });
  });
  after(() => listener?.close());

  function post(path: string): Promise<{ status: number; errorType?: string; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, listener.url), { method: "POST" }, (res) => {
        events.push(`head ${res.statusCode}`);
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => { events.push("end"); resolve({ status: res.statusCode ?? 0, errorType: res.headers["x-amzn-errortype"] as string | undefined, body: Buffer.concat(chunks) }); });
      });
      req.on("error", reject);
      req.end();
    });
  }

  it("sends a plain answer only after its record is committed", async () => {
    events.length = 0;
    failing = false;
    assert.equal((await post("/plain")).status, 200);
    assert.deepEqual(events, ["committed Plain 200", "head 200", "end"]);
  });

  it("ends a stream only after its record is committed", async () => {
    events.length = 0;
    failing = false;
    assert.equal((await post("/stream")).status, 200);
    assert.deepEqual(events, ["head 200", "committed Streamed 200", "end"]);
  });

  it("answers 503 ServiceUnavailableException, not the result, when the record cannot be committed", async () => {
    failing = true;
    const answer = await post("/plain");
    assert.equal(answer.status, 503);
    assert.equal(answer.errorType, "ServiceUnavailableException");
    assert.doesNotMatch(answer.body.toString(), /ok/);
  });

  it("ends a stream with an exception event when its record cannot be committed", async () => {
    failing = true;
    const answer = await post("/stream");
    assert.match(answer.body.toString("latin1"), /serviceUnavailableException/);
  });
});
