/**
 * SIGINT or SIGTERM asks `plinth start` to stop gracefully: finish the requests in flight, close
 * the audit trail, say "plinth stopped". The handlers are installed once, as the command starts,
 * not once it is up: a signal that came while it was starting, or right after the banner (a
 * supervisor's stop, a test's), found none and ended the process at once, and a `--workers`
 * primary ended that way took its workers with it unclosed (cluster exits a worker when its
 * primary goes). They stay installed: a second signal (systemd signals every process of the
 * unit, and the primary signals its workers too) must not end a stop already under way.
 */
let requested: Promise<NodeJS.Signals> | undefined;

export function stopRequested(): Promise<NodeJS.Signals> {
  return (requested ??= new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => resolve(signal);
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  }));
}
