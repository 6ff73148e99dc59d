import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { Fault, systemClock } from "../kernel/index.js";
import type { Principal } from "../kernel/index.js";
import type { MatchedStatement } from "../policy/index.js";
import { Authentication } from "./authenticate.js";
import type { AuthScheme } from "./authenticate.js";
import { Edge } from "./edge.js";
import type { PipelineHooks } from "./hooks.js";
import type { ExchangeRecord } from "./observe.js";
import { defineOperation } from "./operation.js";
import { Pipeline } from "./pipeline.js";
import { Router } from "./router.js";
import { TEST_LIMITS } from "./listeners.fixture.js";
import { listen } from "./server.js";
import type { Listener } from "./server.js";

/**
 * The pipeline's seams, through a real listener: the steps run in their fixed order; resolve
 * turns the caller's spelling into the canonical resource before authorisation and only that
 * reaches the record; a denial keeps its determining statements; admission may refuse; an input
 * guard may replace the input and an output guard the output; an observer that throws is reported
 * and the others still see the record; a refusal names the step that refused.
 */
const alice: Principal = { type: "IAMUser", accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/alice", userId: "AIDAAAAAAAAAAAAAAAAA", userName: "alice", accessKeyId: "AKIAAAAAAAAAAAAAAAAA" };
const DENY: MatchedStatement = { policy: "user/alice:inline/p", kind: "identity", sid: "NoSecret", index: 0, effect: "Deny" };

/** Accepts every request as alice, before reading the body: the seams, not SigV4, are under test. */
const everyoneIsAlice: AuthScheme = {
  name: "sigv4",
  begin: async () => ({ scheme: "sigv4", needsBodyHash: false, finish: async () => ({ principal: alice, scheme: "sigv4", signedHeaders: new Set(["x-admit"]) }) }),
};

describe("the pipeline's steps and hooks", () => {
  let listener: Listener;
  const steps: string[] = [];
  const records: ExchangeRecord[] = [];
  const observerFaults: string[] = [];

  before(async () => {
    const op = defineOperation<string, string, { canonical: string }>({
      name: "Echo", method: "POST", path: "/echo/{thing}", signingService: "bedrock", action: "bedrock:GetFoundationModel",
      decode: ({ params }) => (steps.push("decode"), params["thing"]!),
      resolve: (spelling) => {
        steps.push("resolve");
        if (spelling !== spelling.toLowerCase()) throw new Fault("validation", "spell it in lower case", { field: "thing" });
        return { canonical: `thing/${spelling}` };
      },
      resource: (r) => `arn:aws:bedrock:eu-west-2::${r.canonical}`,
      subject: (r) => r.canonical,
      invoke: async (r) => (steps.push("invoke"), r.canonical),
      encode: (out) => (steps.push("encode"), { kind: "json", status: 200, body: { out } }),
    });
    const hooks: PipelineHooks = {
      admission: [{ name: "quota", admit: async (step) => { steps.push("admit"); if (step.ctx.principal.arn === alice.arn && step.resource.endsWith("/full")) throw new Fault("throttling", "Too many requests"); } }],
      inputGuards: [{ name: "mask", guardInput: async (step) => { steps.push("guard-input"); const r = step.input as { canonical: string }; return { canonical: r.canonical.replace("card", "[masked]") }; } }],
      outputGuards: [{ name: "shout", guardOutput: async (_step, output) => (steps.push("guard-output"), String(output).toUpperCase()) }],
    };
    const pipeline = new Pipeline({
      router: new Router([op]),
      edge: new Edge({ region: "eu-west-2", trustedProxies: [], secure: false }, systemClock),
      authentication: new Authentication([everyoneIsAlice]),
      authorizer: {
        decide: async (_ctx, _action, resource) => (steps.push("authorize"), resource.endsWith("/secret")
          ? { allowed: false, statements: [DENY], message: "User: alice is not authorized with an explicit deny in an identity-based policy" }
          : { allowed: true, statements: [{ ...DENY, sid: "Allow", effect: "Allow" }] }),
      },
      hooks,
      observers: [
        { name: "broken", observe: () => { throw new Error("observer bug"); } },
        { name: "records", observe: (r) => { records.push(r); } },
      ],
      onObserverFault: (name) => { observerFaults.push(name); },
      maxBodyBytes: 1024,
    });
    listener = await listen(pipeline, { host: "127.0.0.1", port: 0, limits: TEST_LIMITS });
  });
  after(() => listener?.close());

  function post(path: string): Promise<{ status: number; errorType?: string; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, listener.url), { method: "POST" }, (res) => {
        let body = "";
        res.on("data", (c: Buffer) => { body += c.toString(); });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, errorType: res.headers["x-amzn-errortype"] as string | undefined, body }));
      });
      req.on("error", reject);
      req.end();
    });
  }

  it("runs decode, resolve, authorize, admit, guard input, invoke, guard output, encode in that order; the guards replace input and output", async () => {
    steps.length = 0;
    const answer = await post("/echo/card");
    assert.equal(answer.status, 200);
    assert.deepEqual(JSON.parse(answer.body), { out: "THING/[MASKED]" });
    assert.deepEqual(steps, ["decode", "resolve", "authorize", "admit", "guard-input", "invoke", "guard-output", "encode"]);
    const r = records.at(-1)!;
    assert.equal(r.resource, "arn:aws:bedrock:eu-west-2::thing/card");
    assert.equal(r.subject, "thing/card");
    assert.deepEqual(r.decision, { allowed: true, statements: [{ ...DENY, sid: "Allow", effect: "Allow" }] });
  });

  it("a spelling resolve refuses never reaches authorisation or the record", async () => {
    steps.length = 0;
    const answer = await post("/echo/CARD");
    assert.equal(answer.errorType, "ValidationException");
    assert.deepEqual(steps, ["decode", "resolve"]);
    const r = records.at(-1)!;
    assert.equal(r.refusedAt, "resolve");
    assert.equal(r.resource, undefined);
    assert.equal(r.subject, undefined);
    assert.doesNotMatch(JSON.stringify(r), /CARD/);
  });

  it("a denial is thrown by the pipeline and keeps its determining statements on the record", async () => {
    const answer = await post("/echo/secret");
    assert.equal(answer.status, 403);
    assert.equal(answer.errorType, "AccessDeniedException");
    const r = records.at(-1)!;
    assert.equal(r.refusedAt, "authorize");
    assert.deepEqual(r.decision, { allowed: false, statements: [DENY] });
  });

  it("admission may refuse after authorisation, before anything is invoked", async () => {
    steps.length = 0;
    const answer = await post("/echo/full");
    assert.equal(answer.status, 429);
    assert.deepEqual(steps, ["decode", "resolve", "authorize", "admit"]);
    assert.equal(records.at(-1)!.refusedAt, "admit");
  });

  it("an observer that throws is reported by name, and the next observer still sees every record", async () => {
    const before = records.length;
    observerFaults.length = 0;
    await post("/echo/one");
    await post("/echo/two");
    assert.equal(records.length, before + 2);
    assert.deepEqual(observerFaults, ["broken", "broken"]);
  });
});
