import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../config/index.js";
import type { ResolvedConfig } from "../config/index.js";
import { openStore } from "../store/index.js";
import type { Store } from "../store/index.js";
import { recordOperatorAction } from "./operator-audit.js";

describe("operator actions in the audit trail", () => {
  let dataDir: string;
  let config: ResolvedConfig;
  let store: Store;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "plinth-operator-audit-"));
    config = loadConfig({ env: {}, overrides: { dataDir } });
    store = await openStore({ dataDir });
  });
  after(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const action = { eventName: "RotateRootKey", command: "root rotate", readOnly: false, requestParameters: { rootKeyType: "file" } } as const;

  it("two at once get one chain (indices 0 and 1), a checkpoint each, and leave no lock behind", async () => {
    const written = await Promise.all([recordOperatorAction(config, store, action), recordOperatorAction(config, store, action)]);
    assert.deepEqual(written.map((w) => w.index).sort(), [0, 1]);
    assert.equal(written[0]!.node, `${config.audit.node}.ops`);
    assert.equal(await store.audit.reader.size(written[0]!.node), 2);
    assert.equal((await store.audit.checkpoints.latest(written[0]!.node))?.size, 2);
    assert.deepEqual((await readdir(config.audit.dir)).filter((f) => f.startsWith("ops.lock")), []);
  });

  it("a lock left by a process that is gone is taken over", async () => {
    await writeFile(join(config.audit.dir, "ops.lock"), "2147483646");
    const { index } = await recordOperatorAction(config, store, { ...action, errorCode: "Fault" });
    assert.equal(index, 2);
    const [entry] = await store.audit.reader.range(`${config.audit.node}.ops`, 2, 3);
    assert.equal(entry!.event.errorCode, "Fault");
    assert.equal(entry!.event.eventType, "AwsServiceEvent");
  });
});
