import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as sdk from "@smithy/signature-v4";
import * as names from "./names.js";

describe("SigV4 names", () => {
  it("are the AWS SDK signer's", () => {
    assert.equal(names.ALGORITHM, sdk.ALGORITHM_IDENTIFIER);
    for (const key of ["SHA256_HEADER", "UNSIGNED_PAYLOAD", "MAX_PRESIGNED_TTL", "ALGORITHM_QUERY_PARAM", "CREDENTIAL_QUERY_PARAM",
      "AMZ_DATE_QUERY_PARAM", "SIGNED_HEADERS_QUERY_PARAM", "EXPIRES_QUERY_PARAM", "SIGNATURE_QUERY_PARAM", "TOKEN_QUERY_PARAM"] as const) {
      assert.equal(names[key], sdk[key], key);
    }
  });
});
