import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { GeneratedTlsMaterial } from "./index.js";
import { tlsNotices } from "./index.js";

const DAY = 86_400_000;
const now = new Date("2027-03-01T00:00:00Z");
const material = (caExpiresInDays: number, replacedCa?: GeneratedTlsMaterial["replacedCa"]): GeneratedTlsMaterial => ({
  key: "", cert: "", ca: "", caPath: "/d/tls/ca.pem", generated: true, created: { ca: replacedCa !== undefined, server: false },
  caExpires: new Date(now.getTime() + caExpiresInDays * DAY), caPermits: ["DNS:localhost"],
  ...(replacedCa === undefined ? {} : { replacedCa }),
});

describe("start-up notices about the generated CA", () => {
  it("none while the CA has more than 60 days left", () => {
    assert.deepEqual(tlsNotices(material(61), now), []);
  });

  it("within 60 days, when and after which start it will be replaced", () => {
    assert.deepEqual(tlsNotices(material(59), now), [{
      message: "the local CA nears its end: the first start after replacedAfter makes a new one, which clients must then be given",
      detail: { caFile: "/d/tls/ca.pem", expires: "2027-04-29T00:00:00.000Z", replacedAfter: "2027-03-30T00:00:00.000Z" },
    }]);
  });

  for (const reason of ["unconstrained", "names-changed", "expiring", "unreadable"] as const) {
    it(`a replaced CA (${reason}) is announced, since clients must be given the new ca.pem`, () => {
      assert.deepEqual(tlsNotices(material(365, reason), now), [{
        message: "made a new local CA: clients that trusted the previous ca.pem must be given this one",
        detail: { caFile: "/d/tls/ca.pem", reason },
      }]);
    });
  }
});
