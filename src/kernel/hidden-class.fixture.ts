import { setFlagsFromString } from "node:v8";

/**
 * V8's own answers about an object's shape (natives syntax, enabled for these functions only),
 * for the tests that pin objects made on every request to one shared hidden class with fast
 * properties (kernel/extended.ts, http/exchange.ts).
 */
export function shapeProbe(): { sameMap(a: object, b: object): boolean; fastProperties(o: object): boolean } {
  setFlagsFromString("--allow-natives-syntax");
  /* eslint-disable @typescript-eslint/no-implied-eval -- the one way to reach V8's natives without a command-line flag */
  return {
    sameMap: new Function("a", "b", "return %HaveSameMap(a, b)") as (a: object, b: object) => boolean,
    fastProperties: new Function("o", "return %HasFastProperties(o)") as (o: object) => boolean,
  };
  /* eslint-enable @typescript-eslint/no-implied-eval */
}
