import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const MODULE = fileURLToPath(new URL("./young-generation.js", import.meta.url));
const MIB = 1024 * 1024;

/**
 * In a fresh node (V8's flags are the process's): the young generation's resident size after
 * ~24 MiB of small objects that stay alive are allocated while held (or not), and after as
 * much again once released. What survives scavenges is what makes V8 grow it.
 */
function youngGeneration(nodeArgs: readonly string[], nodeOptions: string): { held: number; released: number } {
  const script = `
    import { getHeapSpaceStatistics } from "node:v8";
    import { holdYoungGeneration, releaseYoungGeneration } from ${JSON.stringify(MODULE)};
    const young = () => getHeapSpaceStatistics().find((s) => s.space_name === "new_space").physical_space_size;
    const kept = [];
    const survive = () => { for (let i = 0; i < 400_000; i++) kept.push({ i, s: "x" + i }); };
    holdYoungGeneration(process.execArgv, ${JSON.stringify(nodeOptions)});
    survive();
    const held = young();
    releaseYoungGeneration();
    survive();
    console.log(JSON.stringify({ held, released: young(), kept: kept.length }));
  `;
  return JSON.parse(execFileSync(process.execPath, [...nodeArgs, "--input-type=module", "-e", script], { encoding: "utf8" })) as { held: number; released: number };
}

describe("holdYoungGeneration / releaseYoungGeneration", () => {
  it("held, the young generation stays at its initial size however much survives; released, it grows again", () => {
    const y = youngGeneration([], "");
    // V8's initial semi-spaces are 1 MiB each; unheld, what survives here grows them to 8 or 16.
    assert.ok(y.held <= 2 * MIB, `held: ${y.held} bytes`);
    assert.ok(y.released >= 8 * MIB, `released: ${y.released} bytes`);
  });

  const operatorSettings = [
    { name: "in node's arguments", nodeArgs: ["--semi-space-growth-factor=2"], nodeOptions: "" },
    { name: "in NODE_OPTIONS", nodeArgs: [], nodeOptions: "--max-old-space-size=512 --semi_space_growth_factor=2" },
  ];
  for (const c of operatorSettings) {
    it(`an operator's own growth factor (${c.name}) is left alone: it grows while "held"`, () => {
      const y = youngGeneration(c.nodeArgs, c.nodeOptions);
      assert.ok(y.held >= 8 * MIB, `held: ${y.held} bytes`);
    });
  }
});
