import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { AuthScheme } from "../http/authenticate.js";
import type { Exchange } from "../http/exchange.js";
import { authenticationOf } from "./access.js";
import { mergedHooks } from "./capability.js";
import type { Capability } from "./capability.js";

/** How capabilities combine: SigV4 (which never declines) is tried last whoever brings it; hooks keep capability order. */
const tried: string[] = [];
const scheme = (name: "sigv4" | "bearer", label: string): AuthScheme => ({
  name, begin: async () => { tried.push(label); return undefined; },
});
const capability = (name: string, extra: Partial<Capability>): Capability => ({ name, operations: [], ...extra });

describe("capabilities", () => {
  it("authentication tries every other scheme before SigV4, in capability order", async () => {
    tried.length = 0;
    const auth = authenticationOf([
      capability("access", { authSchemes: [scheme("bearer", "api-keys"), scheme("sigv4", "sigv4")] }),
      capability("later", { authSchemes: [scheme("bearer", "later-bearer")] }),
    ]);
    await assert.rejects(auth.begin({} as Exchange, "bedrock", new Set(["sigv4", "bearer"])), /Missing Authentication Token/);
    assert.deepEqual(tried, ["api-keys", "later-bearer", "sigv4"]);
  });

  it("hooks are merged in capability order", () => {
    const admit = (name: string) => ({ name, admit: async () => undefined });
    const hooks = mergedHooks([capability("a", { hooks: { admission: [admit("quota")] } }), capability("b", {}), capability("c", { hooks: { admission: [admit("residency")] } })]);
    assert.deepEqual(hooks.admission.map((h) => h.name), ["quota", "residency"]);
    assert.deepEqual([hooks.inputGuards, hooks.outputGuards], [[], []]);
  });
});
