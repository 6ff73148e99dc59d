import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isFault } from "../kernel/index.js";
import type { IncomingSignedRequest } from "./types.js";
import { readCredentialScope } from "./parse.js";
import { verifySigV4 } from "./verify.js";
import { options, signedRequest, withAuthorization, withHeaders } from "./signing.fixture.js";

type Edit = (req: IncomingSignedRequest) => IncomingSignedRequest;
const header = (name: string, edit: (v: string) => string): Edit => (req) =>
  withHeaders(req, (h) => h.map(([n, v]) => [n, n === name ? edit(v) : v]));
const presigned = (edit: (target: string) => string) => async () => {
  const req = await signedRequest({ method: "GET", path: "/foundation-models" }, { presignExpires: 60 });
  return { ...req, rawTarget: edit(req.rawTarget) };
};

/** Malformed signatures: each is incomplete-signature with a message naming the problem. */
const CASES: Array<{ name: string; make: () => Promise<IncomingSignedRequest>; message: RegExp }> = [
  { name: "another algorithm", make: async () => withAuthorization(await signedRequest(), (v) => v.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512")), message: /Unsupported Authorization type 'AWS4-HMAC-SHA512'/ },
  { name: "a Bearer token", make: async () => withAuthorization(await signedRequest(), () => "Bearer sk-secret-value"), message: /Unsupported Authorization type 'Bearer'/ },
  { name: "no Signature component", make: async () => withAuthorization(await signedRequest(), (v) => v.replace(/, Signature=.*$/, "")), message: /^Authorization header requires 'Signature' parameter\.$/ },
  { name: "no Credential or SignedHeaders", make: async () => withAuthorization(await signedRequest(), (v) => v.replace(/Credential=[^,]*, SignedHeaders=[^,]*,/, "")), message: /requires 'Credential' parameter\. Authorization header requires 'SignedHeaders'/ },
  { name: "a component without '='", make: async () => withAuthorization(await signedRequest(), (v) => `${v}, junk`), message: /malformed/ },
  { name: "a four-part credential", make: async () => withAuthorization(await signedRequest(), (v) => v.replace("/aws4_request", "")), message: /Credential is malformed/ },
  { name: "a scope date other than X-Amz-Date's", make: async () => withAuthorization(await signedRequest(), (v) => v.replace("/20261124/", "/20261123/")), message: /^Date in Credential scope does not match .*'20261123' != '20261124', from '20261124T100000Z'\.$/ },
  { name: "an X-Amz-Date in the wrong format", make: async () => header("x-amz-date", () => "2026-11-24T10:00:00Z")(await signedRequest()), message: /X-Amz-Date must be an ISO 8601 basic timestamp/ },
  { name: "an impossible X-Amz-Date", make: async () => header("x-amz-date", () => "20261324T100000Z")(await signedRequest()), message: /X-Amz-Date must be/ },
  { name: "no X-Amz-Date", make: async () => withHeaders(await signedRequest(), (h) => h.filter(([n]) => n !== "x-amz-date")), message: /requires existence of a 'X-Amz-Date' header/ },
  { name: "host not signed", make: async () => withAuthorization(await signedRequest(), (v) => v.replace(";host;", ";")), message: /^'Host' or ':authority' must be a 'SignedHeader'/ },
  { name: "upper-case SignedHeaders", make: async () => withAuthorization(await signedRequest(), (v) => v.replace(";host;", ";Host;")), message: /lower-case header names/ },
  { name: "a header signed twice", make: async () => withAuthorization(await signedRequest(), (v) => v.replace(";host;", ";host;host;")), message: /more than once/ },
  { name: "a signature that is not hex", make: async () => withAuthorization(await signedRequest(), (v) => v.replace(/Signature=./, "Signature=z")), message: /64 lower-case hexadecimal/ },
  { name: "two Authorization headers", make: async () => withHeaders(await signedRequest(), (h) => [...h, ...h.filter(([n]) => n === "authorization")]), message: /only once/ },
  { name: "an Authorization header and X-Amz-Signature", make: async () => { const r = await signedRequest(); return { ...r, rawTarget: `${r.rawTarget}?X-Amz-Signature=00` }; }, message: /Only one auth mechanism allowed/ },
  { name: "a presigned URL without X-Amz-Date", make: presigned((t) => t.replace(/X-Amz-Date=[^&]*&?/, "")), message: /must include 'X-Amz-Date'/ },
  { name: "a presigned URL with X-Amz-Algorithm only", make: presigned((t) => `${t.split("?")[0]}?X-Amz-Algorithm=AWS4-HMAC-SHA256`), message: /must include 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Expires'/ },
  { name: "a repeated presign parameter", make: presigned((t) => `${t}&X-Amz-Date=20261124T100000Z`), message: /'X-Amz-Date' must appear only once/ },
  { name: "a non-numeric X-Amz-Expires", make: presigned((t) => t.replace(/X-Amz-Expires=\d+/, "X-Amz-Expires=-5")), message: /X-Amz-Expires must be a whole number/ },
  { name: "broken percent-encoding", make: presigned((t) => `${t}&x=%E1%88`), message: /percent-encoded/ },
  { name: "an absolute-form target", make: async () => { const r = await signedRequest(); return { ...r, rawTarget: `https://127.0.0.1:8443${r.rawTarget}` }; }, message: /absolute path/ },
];

describe("malformed signatures are incomplete-signature", () => {
  for (const c of CASES) {
    it(`rejects ${c.name}`, async () => {
      const req = await c.make();
      const error = await verifySigV4(req, options()).then(() => undefined, (e: unknown) => e);
      assert.ok(isFault(error), `expected a Fault, got ${String(error)}`);
      assert.equal(error.kind, "incomplete-signature", error.message);
      assert.match(error.message, c.message);
      assert.ok(!error.message.includes("sk-secret-value"));
    });
  }
});

describe("readCredentialScope", () => {
  it("reads the scope from the Authorization header", async () => {
    assert.deepEqual(readCredentialScope(await signedRequest()), { accessKeyId: "AKIDPLINTHTEST0001", region: "us-east-1", service: "bedrock" });
  });

  it("reads the scope from a presigned URL", async () => {
    const req = await signedRequest({ method: "GET", path: "/foundation-models" }, { presignExpires: 60, service: "kms" });
    assert.deepEqual(readCredentialScope(req), { accessKeyId: "AKIDPLINTHTEST0001", region: "us-east-1", service: "kms" });
  });

  it("gives undefined, never throws, for missing or malformed credentials", async () => {
    const req = await signedRequest();
    assert.equal(readCredentialScope({ rawTarget: "/", headers: [] }), undefined);
    assert.equal(readCredentialScope({ rawTarget: "/?X-Amz-Credential=%E1%88", headers: [] }), undefined);
    assert.equal(readCredentialScope({ rawTarget: "no-slash", headers: [] }), undefined);
    assert.equal(readCredentialScope(withAuthorization(req, (v) => v.replace("/aws4_request", ""))), undefined);
    assert.equal(readCredentialScope(withHeaders(req, (h) => [...h, ...h.filter(([n]) => n === "authorization")])), undefined);
  });
});
