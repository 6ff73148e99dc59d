import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sameEntries, sanEntry, serverSanEntries } from "./names.js";

describe("server certificate names", () => {
  it("classifies and canonicalises DNS names and IPs", () => {
    assert.deepEqual(sanEntry("Plinth.Internal"), { type: "dns", value: "plinth.internal" });
    assert.deepEqual(sanEntry("*.plinth.internal"), { type: "dns", value: "*.plinth.internal" });
    assert.deepEqual(sanEntry("10.0.0.1"), { type: "ip", value: "10.0.0.1" });
    assert.deepEqual(sanEntry("0:0:0:0:0:0:0:1"), { type: "ip", value: "::1" });
    assert.deepEqual(sanEntry("FD00:0::A:1"), { type: "ip", value: "fd00::a:1" });
    for (const bad of ["", "a..b", "-a.example", "a b", "a.*.example", "x".repeat(64)]) {
      assert.throws(() => sanEntry(bad), { name: "Fault" }, bad);
    }
  });

  it("always includes the local names, once each, local names first", () => {
    assert.deepEqual(serverSanEntries(["LOCALHOST", "::1", "gw.example"]).map((e) => e.value), ["localhost", "127.0.0.1", "::1", "gw.example"]);
  });

  it("compares name sets regardless of order and spelling", () => {
    assert.ok(sameEntries(serverSanEntries(["a.example", "b.example"]), serverSanEntries(["B.example", "a.example"])));
    assert.ok(!sameEntries(serverSanEntries(["a.example"]), serverSanEntries(["a.example", "b.example"])));
  });
});
