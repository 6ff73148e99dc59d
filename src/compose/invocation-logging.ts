import { invocationLoggingOperations } from "../http/bedrock/invocation-logging-routes.js";
import { invocationLogRecorder } from "../http/invocation-log-recorder.js";
import { AccountInvocationLogging } from "../service/invocation-logging/index.js";
import type { Capability, Foundation } from "./capability.js";

/** How often expired invocation logs are deleted (also once at start). */
const PURGE_EVERY_MS = 3_600_000;

/**
 * Bedrock's model invocation logging: the account's configuration (off by default; refused when
 * the deployment forbids content logging), the recording of Converse calls (sealed, when the
 * account turned text delivery on), and the purge of records past their retention.
 */
export function invocationLoggingCapability({ config, store, box, clock, logger }: Foundation): Capability & { readonly logging: AccountInvocationLogging } {
  const logging = new AccountInvocationLogging(store.invocationLogging, box, config.region, config.invocationLogging, clock);
  const purge = (): void => {
    logging.purge().then(
      (n) => { if (n > 0) logger.info({ deleted: n }, "expired invocation logs deleted"); },
      (error: unknown) => logger.warn({ err: error }, "invocation log purge failed; retried next hour"),
    );
  };
  purge();
  const timer = setInterval(purge, PURGE_EVERY_MS);
  timer.unref();
  return {
    name: "invocation-logging",
    logging,
    operations: invocationLoggingOperations(logging),
    hooks: { outputGuards: [invocationLogRecorder(logging)] },
    close: async () => clearInterval(timer),
  };
}
