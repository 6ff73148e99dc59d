import { startProxy } from "./proxy.js";
import { startTlsFloor } from "./tls-floor.js";
import { startUpstream } from "./upstream.js";

/**
 * Entry point of the benchmark's helper processes, so that the upstream, the bare proxy and the
 * load generator each have their own event loop, as plinth has:
 *   node dist/bench/child.js upstream [host]
 *   node dist/bench/child.js proxy <upstream-url> fetch|http
 *   node dist/bench/child.js tls-floor <upstream-url> [journal-file]   (bench/tls-floor.ts; with a
 *     journal file, the durable floor)
 * Prints `listening <url>` on stdout and runs until it is signalled.
 */
const [role, upstream, client] = process.argv.slice(2);
const started = role === "upstream" ? await startUpstream(0, upstream ?? "127.0.0.1")
  : role === "proxy" && upstream && (client === "fetch" || client === "http") ? await startProxy(upstream, client)
  : role === "tls-floor" && upstream ? await startTlsFloor(upstream, 0, client)
  : undefined;
if (!started) {
  process.stderr.write("usage: child.js upstream [host] | proxy <upstream-url> fetch|http | tls-floor <upstream-url> [journal-file]\n");
  process.exit(2);
}
process.stdout.write(`listening ${started.url}\n`);
process.once("SIGTERM", () => {
  started.server.closeAllConnections();
  started.server.close(() => process.exit(0));
});
