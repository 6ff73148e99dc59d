/**
 * Once `plinth start` listens: one memory-reducing garbage collection, so an idle server does
 * not keep the memory its start-up needed (issue 13, docs/PERFORMANCE.md "Idle memory").
 *
 * Start-up loads ~650 modules and composes the capabilities: ~40 MiB of what it allocates
 * lives through at least one scavenge, which makes V8 double the young generation's
 * semi-spaces up to 16 MiB (32 MiB resident, empty once start-up is over), and leaves garbage
 * in the old generation. V8 gives both back only in a memory-reducing GC, which Node never
 * asks for, so an idle worker kept ~35 MiB it did not use. Node has no call for it; the
 * inspector's HeapProfiler.collectGarbage (DevTools' "collect garbage" button) is V8's
 * low-memory notification, asked in-process: no port is opened and nothing else is enabled.
 * It takes tens of milliseconds, once a process; the young generation grows back to its
 * usual size within the first second of load, so serving is unchanged.
 */
export async function collectStartUpGarbage(): Promise<void> {
  let session: import("node:inspector").Session | undefined;
  try {
    // Imported here: in a node built without the inspector, importing it throws.
    const { Session } = await import("node:inspector");
    session = new Session();
    session.connect();
    await new Promise<void>((resolve, reject) => session!.post("HeapProfiler.collectGarbage", (error) => (error ? reject(error) : resolve())));
  } catch {
    // No inspector: the memory stays resident, nothing else changes.
  } finally {
    session?.disconnect();
  }
}
