import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EnvelopeSecretBox, RootKey, rootKeyring } from "../crypto/index.js";
import { Fault, fixedClock } from "../kernel/index.js";
import { openStore } from "../store/index.js";
import type { Store } from "../store/index.js";
import { PeerGuardrailControl } from "./guardrail-peers.js";
import { workers } from "./peers.fixture.js";

const ACCOUNT = "210987654321";
const keys = { resolve: async () => { throw new Fault("not-found", "no keys here"); }, assertUsable: async () => undefined };
const policies = { words: [{ text: "w", inputAction: "BLOCK" as const, outputAction: "BLOCK" as const, inputEnabled: true, outputEnabled: true }], blockedInputMessaging: "no", blockedOutputsMessaging: "no" };

/** Two workers of one node over one store; time stands still, so only a message can make a worker read again. */
describe("guardrail rows relayed between workers", () => {
  let dir: string;
  let store: Store;
  before(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), "plinth-guardrail-peers-"));
    store = await openStore({ dataDir: dir });
    await store.identity.createAccount({ accountId: ACCOUNT, name: "a", createdAt: new Date(), isManagement: false });
  });
  after(async () => { await store?.close(); await fs.rm(dir, { recursive: true, force: true }); });

  const pair = (relayed: boolean): PeerGuardrailControl[] => {
    const box = new EnvelopeSecretBox(rootKeyring(new RootKey(randomBytes(32))));
    const { peers } = workers(2);
    return peers.map((p) => new PeerGuardrailControl(relayed ? p : undefined, {
      store: store.guardrails, box, clock: fixedClock(new Date("2026-12-07T00:00:00Z")), region: "eu-west-2", validate: () => undefined, keys,
    }));
  };
  const made = async (control: PeerGuardrailControl): Promise<string> => {
    const id = control.newId();
    await control.create(ACCOUNT, id, { name: `g-${id}`, policies, tags: [{ key: "team", value: "a" }] });
    await control.createVersion(await control.target(id, ACCOUNT), undefined);
    return id;
  };

  it("a tag changed or a version deleted through one worker is what the other reads next", async () => {
    const [a, b] = pair(true);
    const id = await made(a!);
    assert.deepEqual((await b!.locate(ACCOUNT, id, "1")).tags, [{ key: "team", value: "a" }]);
    await a!.tag(ACCOUNT, id, [{ key: "team", value: "b" }]);
    assert.deepEqual((await b!.locate(ACCOUNT, id, "1")).tags, [{ key: "team", value: "b" }]);
    await a!.delete(await a!.target(id, ACCOUNT), "1");
    assert.equal((await b!.locate(ACCOUNT, id, "1")).sealed, undefined);
  });

  it("without the relay the other worker keeps what it read for its second (the reason for it)", async () => {
    const [a, b] = pair(false);
    const id = await made(a!);
    await b!.locate(ACCOUNT, id, "1");
    await a!.tag(ACCOUNT, id, [{ key: "team", value: "b" }]);
    assert.deepEqual((await b!.locate(ACCOUNT, id, "1")).tags, [{ key: "team", value: "a" }]);
  });
});
