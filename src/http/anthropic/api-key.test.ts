import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../../kernel/index.js";
import type { Principal, Sensitive } from "../../kernel/index.js";
import { BearerScheme } from "../bearer-scheme.js";
import type { Exchange } from "../exchange.js";
import { ANTHROPIC_KEY_HEADER } from "./index.js";

/**
 * A Bedrock API key in `x-api-key`, where Anthropic's clients put theirs: accepted on
 * /anthropic/ paths only, never as well as another credential, never visible to an operation
 * afterwards, never quoted.
 */
const alice: Principal = { type: "IAMUser", accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/alice", userId: "AIDAAAAAAAAAAAAAAAAA", userName: "alice", accessKeyId: "ACCAAAAAAAAAAAAAAAAA" };
const LONG = "ABSKYWxpY2UtYXQtMTIzNDU2Nzg5MDEyLUFCQ0RFRkdIOnNlY3JldHNlY3JldHNlY3JldA==";

function exchange(rawPath: string, headers: [string, string][], rawQuery = ""): Exchange {
  return { rawPath, rawHeaders: headers, rawQuery, header: (n: string) => headers.find(([k]) => k.toLowerCase() === n)?.[1] } as unknown as Exchange;
}

function scheme(): { scheme: BearerScheme; seen: string[] } {
  const seen: string[] = [];
  const verify = async (key: Sensitive<string>): Promise<Principal> => { seen.push(key.reveal()); return alice; };
  return { scheme: new BearerScheme({ authenticate: verify }, { verify }, [ANTHROPIC_KEY_HEADER]), seen };
}

async function refusal(call: Promise<unknown>, kind: Fault["kind"]): Promise<void> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof Fault, `expected a fault, got ${String(error)}`);
  assert.equal(error.kind, kind, error.message);
  assert.ok(!error.message.includes(LONG.slice(4, 40)), "the message quotes the key");
}

describe("a Bedrock API key in x-api-key", () => {
  it("is the key on /anthropic/ paths, with bedrock:CallWithBearerToken, and hidden from the operation like Authorization", async () => {
    const { scheme: s, seen } = scheme();
    const pending = await s.begin(exchange("/anthropic/v1/messages", [["Host", "x"], ["X-Api-Key", LONG], ["anthropic-version", "2023-06-01"]]), "bedrock");
    assert.ok(pending);
    const done = await pending.finish(undefined);
    assert.equal(done.principal, alice);
    assert.equal(done.scheme, "bearer");
    assert.deepEqual([...done.signedHeaders].sort(), ["anthropic-version", "host"]);
    assert.deepEqual(done.requires, [{ action: "bedrock:CallWithBearerToken", resource: "*", conditions: new Map([["bedrock:BearerTokenType", "LONG_TERM"]]) }]);
    assert.deepEqual(seen, [LONG]);
  });

  it("is no credential anywhere else: the scheme declines, and SigV4 answers", async () => {
    const { scheme: s, seen } = scheme();
    for (const path of ["/model/m/converse", "/openai/v1/chat/completions", "/anthropic"]) {
      assert.equal(await s.begin(exchange(path, [["x-api-key", LONG]]), "bedrock"), undefined, path);
    }
    assert.deepEqual(seen, []);
  });

  it("refuses it beside another credential (a bearer token, a SigV4 header, a presigned query), or twice", async () => {
    const { scheme: s, seen } = scheme();
    await refusal(s.begin(exchange("/anthropic/v1/messages", [["x-api-key", LONG], ["authorization", `Bearer ${LONG}`]]), "bedrock"), "incomplete-signature");
    await refusal(s.begin(exchange("/anthropic/v1/messages", [["x-api-key", LONG], ["authorization", "AWS4-HMAC-SHA256 Credential=AKID/20250101/eu-west-2/bedrock/aws4_request, SignedHeaders=host, Signature=00"]]), "bedrock"), "incomplete-signature");
    await refusal(s.begin(exchange("/anthropic/v1/messages", [["x-api-key", LONG]], "X-Amz-Credential=AKID%2F20250101"), "bedrock"), "incomplete-signature");
    await refusal(s.begin(exchange("/anthropic/v1/messages", [["x-api-key", LONG], ["x-api-key", LONG]]), "bedrock"), "incomplete-signature");
    assert.deepEqual(seen, []);
  });

  it("refuses what is not a key's shape (an Anthropic key is one that is not ours), without quoting it", async () => {
    const { scheme: s } = scheme();
    await refusal(s.begin(exchange("/anthropic/v1/messages", [["x-api-key", `Bearer ${LONG}`]]), "bedrock"), "unrecognized-client");
    await refusal(s.begin(exchange("/anthropic/v1/messages", [["x-api-key", "sk-ant-api03-abcdefABCDEF0123456789"]]), "bedrock"), "unrecognized-client");
  });
});
