import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validatePolicyFile } from "./validate-policy.js";

/** `plinth iam validate`: the Access-Analyzer-like check, offline, with plinth's supplied keys. */
describe("plinth iam validate", () => {
  async function run(document: unknown, ...args: string[]): Promise<{ code: number; lines: string[] }> {
    const dir = await mkdtemp(join(tmpdir(), "plinth-validate-"));
    try {
      const file = join(dir, "p.json");
      await writeFile(file, typeof document === "string" ? document : JSON.stringify(document));
      const lines: string[] = [];
      const code = await validatePolicyFile([file, ...args], (l) => lines.push(l), () => 2);
      return { code, lines };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it("warns where a condition is on a key plinth never supplies, and never repeats the value", async () => {
    const { code, lines } = await run({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "iam:CreateRole", Resource: "*", Condition: { ArnEquals: { "iam:RoleTemplateARN": "arn:aws:iam::aws:role-template/a/very-private:1" } } }] });
    assert.equal(code, 0);
    assert.match(lines[0]!, /^warning Statement\[0\]\.Condition\.ArnEquals\.iam:RoleTemplateARN: plinth supplies this condition key for none/);
    assert.ok(lines.every((l) => !l.includes("very-private")));
  });

  it("the README's example policy (Identity chores) is valid, with no warning", async () => {
    const readme = await readFile("README.md", "utf8");
    const section = readme.slice(readme.indexOf("## Identity chores"));
    const example = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    assert.ok(example, "the README shows a policy file under Identity chores");
    const { code, lines } = await run(example);
    assert.equal(code, 0, lines.join("\n"));
    assert.deepEqual(lines.slice(0, -1), []);
    assert.match(lines.at(-1)!, /valid identity policy$/);
  });

  it("errors exit 1; the type is chosen with --type", async () => {
    const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "111122223333" }, Action: "sts:AssumeRole" }] };
    assert.equal((await run(trust)).code, 1, "an identity policy may not name a Principal");
    const asTrust = await run(trust, "--type", "trust");
    assert.equal(asTrust.code, 0);
    assert.match(asTrust.lines.at(-1)!, /valid trust policy$/);
    assert.equal((await run(trust, "--type", "nonsense")).code, 2);
  });
});
