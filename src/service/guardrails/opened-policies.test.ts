import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { SecretBox } from "../../crypto/index.js";
import { Fault } from "../../kernel/index.js";
import { OpenedPolicies } from "./opened-policies.js";

const KEY = "arn:aws:kms:eu-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const CONTEXT = { purpose: "guardrail-configuration", accountId: "111122223333", guardrailArn: "arn:g", version: "1" };

/** A box whose "envelope" is the JSON itself, counting opens; every value names KEY. */
function countingBox(): SecretBox & { opens: number } {
  const box = {
    opens: 0,
    seal: async (p: Uint8Array) => p,
    open: async (c: Uint8Array) => { box.opens++; return c; },
    sealedUnder: () => ({ arn: KEY }),
  };
  return box;
}
const sealed = (words: string) => new TextEncoder().encode(JSON.stringify({ words: [{ text: words }], blockedInputMessaging: "no", blockedOutputsMessaging: "no" }));

function world() {
  let now = 0;
  let usable = true;
  const box = countingBox();
  const keys = { assertUsable: async () => { if (!usable) throw new Fault("validation", `KMS key ${KEY} is disabled`); } };
  const opened = new OpenedPolicies(box, keys, () => now);
  return { box, opened, advance: (ms: number) => { now += ms; }, disable: () => { usable = false; } };
}

describe("OpenedPolicies: guardrail configurations opened once, kept only as long as it is safe", () => {
  it("the same stored bytes are opened once; the result is frozen", async () => {
    const { box, opened } = world();
    const first = await opened.open(CONTEXT, sealed("kestrel"));
    const again = await opened.open(CONTEXT, sealed("kestrel"));
    assert.equal(box.opens, 1);
    assert.equal(again, first);
    assert.throws(() => { (first.words as unknown as { text: string }[])[0]!.text = "changed"; }, TypeError);
  });

  const reopened: [string, (w: ReturnType<typeof world>) => Promise<unknown>][] = [
    ["other bytes under the same name (an edited DRAFT)", (w) => w.opened.open(CONTEXT, sealed("osprey"))],
    ["another context (another version)", (w) => w.opened.open({ ...CONTEXT, version: "2" }, sealed("kestrel"))],
    ["an entry past its age", async (w) => { w.advance(60_001); return w.opened.open(CONTEXT, sealed("kestrel")); }],
  ];
  for (const [what, call] of reopened) {
    it(`opened again: ${what}`, async () => {
      const w = world();
      await w.opened.open(CONTEXT, sealed("kestrel"));
      await call(w);
      assert.equal(w.box.opens, 2);
    });
  }

  it("a key that can no longer be used refuses a kept entry, as opening would", async () => {
    const w = world();
    await w.opened.open(CONTEXT, sealed("kestrel"));
    w.disable();
    await assert.rejects(w.opened.open(CONTEXT, sealed("kestrel")), /is disabled/);
    assert.equal(w.box.opens, 1);
  });
});
