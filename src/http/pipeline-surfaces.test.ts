import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { Fault, systemClock } from "../kernel/index.js";
import type { Principal } from "../kernel/index.js";
import { Authentication } from "./authenticate.js";
import type { AuthScheme } from "./authenticate.js";
import { Edge } from "./edge.js";
import type { ExchangeRecord } from "./observe.js";
import { defineOperation } from "./operation.js";
import { Pipeline } from "./pipeline.js";
import type { Protocol } from "./protocols/protocol.js";
import { Router } from "./router.js";
import { TEST_LIMITS } from "./listeners.fixture.js";
import { listen } from "./server.js";
import type { Listener } from "./server.js";

/**
 * What the pipeline offers surfaces that are not AWS's own (OpenAI's, Anthropic's): an operation
 * whose body chooses its IAM action, a protocol that answers for every path under its prefix,
 * and streams with their own fault framing and an end marker sent only once the exchange is
 * recorded.
 */
const alice: Principal = { type: "IAMUser", accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/alice", userId: "AIDAAAAAAAAAAAAAAAAA", userName: "alice", accessKeyId: "AKIAAAAAAAAAAAAAAAAA" };
const everyoneIsAlice: AuthScheme = {
  name: "sigv4",
  begin: async () => ({ scheme: "sigv4", needsBodyHash: false, finish: async () => ({ principal: alice, scheme: "sigv4", signedHeaders: new Set() }) }),
};
const shaped: Protocol = {
  name: "openai", pathPrefix: "/shaped/",
  error: (f) => ({ status: f.kind === "unknown-operation" ? 404 : 400, code: f.kind, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: { kind: f.kind } }) }),
};
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe("the pipeline for surfaces of their own", () => {
  let listener: Listener;
  const decided: string[] = [];
  const records: ExchangeRecord[] = [];
  let journalUp = true;

  before(async () => {
    const op = defineOperation<{ mode: string }, string>({
      name: "Talk", method: "POST", path: "/shaped/v1/talk", signingService: "bedrock", action: "bedrock:InvokeModel", protocol: shaped,
      actionOf: (input) => (input.mode === "stream" || input.mode === "break" ? "bedrock:InvokeModelWithResponseStream" : "bedrock:InvokeModel"),
      decode: ({ body }) => JSON.parse(body.toString()) as { mode: string },
      resource: () => "arn:aws:bedrock:eu-west-2::foundation-model/m",
      invoke: async (input) => input.mode,
      encode: (mode) => mode === "plain" ? { kind: "json", status: 200, body: { ok: true } } : {
        kind: "stream", status: 200, headers: { "content-type": "text/event-stream" },
        frames: (async function* () {
          yield text("data: 1\n\n");
          if (mode === "break") throw new Fault("model-stream-error", "upstream broke");
          yield text("data: 2\n\n");
        })(),
        fault: (f) => text(`data: {"error":"${f.kind}"}\n\n`),
        trailer: text("data: [DONE]\n\n"),
      },
    });
    const thing = defineOperation<string, string>({
      name: "Thing", method: "GET", path: "/shaped/v1/things/{id}", signingService: "bedrock", action: "bedrock:GetFoundationModel", protocol: shaped,
      decode: ({ params }) => params["id"]!, resource: () => "*", invoke: async (id) => id, encode: (id) => ({ kind: "json", status: 200, body: { id } }),
    });
    const pipeline = new Pipeline({
      router: new Router([op, thing]),
      edge: new Edge({ region: "eu-west-2", trustedProxies: [], secure: false }, systemClock),
      authentication: new Authentication([everyoneIsAlice]),
      authorizer: { decide: async (_ctx, action) => (decided.push(action), { allowed: true, statements: [] }) },
      observers: [{ name: "records", observe: (r) => { records.push(r); } }],
      journal: { commit: async () => { if (!journalUp) throw new Error("disk full"); } },
      maxBodyBytes: 1024,
    });
    listener = await listen(pipeline, { host: "127.0.0.1", port: 0, limits: TEST_LIMITS });
  });
  after(() => listener?.close());

  function send(method: string, path: string, body = ""): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, listener.url), { method }, (res) => {
        let out = "";
        res.on("data", (c: Buffer) => { out += c.toString(); });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: out }));
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  it("the input chooses the action that is authorised and recorded", async () => {
    decided.length = 0;
    await send("POST", "/shaped/v1/talk", '{"mode":"plain"}');
    await send("POST", "/shaped/v1/talk", '{"mode":"stream"}');
    assert.deepEqual(decided, ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]);
    assert.equal(records.at(-1)!.action, "bedrock:InvokeModelWithResponseStream");
  });

  it("a path under the prefix that no route matches answers in the surface's shape; elsewhere restJson", async () => {
    assert.deepEqual(await send("POST", "/shaped/v1/nothing"), { status: 404, body: '{"error":{"kind":"unknown-operation"}}' });
    assert.deepEqual(await send("GET", "/shaped/v1/talk"), { status: 404, body: '{"error":{"kind":"unknown-operation"}}' });
    // A path label that does not decode is refused while routing: in the surface's shape too.
    assert.deepEqual(await send("GET", "/shaped/v1/things/%ED%A0%80"), { status: 400, body: '{"error":{"kind":"validation"}}' });
    const elsewhere = await send("POST", "/nothing");
    assert.equal(elsewhere.status, 404);
    assert.match(elsewhere.body, /^\{"message"/);
  });

  it("the trailer follows the frames once the exchange is recorded", async () => {
    assert.equal((await send("POST", "/shaped/v1/talk", '{"mode":"stream"}')).body, "data: 1\n\ndata: 2\n\ndata: [DONE]\n\n");
  });

  it("a fault mid-stream is framed by the reply, and no trailer claims the answer complete", async () => {
    assert.equal((await send("POST", "/shaped/v1/talk", '{"mode":"break"}')).body, 'data: 1\n\ndata: {"error":"model-stream-error"}\n\n');
  });

  it("an exchange the journal cannot record ends with a fault, not the trailer", async () => {
    journalUp = false;
    try {
      assert.equal((await send("POST", "/shaped/v1/talk", '{"mode":"stream"}')).body, 'data: 1\n\ndata: 2\n\ndata: {"error":"service-unavailable"}\n\n');
    } finally {
      journalUp = true;
    }
  });
});
