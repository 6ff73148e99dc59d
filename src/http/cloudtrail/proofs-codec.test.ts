import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isFault } from "../../kernel/index.js";
import { decodeGetAuditCheckpoint, decodeGetAuditConsistencyProof, decodeGetAuditInclusionProof } from "./proofs-codec.js";

const JSON11 = "application/x-amz-json-1.1";
const body = (o: unknown): Buffer => Buffer.from(JSON.stringify(o));
const ID = "0b0e7a52-4a1c-4d5e-9f3a-2c6d8e1f0a9b";

describe("the proof operations' request decoding", () => {
  it("reads what each operation takes, and only that", () => {
    assert.deepEqual(decodeGetAuditCheckpoint(body({}), JSON11), {});
    assert.deepEqual(decodeGetAuditCheckpoint(body({ Node: "node-2", TreeSize: 0 }), JSON11), { node: "node-2", treeSize: 0 });
    assert.deepEqual(decodeGetAuditInclusionProof(body({ EventId: ID, TreeSize: 9 }), JSON11), { eventId: ID, treeSize: 9 });
    assert.deepEqual(decodeGetAuditInclusionProof(body({ LeafIndex: 0, Node: "n" }), JSON11), { leafIndex: 0, node: "n" });
    assert.deepEqual(decodeGetAuditConsistencyProof(body({ FirstTreeSize: 3 }), JSON11), { firstTreeSize: 3 });
    assert.deepEqual(decodeGetAuditConsistencyProof(body({ FirstTreeSize: 3, SecondTreeSize: 7, Node: "n" }), JSON11), { firstTreeSize: 3, node: "n", secondTreeSize: 7 });
  });

  const refusals: Array<[string, () => unknown, string]> = [
    ["a fractional TreeSize", () => decodeGetAuditCheckpoint(body({ TreeSize: 1.5 }), JSON11), "TreeSize"],
    ["a TreeSize beyond 2^53", () => decodeGetAuditCheckpoint(body({ TreeSize: 2 ** 60 }), JSON11), "TreeSize"],
    ["a TreeSize given as text", () => decodeGetAuditCheckpoint(body({ TreeSize: "5" }), JSON11), "TreeSize"],
    ["a node with a slash", () => decodeGetAuditCheckpoint(body({ Node: "a/b" }), JSON11), "Node"],
    ["an inclusion proof against the empty tree", () => decodeGetAuditInclusionProof(body({ EventId: ID, TreeSize: 0 }), JSON11), "TreeSize"],
    ["neither EventId nor LeafIndex", () => decodeGetAuditInclusionProof(body({ TreeSize: 4 }), JSON11), "EventId"],
    ["both EventId and LeafIndex", () => decodeGetAuditInclusionProof(body({ EventId: ID, LeafIndex: 1 }), JSON11), "EventId"],
    ["an EventId with a Node", () => decodeGetAuditInclusionProof(body({ EventId: ID, Node: "n" }), JSON11), "Node"],
    ["an empty EventId", () => decodeGetAuditInclusionProof(body({ EventId: "" }), JSON11), "EventId"],
    ["an EventId that is not a UUID (it would reach the audit record)", () => decodeGetAuditInclusionProof(body({ EventId: "my prompt text" }), JSON11), "EventId"],
    ["an EventId in upper case", () => decodeGetAuditInclusionProof(body({ EventId: ID.toUpperCase() }), JSON11), "EventId"],
    ["a negative LeafIndex", () => decodeGetAuditInclusionProof(body({ LeafIndex: -1 }), JSON11), "LeafIndex"],
    ["no FirstTreeSize", () => decodeGetAuditConsistencyProof(body({}), JSON11), "FirstTreeSize"],
    ["a FirstTreeSize of 0", () => decodeGetAuditConsistencyProof(body({ FirstTreeSize: 0 }), JSON11), "FirstTreeSize"],
    ["a SecondTreeSize of 0", () => decodeGetAuditConsistencyProof(body({ FirstTreeSize: 1, SecondTreeSize: 0 }), JSON11), "SecondTreeSize"],
  ];
  for (const [name, decode, field] of refusals) {
    it(`refuses ${name}, naming ${field} in the message and the detail`, () => {
      assert.throws(decode, (e: unknown) => isFault(e) && e.kind === "validation" && e.detail.field === field && e.message.includes(field));
    });
  }

  it("refuses a member the operation does not define", () => {
    assert.throws(() => decodeGetAuditConsistencyProof(body({ FirstTreeSize: 1, LeafIndex: 2 }), JSON11), /LeafIndex/);
  });
});
