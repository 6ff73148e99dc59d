import { connect } from "node:http2";
import type { SignedRequest } from "./sign.js";
import { summarize } from "./stats.js";
import type { TtfeResult } from "./ttfe.js";

/**
 * The same sequential measurement as the SDK's, with the SDK taken out: a bare node:http2 client
 * replays one pre-signed request and times the first body bytes (the first event-stream frame,
 * or the JSON answer). The difference from the SDK's figure is the client's own cost.
 */
const WARMUP = 20;

export async function h2Sequential(o: { url: string; ca: string; signed: SignedRequest; count: number }): Promise<TtfeResult> {
  const session = connect(o.url, { ca: o.ca });
  await new Promise<void>((resolve, reject) => { session.once("connect", () => resolve()); session.once("error", reject); });
  // As the SDK's HTTP/2 handler does: the signed host header travels as it is, beside :authority.
  const headers = { ":method": "POST", ":path": o.signed.path, ...o.signed.headers };
  const one = (): Promise<[number, number]> => new Promise((resolve, reject) => {
    const started = performance.now();
    let first = NaN;
    const stream = session.request(headers);
    stream.on("response", (h) => {
      if (h[":status"] !== 200) reject(new Error(`plinth answered ${String(h[":status"])} over HTTP/2`));
    });
    stream.on("data", () => { if (Number.isNaN(first)) first = performance.now() - started; });
    stream.on("end", () => resolve([first, performance.now() - started]));
    stream.on("error", reject);
    stream.end(o.signed.body);
  });
  try {
    for (let i = 0; i < WARMUP; i++) await one();
    const first: number[] = [];
    const complete: number[] = [];
    for (let i = 0; i < o.count; i++) {
      const [f, c] = await one();
      first.push(f);
      complete.push(c);
    }
    return { requests: o.count, warmupRequests: WARMUP, firstEvent: summarize(first), complete: summarize(complete) };
  } finally {
    session.close();
  }
}
