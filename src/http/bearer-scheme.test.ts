import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../kernel/index.js";
import type { Principal, Sensitive } from "../kernel/index.js";
import { Authentication } from "./authenticate.js";
import type { AuthScheme } from "./authenticate.js";
import { BearerScheme } from "./bearer-scheme.js";
import type { Exchange } from "./exchange.js";

/**
 * The bearer scheme on its own: when it declines, how it tells the two kinds of key apart, what
 * it answers (every header but Authorization, and bedrock:CallWithBearerToken to authorise with
 * the key's type), and what it refuses, never quoting the key.
 */
const alice: Principal = { type: "IAMUser", accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/alice", userId: "AIDAAAAAAAAAAAAAAAAA", userName: "alice", accessKeyId: "ACCAAAAAAAAAAAAAAAAA" };
const LONG = "ABSKYWxpY2UtYXQtMTIzNDU2Nzg5MDEyLUFCQ0RFRkdIOnNlY3JldHNlY3JldHNlY3JldA==";
const SHORT = "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tLz9BY3Rpb249Q2FsbFdpdGhCZWFyZXJUb2tlbg==";

function exchange(headers: [string, string][], rawQuery = ""): Exchange {
  return { rawHeaders: headers, rawQuery, header: (n: string) => headers.find(([k]) => k.toLowerCase() === n)?.[1] } as unknown as Exchange;
}

function scheme(): { scheme: BearerScheme; seen: string[] } {
  const seen: string[] = [];
  const verify = (kind: string) => async (key: Sensitive<string>): Promise<Principal> => { seen.push(`${kind}:${key.reveal()}`); return alice; };
  return { scheme: new BearerScheme({ authenticate: verify("long") }, { verify: verify("short") }), seen };
}

async function refusal(call: Promise<unknown>, kind: Fault["kind"]): Promise<Fault> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof Fault, `expected a fault, got ${String(error)}`);
  assert.equal(error.kind, kind, error.message);
  assert.ok(!error.message.includes(LONG) && !error.message.includes(SHORT.slice(16)), "the message quotes the key");
  return error;
}

describe("the bearer scheme", () => {
  it("declines requests without a bearer token: none, or SigV4's Authorization", async () => {
    const { scheme: s, seen } = scheme();
    assert.equal(await s.begin(exchange([["Host", "x"]]), "bedrock"), undefined);
    assert.equal(await s.begin(exchange([["Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20250101/eu-west-2/bedrock/aws4_request, SignedHeaders=host, Signature=00"]]), "bedrock"), undefined);
    assert.equal(await s.begin(exchange([["Host", "x"]], "X-Amz-Credential=AKID%2F20250101"), "bedrock"), undefined);
    assert.deepEqual(seen, []);
  });

  it("tells the kinds apart by prefix, and answers the principal, every header but Authorization, and CallWithBearerToken with the type", async () => {
    const { scheme: s, seen } = scheme();
    for (const [key, type] of [[LONG, "LONG_TERM"], [SHORT, "SHORT_TERM"]] as const) {
      const pending = await s.begin(exchange([["Host", "x"], ["authorization", `Bearer ${key}`], ["Content-Type", "application/json"], ["X-Amzn-Bedrock-GuardrailIdentifier", "g1"]]), "bedrock");
      assert.ok(pending);
      assert.deepEqual([pending.scheme, pending.needsBodyHash], ["bearer", false]);
      const done = await pending.finish(undefined);
      assert.equal(done.principal, alice);
      assert.equal(done.scheme, "bearer");
      assert.deepEqual([...done.signedHeaders].sort(), ["content-type", "host", "x-amzn-bedrock-guardrailidentifier"]);
      assert.deepEqual(done.requires, [{ action: "bedrock:CallWithBearerToken", resource: "*", conditions: new Map([["bedrock:BearerTokenType", type]]) }]);
    }
    assert.deepEqual(seen, [`long:${LONG}`, `short:${SHORT}`]);
  });

  it("the scheme name is matched without regard to case, and spaces around the token are ignored", async () => {
    const { scheme: s } = scheme();
    assert.ok(await s.begin(exchange([["AUTHORIZATION", `bearer   ${LONG} `]]), "bedrock"));
    assert.ok(await s.begin(exchange([["authorization", `BEARER ${SHORT}`]]), "bedrock"));
  });

  it("refuses ambiguous or malformed credentials and keys of no known kind", async () => {
    const { scheme: s, seen } = scheme();
    await refusal(s.begin(exchange([["authorization", `Bearer ${LONG}`], ["Authorization", `Bearer ${SHORT}`]]), "bedrock"), "incomplete-signature");
    await refusal(s.begin(exchange([["authorization", `Bearer ${LONG}`], ["Authorization", "AWS4-HMAC-SHA256 Credential=x"]]), "bedrock"), "incomplete-signature");
    await refusal(s.begin(exchange([["authorization", `Bearer ${LONG}`]], "X-Amz-Signature=00&X-Amz-Credential=x"), "bedrock"), "incomplete-signature");
    await refusal(s.begin(exchange([["authorization", `Bearer ${LONG} extra`]]), "bedrock"), "unrecognized-client");
    await refusal(s.begin(exchange([["authorization", "Bearer"]]), "bedrock"), "unrecognized-client");
    await refusal(s.begin(exchange([["authorization", `Bearer sk-${LONG.slice(4)}`]]), "bedrock"), "unrecognized-client");
    assert.deepEqual(seen, []);
  });

  it("Bedrock API keys are for Bedrock operations only: another service is refused before the key is looked at", async () => {
    const { scheme: s, seen } = scheme();
    const refused = await refusal(s.begin(exchange([["authorization", `Bearer ${LONG}`]]), "iam"), "missing-authentication");
    assert.match(refused.message, /Signature Version 4/);
    assert.deepEqual(seen, []);
  });

  it("before SigV4 in the list: an operation that does not accept bearer refuses it; a SigV4 request still reaches SigV4", async () => {
    const { scheme: s } = scheme();
    const sigv4: AuthScheme = { name: "sigv4", begin: async () => ({ scheme: "sigv4", needsBodyHash: true, finish: async () => ({ principal: alice, scheme: "sigv4", signedHeaders: new Set(["host"]) }) }) };
    const authentication = new Authentication([s, sigv4]);
    const refused = await refusal(authentication.begin(exchange([["authorization", `Bearer ${LONG}`]]), "bedrock", new Set(["sigv4"])), "missing-authentication");
    assert.match(refused.message, /does not accept bearer tokens/);
    const pending = await authentication.begin(exchange([["authorization", "AWS4-HMAC-SHA256 Credential=x"]]), "bedrock", new Set(["sigv4", "bearer"]));
    assert.equal(pending.scheme, "sigv4");
  });
});
