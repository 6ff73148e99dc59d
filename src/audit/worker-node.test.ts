import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isWorkerNodeOf, workerNode } from "./worker-node.js";

describe("worker log names", () => {
  it("are the node's name with the worker's number", () => {
    assert.equal(workerNode("node-1", 3), "node-1.w3");
  });
  const cases: Array<[string, string, boolean]> = [
    ["node-1", "node-1.w1", true],
    ["node-1", "node-1.w12", true],
    ["node-1", "node-1", false],
    ["node-1", "node-1.w", false],
    ["node-1", "node-1.w0", false],
    ["node-1", "node-1.w1x", false],
    ["node-1", "node-2.w1", false],
    ["node", "node-1.w1", false],
  ];
  for (const [node, candidate, expected] of cases) {
    it(`${candidate} ${expected ? "is" : "is not"} a worker log of ${node}`, () => {
      assert.equal(isWorkerNodeOf(node, candidate), expected);
    });
  }
});
