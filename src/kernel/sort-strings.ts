/**
 * Sorts strings in place in the order `Array.prototype.sort()` gives them (UTF-16 code units,
 * which is also what `<` compares) and returns the array. A short list is sorted by insertion:
 * V8's sort allocates its merge state (about 1.5 KB) on every call, however short the array, and
 * the canonical forms made on every request (an audit event's keys, object by object; SigV4's
 * signed headers) sort a few dozen short lists each.
 */
export function sortStrings(items: string[]): string[] {
  if (items.length > SHORT) return items.sort();
  for (let i = 1; i < items.length; i++) {
    const item = items[i]!;
    let j = i - 1;
    while (j >= 0 && items[j]! > item) {
      items[j + 1] = items[j]!;
      j--;
    }
    items[j + 1] = item;
  }
  return items;
}

/** Beyond this, insertion's quadratic comparisons cost more than the allocation they save. */
const SHORT = 24;
