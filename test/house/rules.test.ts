import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";

/**
 * The house rules of DESIGN.md that a reading of the sources can check: wire error names live
 * only in http/; the runtime imports only declared runtime dependencies (test support ships in
 * no runtime path); nothing below http/ imports the HTTP stack or a logger.
 */
const ROOT = process.cwd();
const SRC = join(ROOT, "src");

/** Runtime sources: not tests, not fixtures (`*.fixture.ts`: test support beside the code it serves, left out of the build). */
function runtimeSources(dir = SRC): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...runtimeSources(path));
    else if (entry.name.endsWith(".ts") && !/\.(test|fixture)\.ts$/.test(entry.name)) out.push(path);
  }
  return out;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)[^"'`;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
const importsOf = (text: string): string[] => [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2])!);
const packageOf = (specifier: string): string => (specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!);

describe("house rules", () => {
  const files = runtimeSources();
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };

  it("finds the runtime sources (the checks below are not vacuous)", () => {
    assert.ok(files.length > 100, `${files.length} files`);
  });

  it("every package a runtime source imports is a declared runtime dependency", () => {
    const builtins = new Set(builtinModules);
    const undeclared: string[] = [];
    for (const file of files) {
      for (const specifier of importsOf(readFileSync(file, "utf8"))) {
        if (specifier.startsWith(".") || specifier.startsWith("node:") || builtins.has(specifier)) continue;
        if (!(packageOf(specifier) in pkg.dependencies)) undeclared.push(`${relative(ROOT, file)}: ${specifier}`);
      }
    }
    assert.deepEqual(undeclared, []);
  });

  it("no runtime source imports test support (fixtures, tests, test/)", () => {
    const offending = files.flatMap((file) => importsOf(readFileSync(file, "utf8"))
      .filter((s) => s.startsWith(".") && /\.(fixture|test)\.js$|\/test\//.test(s))
      .map((s) => `${relative(ROOT, file)}: ${s}`));
    assert.deepEqual(offending, []);
  });

  it("the runtime build (tsconfig.build.json, what `npm ci` compiles) leaves tests and fixtures out", () => {
    const build = JSON.parse(readFileSync(join(ROOT, "tsconfig.build.json"), "utf8")) as { include: string[]; exclude: string[] };
    assert.deepEqual(build.include, ["src/**/*.ts"]);
    assert.deepEqual(build.exclude, ["src/**/*.test.ts", "src/**/*.fixture.ts"]);
    const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    assert.equal(scripts["prepare"], "tsc -p tsconfig.build.json");
  });

  it("below http/, no source names a wire error code: services raise domain reasons, http/ maps them", () => {
    const below = files.filter((f) => !relative(SRC, f).startsWith("http/") && !relative(SRC, f).startsWith("providers/") && !relative(SRC, f).startsWith("cli/"));
    const named = below.flatMap((file) => [...readFileSync(file, "utf8").matchAll(/"([A-Z][A-Za-z]+(?:Exception|Error))"/g)].map((m) => `${relative(ROOT, file)}: ${m[1]}`));
    assert.deepEqual(named, []);
  });

  it("below http/, nothing imports the HTTP stack or a logger", () => {
    const below = files.filter((f) => /^(kernel|policy|service|store|crypto|sigv4)\//.test(relative(SRC, f)));
    const offending = below.flatMap((file) => importsOf(readFileSync(file, "utf8"))
      .filter((s) => /^(node:)?(http|http2|https)$|^pino$/.test(s))
      .map((s) => `${relative(ROOT, file)}: ${s}`));
    assert.deepEqual(offending, []);
  });
});
