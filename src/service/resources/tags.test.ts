import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fault } from "../../kernel/index.js";
import { mergeTags } from "./tags.js";

/**
 * Regression: TagResource could give a resource both `env` and `Env`; policies read
 * aws:ResourceTag/* case-insensitively with the last value winning, so whoever tagged chose which
 * value a Deny on `env` saw.
 */
const t = (key: string, value: string) => ({ key, value });
const cases: [string, readonly ReturnType<typeof t>[], readonly ReturnType<typeof t>[], number, readonly ReturnType<typeof t>[] | RegExp][] = [
  ["adds a new key", [t("env", "prod")], [t("team", "a")], 5, [t("env", "prod"), t("team", "a")]],
  ["replaces the same key", [t("env", "prod")], [t("env", "dev")], 5, [t("env", "dev")]],
  ["refuses a key differing only in case from one present", [t("env", "prod")], [t("Env", "dev")], 5, /differ by more than case/],
  ["refuses case twins within the request", [], [t("a", "1"), t("A", "2")], 5, /differ by more than case/],
  ["refuses going over the limit", [t("a", "1")], [t("b", "2")], 1, /at most 1 tags/],
];

describe("mergeTags", () => {
  for (const [name, current, added, max, expected] of cases) {
    it(name, () => {
      if (expected instanceof RegExp) {
        assert.throws(() => mergeTags(current, added, max), (e: unknown) => e instanceof Fault && e.kind === "validation" && expected.test(e.message));
      } else {
        assert.deepEqual(mergeTags(current, added, max), expected);
      }
    });
  }
});
