import { openStore } from "../../src/store/index.js";
import { auditEvent, leafOf } from "./audit-fixtures.js";

/**
 * Appends to the audit log of the SQLite store in argv[2] until killed, keeping 64 appends in
 * flight, and prints `<index> <eventID>` for each acknowledged one. stdout to a pipe is
 * synchronous on Linux, so a printed line was acknowledged before the kill could land.
 */
const store = await openStore({ dataDir: process.argv[2]! });
const appender = store.audit.appender("crash");
const IN_FLIGHT = 64;

async function worker(): Promise<never> {
  for (;;) {
    const event = auditEvent();
    const { leaf, leafHash } = leafOf(event);
    const { index } = await appender.append(event, leaf, leafHash);
    process.stdout.write(`${index} ${event.eventID}\n`);
  }
}

await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
