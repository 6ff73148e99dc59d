import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isFault } from "../../kernel/index.js";
import { DEFAULT_MAX_ITEMS, paginate } from "./paging.js";

const names = (n: number) => Array.from({ length: n }, (_, i) => `n${String(i).padStart(3, "0")}`);

describe("Marker/MaxItems pagination", () => {
  it("walks every item exactly once, in key order, whatever the page size", () => {
    const items = names(23).reverse();
    for (const maxItems of [1, 5, 22, 23, 1000]) {
      const seen: string[] = [];
      let marker: string | undefined;
      for (;;) {
        const page = paginate(items, (s) => s, { maxItems, marker });
        seen.push(...page.items);
        assert.equal(page.isTruncated, page.marker !== undefined);
        if (!page.isTruncated) break;
        marker = page.marker;
      }
      assert.deepEqual(seen, names(23));
    }
  });

  it("defaults to 100 items; a marker past an item deleted meanwhile still resumes after it", () => {
    assert.equal(paginate(names(150), (s) => s, {}).items.length, DEFAULT_MAX_ITEMS);
    const first = paginate(names(10), (s) => s, { maxItems: 3 });
    const remaining = names(10).filter((n) => n !== "n002");
    assert.deepEqual(paginate(remaining, (s) => s, { maxItems: 3, marker: first.marker }).items, ["n003", "n004", "n005"]);
  });

  it("refuses markers it did not make and MaxItems outside 1..1000", () => {
    for (const marker of ["not base64!", "", "x".repeat(321)]) {
      assert.throws(() => paginate(names(3), (s) => s, { marker }), (e) => isFault(e) && e.kind === "validation");
    }
    for (const maxItems of [0, 1001, 1.5]) {
      assert.throws(() => paginate(names(3), (s) => s, { maxItems }), (e) => isFault(e) && e.detail.field === "maxItems");
    }
  });
});
