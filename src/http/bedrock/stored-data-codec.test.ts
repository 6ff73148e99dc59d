import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeListStoredData, encodeStoredData } from "./stored-data-codec.js";

const token = (text: string) => Buffer.from(text, "latin1").toString("base64url");

describe("ListStoredData codec", () => {
  const accepted: ReadonlyArray<readonly [string, { maxResults: number; offset: number }]> = [
    ["", { maxResults: 1000, offset: 0 }],
    ["maxResults=1", { maxResults: 1, offset: 0 }],
    ["maxResults=1000", { maxResults: 1000, offset: 0 }],
    [`maxResults=5&nextToken=${token("o10")}`, { maxResults: 5, offset: 10 }],
  ];
  for (const [query, expected] of accepted) {
    it(`decodes "${query}"`, () => assert.deepEqual(decodeListStoredData(new URLSearchParams(query)), expected));
  }
  const refused: ReadonlyArray<readonly [string, string]> = [
    ["maxResults=0", "maxResults"], ["maxResults=1001", "maxResults"], ["maxResults=-1", "maxResults"], ["maxResults=2.5", "maxResults"],
    ["maxResults=", "maxResults"], [`nextToken=${token("o0")}`, "nextToken"], ["nextToken=garbage", "nextToken"], ["accountId=111111111111", "accountId"],
  ];
  for (const [query, field] of refused) {
    it(`refuses "${query}" naming ${field}`, () => {
      assert.throws(() => decodeListStoredData(new URLSearchParams(query)), (e: { kind?: string; field?: string; details?: { field?: string } }) => {
        assert.equal(e.kind, "validation");
        assert.match(JSON.stringify(e) + String(e), new RegExp(field));
        return true;
      });
    });
  }

  it("encodes a page and the token of the next one; the last page has none", () => {
    const object = (n: number) => ({
      accountId: "111111111111", resourceArn: `arn:aws:iam::111111111111:user/u${n}`, objectId: `o${n}`, kind: "access-key-secret" as const, bytes: 200 + n,
      keyArn: "arn:aws:kms:eu-west-2:111111111111:key/00000000-0000-0000-0000-000000000000", keyState: "Enabled" as const,
      createdAt: new Date(Date.UTC(2026, 0, n + 1)), retention: { rule: "until-deleted" as const, accountMode: "none" as const },
    });
    const all = [object(0), object(1), object(2)];
    const first = encodeStoredData(all, { maxResults: 2, offset: 0 }) as { storedData: Array<Record<string, unknown>>; nextToken?: string };
    assert.equal(first.storedData.length, 2);
    assert.deepEqual(first.storedData[0], {
      accountId: "111111111111", resourceArn: "arn:aws:iam::111111111111:user/u0", objectId: "o0", kind: "access-key-secret", sizeBytes: 200,
      keyArn: "arn:aws:kms:eu-west-2:111111111111:key/00000000-0000-0000-0000-000000000000", keyState: "Enabled",
      createdAt: "2026-01-01T00:00:00.000Z", retention: { rule: "until-deleted", accountMode: "none" },
    });
    const next = decodeListStoredData(new URLSearchParams({ nextToken: first.nextToken! }));
    const last = encodeStoredData(all, next) as { storedData: unknown[]; nextToken?: string };
    assert.deepEqual([last.storedData.length, last.nextToken], [1, undefined]);
  });
});
