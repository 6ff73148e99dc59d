/**
 * The AWS SigV4 test suite (awslabs/aws-c-auth tests/aws-signing-test-suite/v4, copied to
 * ../shared/vectors/sigv4): every header-signed and presigned request must verify at the case's
 * timestamp, and each one changed by a byte (signature, a signed header, path, query, body)
 * must be rejected as invalid-signature. A few variants are rejected on purpose; TABLE below
 * says which and why.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fixedClock, isFault, sensitive } from "../../src/kernel/index.js";
import { verifySigV4 } from "../../src/sigv4/index.js";
import type { IncomingSignedRequest, VerifyOptions } from "../../src/sigv4/index.js";

// dist/test/vectors/ -> the directory holding the checkout and shared/.
const VECTORS = fileURLToPath(new URL("../../../../shared/vectors/sigv4/", import.meta.url));
const present = existsSync(VECTORS);
const cases = present
  ? readdirSync(VECTORS).filter((n) => statSync(join(VECTORS, n)).isDirectory()).sort()
  : [];

type Variant = "header" | "query";

const UNNORMALIZED =
  "normalize=false vector (S3-style path): plinth, like every non-S3 AWS service, normalises the path " +
  "before signing, so a signature over the unnormalised path must not verify";

/** Variants a real non-S3 server must reject, with the reason; every other one must verify. */
const TABLE: Record<string, string> = {
  "get-relative-unnormalized": UNNORMALIZED,
  "get-relative-relative-unnormalized": UNNORMALIZED,
  "get-slash-dot-slash-unnormalized": UNNORMALIZED,
  "get-slash-pointless-dot-unnormalized": UNNORMALIZED,
  "get-slash-unnormalized": UNNORMALIZED,
  "get-slashes-unnormalized": UNNORMALIZED,
  // get-space-unnormalized verifies: normalising '/example space/' changes nothing.
  "post-sts-header-after/query":
    "X-Amz-Security-Token was appended to the URL after signing (omit_session_token); a verifier " +
    "signs every query parameter but X-Amz-Signature, as no plinth service exempts the token",
};

const rejectReason = (name: string, variant: Variant) => TABLE[`${name}/${variant}`] ?? TABLE[name];

interface Context {
  credentials: { access_key_id: string; secret_access_key: string; token?: string };
  region: string;
  service: string;
  timestamp: string;
}

interface RawRequest {
  method: string;
  target: string;
  headers: [string, string][];
  body: string;
}

/** Raw HTTP/1.1 text: request line, headers (obs-fold continuation lines kept), blank line, body. */
function parseRawHttp(text: string): RawRequest {
  const normal = text.replace(/\r\n/g, "\n");
  const blank = normal.indexOf("\n\n");
  const head = blank < 0 ? normal : normal.slice(0, blank);
  const [requestLine = "", ...lines] = head.split("\n");
  // The target may hold a space (get-space-*): the method is the first word, the version the last.
  const method = requestLine.slice(0, requestLine.indexOf(" "));
  const target = requestLine.slice(method.length + 1, requestLine.lastIndexOf(" "));
  const headers: [string, string][] = [];
  for (const line of lines) {
    const last = headers.at(-1);
    if (/^[ \t]/.test(line) && last) last[1] += `\n${line}`;
    else headers.push([line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1)]);
  }
  return { method, target, headers, body: blank < 0 ? "" : normal.slice(blank + 2) };
}

function toIncoming(raw: RawRequest): IncomingSignedRequest {
  return {
    method: raw.method,
    rawTarget: raw.target,
    headers: raw.headers,
    bodySha256: createHash("sha256").update(raw.body, "utf8").digest("hex"),
  };
}

function optionsFor(ctx: Context): VerifyOptions {
  return {
    clock: fixedClock(new Date(ctx.timestamp)),
    maxSkewSeconds: 300,
    lookup: async (id) =>
      id === ctx.credentials.access_key_id ? { secretAccessKey: sensitive(ctx.credentials.secret_access_key) } : undefined,
  };
}

/** Changes one character: a digit or letter to the next one, anything else to 'x'. */
function flipAt(text: string, index: number): string {
  const c = text[index] ?? "";
  const next = /[0-8a-yA-Y]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 1)
    : c === "9" ? "0" : c === "z" ? "a" : c === "Z" ? "A" : "x";
  return text.slice(0, index) + next + text.slice(index + 1);
}

/** Flips the last digit of a value, or its last letter when it has no digit. */
function flipValue(value: string): string {
  const digit = value.search(/\d[^\d]*$/);
  return flipAt(value, digit >= 0 ? digit : value.search(/[A-Za-z][^A-Za-z]*$/));
}

