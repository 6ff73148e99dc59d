/**
 * Preloaded into a plinth server process (NODE_OPTIONS=--import=<this file>) by the STS
 * end-to-end test, to run that server with its clock moved by STS_TEST_CLOCK_OFFSET_MS: the
 * only way to see a real token expire without waiting for it. Never loaded by plinth itself.
 */
const offset = Number(process.env["STS_TEST_CLOCK_OFFSET_MS"] ?? "0");
const RealDate = Date;

class ShiftedDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(RealDate.now() + offset);
    else super(...(args as [string]));
  }

  static override now(): number {
    return RealDate.now() + offset;
  }
}

globalThis.Date = ShiftedDate as DateConstructor;
