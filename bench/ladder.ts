import type { Plinth } from "./plinth.js";
import type { SignedRequest } from "./sign.js";
import { converseBody, signConverse } from "./sign.js";

/**
 * The diagnostic ladder (`--diagnose`): the same plinth process answering requests that stop at
 * successive steps of its pipeline, so the difference between rungs is the cost of a step:
 *   GET /health                 TLS, HTTP, request id, access log
 *   Converse, bad signature     + body read, SHA-256, SigV4 parse and verify, error encoding (403)
 *   Converse, unknown model     + decode, model lookup (404)
 *   Converse                    + provider call over fetch, result encoding (the main scenario)
 */
export interface Rung {
  readonly name: string;
  readonly description: string;
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly expectStatus: number;
}

export async function ladderRungs(p: Plinth, signed: SignedRequest): Promise<Rung[]> {
  // Flip the signature's first hex digit: everything is computed, the final comparison fails.
  const forged = signed.headers["authorization"]!.replace(/Signature=([0-9a-f])/, (_m, c: string) => `Signature=${c === "0" ? "1" : "0"}`);
  const unknown = await signConverse({ url: p.url, region: p.region, credentials: p.credentials, modelId: "meta.no-such-model-v1:0", operation: "converse", body: converseBody() });
  return [
    { name: "rung-health", description: "GET /health over TLS (no signature, no upstream)", method: "GET", path: "/health", headers: {}, expectStatus: 200 },
    { name: "rung-bad-signature", description: "Converse with a forged signature → 403 after full SigV4 verification", method: "POST", path: signed.path, headers: { ...signed.headers, authorization: forged }, body: signed.body, expectStatus: 403 },
    { name: "rung-unknown-model", description: "signed Converse for a model not in the catalogue → 404 after decode", method: "POST", path: unknown.path, headers: unknown.headers, body: unknown.body, expectStatus: 404 },
  ];
}
