import { invocationLoggingOperations } from "../http/bedrock/invocation-logging-routes.js";
import { invocationLogRecorder } from "../http/invocation-log/index.js";
import { isFault } from "../kernel/index.js";
import type { AccountInvocationLogging } from "../service/invocation-logging/index.js";
import { PeerInvocationLogging } from "./account-settings-peers.js";
import type { Capability, Foundation } from "./capability.js";

/** How often expired invocation logs are deleted (also once at start). */
const PURGE_EVERY_MS = 3_600_000;

/**
 * Bedrock's model invocation logging: the account's configuration (off by default; refused when
 * the deployment or the account forbids content logging), the recording of Converse,
 * ConverseStream, InvokeModel and InvokeModelWithResponseStream calls (sealed, holding only the
 * kinds of content the account's delivery flags enable), and the purge of records past their
 * retention.
 */
export function invocationLoggingCapability({ config, store, box, clock, logger, peers }: Foundation): Capability & { readonly logging: AccountInvocationLogging } {
  const logging = new PeerInvocationLogging(peers, store.invocationLogging, box, config.region, config.invocationLogging, clock);
  const purge = (): void => {
    logging.purge().then(
      (n) => { if (n > 0) logger.info({ deleted: n }, "expired invocation logs deleted"); },
      (error: unknown) => logger.warn({ err: error }, "invocation log purge failed; retried next hour"),
    );
  };
  // A record not written is said in the operator's log by its error's name alone: a message may quote anything.
  const recorder = invocationLogRecorder(logging, (error: unknown) => {
    logger.warn({ error: isFault(error) ? error.kind : error instanceof Error ? error.name : typeof error }, "invocation log record not written");
  });
  purge();
  const timer = setInterval(purge, PURGE_EVERY_MS);
  timer.unref();
  return {
    name: "invocation-logging",
    logging,
    operations: invocationLoggingOperations(logging),
    hooks: { admission: [recorder.admission], outputGuards: [recorder.guard] },
    close: async () => clearInterval(timer),
  };
}
