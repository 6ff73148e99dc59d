/**
 * Properties of the evaluator over random policy sets: an explicit deny always wins, evaluation
 * is deterministic, allows only ever add permissions and denies only ever remove them.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { evaluate } from "../../src/policy/index.js";
import type { AuthzRequest } from "../../src/policy/index.js";
import { compileGlob } from "../../src/policy/glob.js";
import { inRange, parseCidr, parseIp } from "../../src/policy/ip.js";
import { PRINCIPALS } from "./corpus.js";
import { compileDocs, docsArb, docsOf, existing, placeArb, requestArb, statement, withStatement } from "./arbitraries.js";

const RUNS = { numRuns: 150, seed: 20261124 };

describe("policy evaluation properties", () => {
  it("an explicit deny matching the request always wins, wherever it is", () => {
    fc.assert(fc.property(docsArb, requestArb, placeArb, (docs, request, place) => {
      fc.pre(!(place === "scp" && request.principal.isManagementAccount));
      const deny = { Sid: "Injected", Effect: "Deny", Action: "*", Resource: "*" };
      const decision = evaluate(request, compileDocs(withStatement(docs, place, deny)));
      assert.equal(decision.decision, "ExplicitDeny");
      assert.ok(decision.matched.some((m) => m.sid === "Injected" && m.effect === "Deny"));
    }), RUNS);
  });

  it("SCP denies never bind the management account", () => {
    fc.assert(fc.property(docsArb, requestArb, (docs, request) => {
      const mgmt = { ...request, principal: PRINCIPALS["mgmt-admin"] as AuthzRequest["principal"] };
      const denied = withStatement(docs, "scp", { Effect: "Deny", Action: "*", Resource: "*" });
      assert.deepEqual(evaluate(mgmt, compileDocs(denied)).decision, evaluate(mgmt, compileDocs({ ...docs, scp: undefined })).decision);
    }), RUNS);
  });

  it("is deterministic: the same request and policies give the same decision, compiled once or twice", () => {
    fc.assert(fc.property(docsArb, requestArb, (docs, request) => {
      const set = compileDocs(docs);
      const first = evaluate(request, set);
      assert.deepEqual(evaluate(request, set), first);
      assert.deepEqual(evaluate(request, compileDocs(docs, true)), first);
    }), RUNS);
  });

  it("adding an Allow statement to an existing policy never turns an Allow into a deny", () => {
    fc.assert(fc.property(docsOf(0), requestArb, placeArb, statement(false), (docs, request, place, s) => {
      fc.pre(existing(docs, place));
      const before = evaluate(request, compileDocs(docs));
      fc.pre(before.decision === "Allow");
      const after = evaluate(request, compileDocs(withStatement(docs, place, { ...s, Effect: "Allow" })));
      assert.equal(after.decision, "Allow");
    }), { ...RUNS, numRuns: 60 });
  });

  it("adding a Deny statement never turns a deny into an Allow", () => {
    fc.assert(fc.property(docsArb, requestArb, placeArb, statement(false), (docs, request, place, s) => {
      fc.pre(existing(docs, place));
      const before = evaluate(request, compileDocs(docs));
      fc.pre(before.decision !== "Allow");
      const after = evaluate(request, compileDocs(withStatement(docs, place, { ...s, Effect: "Deny" })));
      assert.notEqual(after.decision, "Allow");
    }), RUNS);
  });

  it("a deny always says which kind of policy caused it, an Allow never does", () => {
    fc.assert(fc.property(docsArb, requestArb, (docs, request) => {
      const d = evaluate(request, compileDocs(docs));
      if (d.decision === "Allow") assert.equal(d.deniedBy, undefined);
      else assert.ok(d.deniedBy !== undefined);
      if (d.decision === "ExplicitDeny") assert.equal(d.matched[0]?.effect, "Deny");
      const denies = d.matched.filter((m) => m.effect === "Deny").length;
      assert.ok(d.matched.slice(0, denies).every((m) => m.effect === "Deny"), "denies come first");
      assert.equal(d.decision === "ExplicitDeny", denies > 0);
    }), RUNS);
  });

  it("without any policy only the root user is allowed, within its account", () => {
    fc.assert(fc.property(requestArb, (request) => {
      const d = evaluate(request, { identity: [] });
      const own = request.resourceAccount === "" || request.resourceAccount === request.principal.accountId;
      assert.equal(d.decision, request.principal.isRoot && own ? "Allow" : "ImplicitDeny");
    }), RUNS);
  });
});

describe("matcher properties", () => {
  const alphabet = fc.constantFrom("a", "b", ":", "/", "*", "?");
  const reference = (pattern: string): RegExp =>
    new RegExp(`^${[...pattern].map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))).join("")}$`, "s");

  it("glob matching agrees with a regular-expression reference", () => {
    fc.assert(fc.property(fc.string({ unit: alphabet, maxLength: 8 }), fc.string({ unit: fc.constantFrom("a", "b", ":", "/"), maxLength: 10 }), (pattern, subject) => {
      assert.equal(compileGlob(pattern)(subject), reference(pattern).test(subject));
    }), { numRuns: 2000, seed: 7 });
  });

  it("IPv4 range membership agrees with arithmetic", () => {
    fc.assert(fc.property(fc.nat({ max: 0xffffffff }), fc.nat({ max: 32 }), fc.nat({ max: 0xffffffff }), (net, prefix, addr) => {
      const dotted = (n: number): string => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join(".");
      const range = parseCidr(`${dotted(net)}/${prefix}`);
      const ip = parseIp(dotted(addr));
      assert.ok(range && ip);
      const size = 2 ** (32 - prefix);
      const start = Math.floor(net / size) * size;
      assert.equal(inRange(range, ip), addr >= start && addr < start + size);
    }), { numRuns: 2000, seed: 11 });
  });
});
