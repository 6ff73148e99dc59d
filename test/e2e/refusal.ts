import assert from "node:assert/strict";
import type { Answer } from "./wire.js";

/**
 * What every refusal must look like on the wire: a 4xx (never a 5xx), the AWS error name in
 * `x-amzn-errortype`, a JSON body with a short `message`, and no stack frame anywhere.
 */
export interface Expected {
  readonly status?: number;
  readonly type?: string;
  readonly message?: RegExp;
}

const STACK_FRAME = /\n\s+at |\s{4}at \S|\.[cm]?js:\d+:\d+/;

export function assertRefusal(a: Answer, expected: Expected = {}): void {
  const shown = `${a.status} ${JSON.stringify(a.headers["x-amzn-errortype"])} ${a.body.slice(0, 300)}`;
  assert.ok(a.status >= 400 && a.status < 500, `a 4xx status: ${shown}`);
  if (expected.status !== undefined) assert.equal(a.status, expected.status, shown);
  const type = a.headers["x-amzn-errortype"];
  assert.equal(typeof type, "string", `an x-amzn-errortype header: ${shown}`);
  if (expected.type !== undefined) assert.equal(type, expected.type, shown);
  assert.match(String(a.headers["content-type"]), /^application\/json/, shown);
  const body = JSON.parse(a.body) as { message?: unknown };
  assert.equal(typeof body.message, "string", shown);
  const message = body.message as string;
  assert.doesNotMatch(message, STACK_FRAME, "no stack frames in the message");
  assert.ok(message.length < 2000, `a bounded message (${message.length} characters)`);
  if (expected.message) assert.match(message, expected.message);
}

/** For answers node itself gives (no JSON): still a 4xx and nothing that looks like a trace. */
export function assertPlainRefusal(a: Answer, raw: string): void {
  assert.ok(a.status >= 400 && a.status < 500, `a 4xx status: ${JSON.stringify(raw.slice(0, 200))}`);
  assert.doesNotMatch(raw, STACK_FRAME);
}
