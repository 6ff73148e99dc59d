import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isLogOfNode, isWorkerNodeOf, operatorNode, workerNode } from "./worker-node.js";

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

describe("the logs a node's data directory signs", () => {
  it("the operator log is the node's name with .ops", () => {
    assert.equal(operatorNode("node-1"), "node-1.ops");
  });
  const cases: Array<[string, string, boolean]> = [
    ["node-1", "node-1", true],
    ["node-1", "node-1.w2", true],
    ["node-1", "node-1.ops", true],
    ["node-1", "node-2.ops", false],
    ["node-1", "node-1.opsx", false],
    ["node-1", "node-1.ops.w1", false],
    ["node", "node-1.ops", false],
  ];
  for (const [node, candidate, expected] of cases) {
    it(`${candidate} ${expected ? "is" : "is not"} a log of ${node}`, () => {
      assert.equal(isLogOfNode(node, candidate), expected);
    });
  }
});
