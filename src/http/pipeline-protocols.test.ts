import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { Fault, systemClock } from "../kernel/index.js";
import type { Principal } from "../kernel/index.js";
import { Authentication } from "./authenticate.js";
import type { AuthScheme } from "./authenticate.js";
import { Edge } from "./edge.js";
import { defineOperation } from "./operation.js";
import { Pipeline } from "./pipeline.js";
import type { Protocol } from "./protocols/protocol.js";
import { Router } from "./router.js";
import { TEST_LIMITS } from "./listeners.fixture.js";
import { listen } from "./server.js";
import type { Listener } from "./server.js";

/**
 * What a surface that is not an AWS protocol needs of the pipeline (Anthropic's Messages API, an
 * OpenAI-compatible one): a path under its prefix that matches no route is refused in its error
 * shape; the request may decide the action it is authorised as (`stream` on one route); and a
 * stream that fails once begun ends with the protocol's own error frame, not an event-stream one.
 */
const alice: Principal = { type: "IAMUser", accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/alice", userId: "AIDAAAAAAAAAAAAAAAAA", userName: "alice", accessKeyId: "AKIAAAAAAAAAAAAAAAAA" };
const everyoneIsAlice: AuthScheme = {
  name: "sigv4",
  begin: async () => ({ scheme: "sigv4", needsBodyHash: false, finish: async () => ({ principal: alice, scheme: "sigv4", signedHeaders: new Set() }) }),
};

const surface: Protocol = {
  name: "anthropic",
  pathPrefix: "/surface/",
  error: (f) => ({ status: 418, code: `surface:${f.kind}`, headers: { "content-type": "application/json" }, body: JSON.stringify({ surface: f.kind }) }),
  streamError: (f) => new TextEncoder().encode(`error:${f.kind}\n`),
};

describe("the pipeline for surfaces with their own protocol", () => {
  let listener: Listener;
  const actions: string[] = [];

  before(async () => {
    const op = defineOperation<{ stream: boolean }, boolean>({
      name: "Talk", method: "POST", path: "/surface/v1/talk", signingService: "bedrock", protocol: surface,
      action: "bedrock:InvokeModel",
      actionOf: (input) => (input.stream ? "bedrock:InvokeModelWithResponseStream" : "bedrock:InvokeModel"),
      decode: ({ body }) => JSON.parse(body.toString()) as { stream: boolean },
      resource: () => "arn:aws:bedrock:eu-west-2::foundation-model/m",
      invoke: async (input) => input.stream,
      encode: (stream) => (stream
        ? { kind: "stream", status: 200, headers: { "content-type": "text/plain" }, frames: failing() }
        : { kind: "json", status: 200, body: { ok: true } }),
    });
    const pipeline = new Pipeline({
      router: new Router([op]),
      edge: new Edge({ region: "eu-west-2", trustedProxies: [], secure: false }, systemClock),
      authentication: new Authentication([everyoneIsAlice]),
      authorizer: { decide: async (_ctx, action) => (actions.push(action), { allowed: action === "bedrock:InvokeModel" || action === "bedrock:InvokeModelWithResponseStream", statements: [] }) },
      observers: [],
      maxBodyBytes: 1024,
    });
    listener = await listen(pipeline, { host: "127.0.0.1", port: 0, limits: TEST_LIMITS });
  });
  after(() => listener?.close());

  async function* failing(): AsyncIterable<Uint8Array> {
    yield new TextEncoder().encode("part\n");
    throw new Fault("model-stream-error", "the model stopped");
  }

  function post(path: string, body: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, listener.url), { method: "POST" }, (res) => {
        let text = "";
        res.on("data", (d: Buffer) => { text += d.toString(); });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  it("a path under the surface's prefix that matches no route: the surface's error, not restJson's", async () => {
    assert.deepEqual(await post("/surface/v1/nothing", "{}"), { status: 418, body: '{"surface":"unknown-operation"}' });
    const elsewhere = await post("/elsewhere", "{}");
    assert.equal(elsewhere.status, 404, "other paths keep restJson's answer");
  });

  it("the request decides the action: each call authorised as its own", async () => {
    actions.length = 0;
    assert.equal((await post("/surface/v1/talk", '{"stream":false}')).status, 200);
    await post("/surface/v1/talk", '{"stream":true}');
    assert.deepEqual(actions, ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]);
  });

  it("a stream that fails once begun ends with the protocol's error frame", async () => {
    assert.deepEqual(await post("/surface/v1/talk", '{"stream":true}'), { status: 200, body: "part\nerror:model-stream-error\n" });
  });
});
