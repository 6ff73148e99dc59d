import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { systemClock } from "../kernel/index.js";
import type { Principal } from "../kernel/index.js";
import type { ConditionMap } from "../service/authorize.js";
import { Authentication, SIGV4_OR_BEARER } from "./authenticate.js";
import { BearerScheme } from "./bearer-scheme.js";
import { Edge } from "./edge.js";
import type { ExchangeRecord } from "./observe.js";
import { defineOperation } from "./operation.js";
import { Pipeline } from "./pipeline.js";
import { Router } from "./router.js";
import { TEST_LIMITS } from "./listeners.fixture.js";
import { listen } from "./server.js";
import type { Listener } from "./server.js";

/**
 * A bearer request through the real pipeline: the credentials' own permission
 * (bedrock:CallWithBearerToken, with bedrock:BearerTokenType) is decided for the same principal
 * before the operation's action, and its denial refuses at "authorize"; every header may carry
 * input; an operation that accepts SigV4 only refuses the key; no record holds the key.
 */
const alice: Principal = { type: "IAMUser", accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/alice", userId: "AIDAAAAAAAAAAAAAAAAA", userName: "alice", accessKeyId: "ACCAAAAAAAAAAAAAAAAA" };
const KEY = "ABSKYWxpY2UtYXQtMTIzNDU2Nzg5MDEyLUFCQ0RFRkdIOnNlY3JldHNlY3JldHNlY3JldA==";

describe("bearer requests through the pipeline", () => {
  let listener: Listener;
  const decided: { principal: string; action: string; conditions?: ConditionMap }[] = [];
  const denied = new Set<string>();
  const records: ExchangeRecord[] = [];

  before(async () => {
    const echo = (name: string, path: string, authSchemes?: typeof SIGV4_OR_BEARER) => defineOperation<string, string>({
      name, method: "GET", path, signingService: "bedrock", action: "bedrock:ListFoundationModels", ...(authSchemes ? { authSchemes } : {}),
      decode: ({ header }) => header("x-custom") ?? "(not visible)",
      resource: () => "*",
      invoke: async (seen) => seen,
      encode: (seen) => ({ kind: "json", status: 200, body: { seen } }),
    });
    const pipeline = new Pipeline({
      router: new Router([echo("Both", "/both", SIGV4_OR_BEARER), echo("SigV4Only", "/sigv4-only")]),
      edge: new Edge({ region: "eu-west-2", trustedProxies: [], secure: false }, systemClock),
      authentication: new Authentication([new BearerScheme({ authenticate: async () => alice }, { verify: async () => alice })]),
      authorizer: {
        decide: async (ctx, action, _resource, conditions) => {
          decided.push({ principal: ctx.principal.arn, action, ...(conditions ? { conditions } : {}) });
          return denied.has(action) ? { allowed: false, statements: [], message: `User: ${ctx.principal.arn} is not authorized to perform: ${action}` } : { allowed: true, statements: [] };
        },
      },
      observers: [{ observe: (r) => records.push(r) }],
      maxBodyBytes: 1024,
    });
    listener = await listen(pipeline, { host: "127.0.0.1", port: 0, limits: TEST_LIMITS });
  });
  after(() => listener?.close());

  function get(path: string): Promise<{ status: number; errorType?: string; body: string }> {
    const url = new URL(path, listener.url);
    return new Promise((resolve, reject) => {
      const req = request(url, { headers: { authorization: `Bearer ${KEY}`, "x-custom": "from a header" } }, (res) => {
        let body = "";
        res.on("data", (c: Buffer) => { body += c.toString(); });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, errorType: res.headers["x-amzn-errortype"] as string | undefined, body }));
      });
      req.on("error", reject);
      req.end();
    });
  }

  it("decides bedrock:CallWithBearerToken (LONG_TERM) and then the operation, for the key's owner; headers carry input", async () => {
    decided.length = 0;
    const answer = await get("/both");
    assert.equal(answer.status, 200);
    assert.deepEqual(JSON.parse(answer.body), { seen: "from a header" });
    assert.deepEqual(decided, [
      { principal: alice.arn, action: "bedrock:CallWithBearerToken", conditions: new Map([["bedrock:BearerTokenType", "LONG_TERM"]]) },
      { principal: alice.arn, action: "bedrock:ListFoundationModels" },
    ]);
    assert.equal(records.at(-1)?.authScheme, "bearer");
    assert.equal(records.at(-1)?.accessKeyId, alice.accessKeyId);
  });

  it("a denied CallWithBearerToken refuses at authorize, before the operation's own decision", async () => {
    decided.length = 0;
    denied.add("bedrock:CallWithBearerToken");
    try {
      const answer = await get("/both");
      assert.deepEqual([answer.status, answer.errorType], [403, "AccessDeniedException"]);
      assert.match(answer.body, /not authorized to perform: bedrock:CallWithBearerToken/);
      assert.deepEqual(decided.map((d) => d.action), ["bedrock:CallWithBearerToken"]);
      const record = records.at(-1)!;
      assert.deepEqual([record.refusedAt, record.decision?.allowed, record.errorName], ["authorize", false, "AccessDeniedException"]);
    } finally {
      denied.clear();
    }
  });

  it("an operation that accepts SigV4 only refuses a bearer token without deciding anything", async () => {
    decided.length = 0;
    const answer = await get("/sigv4-only");
    assert.deepEqual([answer.status, answer.errorType], [403, "MissingAuthenticationTokenException"]);
    assert.deepEqual(decided, []);
  });

  it("no record holds the key", () => {
    assert.ok(records.length >= 3);
    for (const record of records) assert.ok(!JSON.stringify(record).includes(KEY.slice(4, 40)));
  });
});
