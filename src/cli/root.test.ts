import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { auditEvent, leafBytes, leafHash } from "../audit/index.js";
import { openStore } from "../store/index.js";
import { rootCommand } from "./root.js";

/** A store another node has written to (its audit log is how the database knows it). */
async function sharedWith(dataDir: string, node: string): Promise<void> {
  const store = await openStore({ dataDir });
  try {
    const event = auditEvent({ requestId: "r", receivedAt: new Date(), sourceIp: "10.0.0.2", listener: "l", region: "eu-west-2", operation: "ListFoundationModels", service: "bedrock", notes: {}, status: 200 }, { defaultAccountId: "111122223333", node });
    const leaf = leafBytes(event);
    await store.audit.appender(node).append(event, leaf, leafHash(leaf));
  } finally {
    await store.close();
  }
}

/** A node that started (and signed its first checkpoint) but has served nothing yet. */
async function startedOnly(dataDir: string, node: string): Promise<void> {
  const store = await openStore({ dataDir });
  try {
    await store.audit.checkpoints.add({ node, size: 0, time: new Date(), note: `plinth/eu-west-2/${node}\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n` });
  } finally {
    await store.close();
  }
}

describe("plinth root rotate beside a node that has served nothing yet", () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "plinth-root-cli-"));
    await startedOnly(dataDir, "node-3");
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it("is refused too: the node is known by the checkpoint it signed at start", async () => {
    const lines: string[] = [];
    assert.equal(await rootCommand(["rotate", "--data-dir", dataDir], {}, (l) => lines.push(l)), 2);
    assert.match(lines.join("\n"), /shared with other nodes \(node-3\)/);
  });
});

describe("plinth root rotate on a database other nodes share", () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "plinth-root-cli-"));
    await sharedWith(dataDir, "node-2");
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it("is refused, naming the other nodes and what to do, and changes nothing", async () => {
    const lines: string[] = [];
    const code = await rootCommand(["rotate", "--data-dir", dataDir], {}, (l) => lines.push(l));
    assert.equal(code, 2);
    assert.match(lines.join("\n"), /shared with other nodes \(node-2\).*--other-nodes-stopped/s);
    assert.deepEqual((await readdir(dataDir)).filter((f) => f.startsWith("root.key")), []);
  });

  it("rotates once the operator says the other nodes are stopped", async () => {
    const lines: string[] = [];
    const code = await rootCommand(["rotate", "--data-dir", dataDir, "--other-nodes-stopped"], {}, (l) => lines.push(l));
    assert.equal(code, 0, lines.join("\n"));
    assert.equal((JSON.parse(lines.at(-1)!) as { remaining: number }).remaining, 0);
  });
});
