import { isFault } from "../kernel/index.js";
import { startPlinth } from "../main.js";

interface StartFlags {
  readonly "data-dir"?: string;
  readonly port?: string;
  readonly host?: string;
  readonly config?: string;
  readonly "database-url"?: string;
}

/** `plinth start`: runs until SIGINT/SIGTERM, then drains and closes. */
export async function startCommand(flags: StartFlags, env: Record<string, string | undefined>): Promise<number> {
  let port: number | undefined;
  if (flags.port !== undefined) {
    port = Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      process.stderr.write(`plinth: --port must be an integer between 0 and 65535\n`);
      return 2;
    }
  }
  let running;
  try {
    running = await startPlinth({
      configFile: flags.config,
      env,
      overrides: { dataDir: flags["data-dir"], port, host: flags.host, databaseUrl: flags["database-url"] },
    });
  } catch (error) {
    // Start-up errors are ours to explain (config paths, permissions); never a stack trace.
    const message = isFault(error) || error instanceof Error ? error.message : String(error);
    process.stderr.write(`plinth: cannot start: ${message}\n`);
    return 1;
  }
  const lines = [
    `plinth listening on ${running.url} (region ${running.region})`,
    `data directory: ${running.dataDir}`,
    running.newCredentials
      ? `created the bootstrap administrator ${running.administratorArn}; its access key is in ${running.credentialsFile}`
      : `administrator: ${running.administratorArn} (credentials file: ${running.credentialsFile})`,
    "use it with the AWS SDKs and CLI:",
    `  export AWS_SHARED_CREDENTIALS_FILE=${running.credentialsFile}`,
    `  export AWS_REGION=${running.region}`,
    `  export AWS_DEFAULT_REGION=${running.region}    # the AWS CLI v1 and boto3 read this name`,
    `  export AWS_ENDPOINT_URL=${running.url}`,
    ...(running.caFile ? caLines(running.caFile, running.caPermits) : []),
    `models: ${running.modelCount}`,
  ];
  process.stderr.write(lines.join("\n") + "\n");
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await running.close();
  return 0;
}

/**
 * How to trust the CA. AWS_CA_BUNDLE is read by the AWS CLI and botocore only; NODE_EXTRA_CA_CERTS
 * makes every Node program started from the shell trust the CA, which is why it is called a quick
 * start and the names the generated CA can vouch for are shown beside it.
 */
function caLines(caFile: string, permits: readonly string[] | undefined): string[] {
  const scope = permits === undefined ? "" : ` (it vouches only for ${permits.map((p) => p.replace(/^(DNS|IP):/, "")).join(", ")})`;
  return [
    `  export AWS_CA_BUNDLE=${caFile}          # the AWS CLI and boto3 trust the CA`,
    `  export NODE_EXTRA_CA_CERTS=${caFile}    # quick start: every Node program in this shell trusts the CA${scope}`,
    `  # to trust it in one client only, see "Trusting the CA" in the README`,
  ];
}
