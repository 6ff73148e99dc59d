import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const MODULE = fileURLToPath(new URL("./start-up-garbage.js", import.meta.url));
const MIB = 1024 * 1024;

describe("collectStartUpGarbage", () => {
  it("gives back the young generation start-up grew and the old generation's garbage", () => {
    // In a fresh node: ~60 MiB of small objects that live through scavenges (so V8 grows the
    // young generation and promotes them), then dropped, as start-up's are.
    const script = `
      import { getHeapSpaceStatistics } from "node:v8";
      import { collectStartUpGarbage } from ${JSON.stringify(MODULE)};
      const space = (name) => getHeapSpaceStatistics().find((s) => s.space_name === name);
      let batch = [];
      for (let round = 0; round < 6; round++) {
        const next = [];
        for (let i = 0; i < 150_000; i++) next.push({ i, s: "y" + i });
        batch = next;
      }
      batch = [];
      const before = { young: space("new_space").physical_space_size, old: space("old_space").space_used_size };
      await collectStartUpGarbage();
      console.log(JSON.stringify({ before, after: { young: space("new_space").physical_space_size, old: space("old_space").space_used_size } }));
    `;
    const { before, after } = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" })) as Record<"before" | "after", { young: number; old: number }>;
    assert.ok(before.young >= 8 * MIB, `the young generation did not grow first: ${before.young} bytes`);
    assert.ok(after.young <= 2 * MIB, `young generation resident: ${before.young} bytes before, ${after.young} after`);
    assert.ok(before.old - after.old >= 8 * MIB, `old generation in use: ${before.old} bytes before, ${after.old} after`);
  });
});