interface Mutation {
  label: string;
  apply(raw: RawRequest): RawRequest;
}

function mutations(raw: RawRequest, variant: Variant): Mutation[] {
  const auth = raw.headers.find(([n]) => n.toLowerCase() === "authorization")?.[1] ?? "";
  const signedList = variant === "header"
    ? /SignedHeaders=([^,\s]+)/.exec(auth)?.[1]
    : decodeURIComponent(/[?&]X-Amz-SignedHeaders=([^&]+)/.exec(raw.target)?.[1] ?? "");
  const list: Mutation[] = [
    {
      label: "a flipped hex digit in the signature",
      apply: (r) => {
        const where = variant === "header" ? auth : r.target;
        const at = where.search(variant === "header" ? /Signature=[0-9a-f]/ : /X-Amz-Signature=[0-9a-f]/);
        const index = where.indexOf("=", at) + 1;
        const changed = where.slice(0, index) + (parseInt(where[index]!, 16) ^ 1).toString(16) + where.slice(index + 1);
        return variant === "header"
          ? { ...r, headers: r.headers.map(([n, v]) => [n, n.toLowerCase() === "authorization" ? changed : v]) }
          : { ...r, target: changed };
      },
    },
    {
      label: "a changed byte in the path",
      apply: (r) => {
        const mark = r.target.indexOf("?");
        const path = mark < 0 ? r.target : r.target.slice(0, mark);
        const index = path.search(/[^/]\/*$/);
        const changed = index < 0 ? `${path}x` : flipAt(path, index);
        return { ...r, target: changed + (mark < 0 ? "" : r.target.slice(mark)) };
      },
    },
    {
      label: "a changed byte in the body",
      apply: (r) => ({ ...r, body: r.body === "" ? "x" : flipAt(r.body, r.body.length - 1) }),
    },
  ];
  for (const name of (signedList ?? "").split(";").filter(Boolean)) {
    list.push({
      label: `a changed byte in the signed header ${name}`,
      apply: (r) => {
        const last = r.headers.map(([n]) => n.toLowerCase()).lastIndexOf(name);
        return { ...r, headers: r.headers.map(([n, v], i) => [n, i === last ? flipValue(v) : v]) };
      },
    });
  }
  const query = raw.target.split("?")[1] ?? "";
  if (variant === "query") {
    list.push({ label: "X-Amz-Expires changed", apply: (r) => ({ ...r, target: r.target.replace("X-Amz-Expires=3600", "X-Amz-Expires=3601") }) });
  } else if (query !== "") {
    list.push({ label: "a changed byte in the query", apply: (r) => ({ ...r, target: flipAt(r.target, r.target.length - 1) }) });
  }
  return list;
}

describe("SigV4 test suite (aws-c-auth v4)", { skip: present ? false : `vectors absent: ${VECTORS}` }, () => {
  it("has the 38 cases", () => assert.equal(cases.length, 38));

  for (const name of cases) {
    const dir = join(VECTORS, name);
    const ctx = JSON.parse(readFileSync(join(dir, "context.json"), "utf8")) as Context;
    for (const variant of ["header", "query"] as const) {
      const raw = parseRawHttp(readFileSync(join(dir, `${variant}-signed-request.txt`), "utf8"));
      const reason = rejectReason(name, variant);
      describe(`${name} (${variant})`, () => {
        if (reason !== undefined) {
          it(`is rejected as invalid-signature: ${reason}`, async () => {
            await assert.rejects(verifySigV4(toIncoming(raw), optionsFor(ctx)), (e) => isFault(e) && e.kind === "invalid-signature");
          });
          return;
        }
        it("is accepted", async () => {
          const result = await verifySigV4(toIncoming(raw), optionsFor(ctx));
          assert.equal(result.accessKeyId, ctx.credentials.access_key_id);
          assert.deepEqual(result.scope, { date: ctx.timestamp.slice(0, 10).replace(/-/g, ""), region: ctx.region, service: ctx.service });
          assert.equal(result.presigned, variant === "query");
          assert.equal(result.signedAt.toISOString(), new Date(ctx.timestamp).toISOString());
          assert.equal(result.sessionToken, ctx.credentials.token);
        });
        for (const m of mutations(raw, variant)) {
          it(`rejects ${m.label} as invalid-signature`, async () => {
            const changed = m.apply(raw);
            assert.notDeepEqual(changed, raw);
            await assert.rejects(verifySigV4(toIncoming(changed), optionsFor(ctx)), (e) => isFault(e) && e.kind === "invalid-signature");
          });
        }
      });
    }
  }
});
