import { parseArgs } from "node:util";
import { startCommand } from "./start.js";

const USAGE = `usage: plinth <command> [options]

commands:
  start     start the server
            --data-dir D      data directory (default ./data)
            --port P          TLS port (default 8443)
            --host H          listen address (default 127.0.0.1)
            --config C        YAML or JSON config file (see schema/config.schema.json)
            --database-url U  postgres://... to share state between nodes (default: SQLite in the data dir)
            --workers N       worker processes sharing the listeners and the data directory (default: the
                              cores this process may use; 1 while local models are served unless given);
                              each is an audit node of its own (NODE.w1, NODE.w2, ...)
            --fips            refuse to start unless Node's crypto is in FIPS mode (see "FIPS mode" in the README)
  iam       everyday identity chores against a running plinth (plinth iam help)
  models    pull URL: download a GGUF model into the data directory (plinth models help)
  audit     verify the audit trail against its signed checkpoints, or tail it (plinth audit help)
  data      inventory: what is stored for an account, by resource, kind, size and key (plinth data help)
  root      rotate: a new root key version, everything rewrapped under it, no downtime (plinth root help)
  help      show this text
`;

/** Entry point of the `plinth` command; returns the process exit code. */
export async function main(argv: readonly string[], env: Record<string, string | undefined>): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "start": {
      const { values } = parseArgs({
        args: [...rest],
        options: {
          "data-dir": { type: "string" }, port: { type: "string" }, host: { type: "string" },
          config: { type: "string" }, "database-url": { type: "string" }, workers: { type: "string" },
          fips: { type: "boolean" },
        },
        strict: true,
      });
      return startCommand(values, env);
    }
    case "iam":
      try {
        // The SDK's notice about its future Node versions is for developers, not for an operator
        // running a chore; the operator's own setting wins.
        process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";
        // Loaded only here: `plinth start` never pays for the IAM client (~15 MiB resident).
        const { iamCommand } = await import("./iam.js");
        return await iamCommand(rest, env, (line) => process.stdout.write(line + "\n"));
      } catch (error) {
        // API errors carry the service's own message; anything else is a local problem.
        const e = error as { name?: string; message?: string };
        process.stderr.write(`plinth iam: ${e.name ?? "Error"}: ${e.message ?? String(error)}\n`);
        return 1;
      }
    case "models": {
      // Loaded only here, like iam: start-up never pays for it.
      const { modelsCommand } = await import("./models.js");
      return modelsCommand(rest, { out: (line) => process.stdout.write(line + "\n"), err: process.stderr });
    }
    case "audit": {
      const { auditCommand } = await import("./audit.js");
      try {
        return await auditCommand(rest, env, (line) => process.stdout.write(line + "\n"));
      } catch (error) {
        const e = error as { name?: string; message?: string };
        process.stderr.write(`plinth audit: ${e.name ?? "Error"}: ${e.message ?? String(error)}\n`);
        return 1;
      }
    }
    case "data": {
      const { dataCommand } = await import("./data.js");
      try {
        return await dataCommand(rest, env, (line) => process.stdout.write(line + "\n"));
      } catch (error) {
        const e = error as { name?: string; message?: string };
        process.stderr.write(`plinth data: ${e.name ?? "Error"}: ${e.message ?? String(error)}\n`);
        return 1;
      }
    }
    case "root": {
      const { rootCommand } = await import("./root.js");
      try {
        return await rootCommand(rest, env, (line) => process.stdout.write(line + "\n"));
      } catch (error) {
        const e = error as { name?: string; message?: string };
        process.stderr.write(`plinth root: ${e.name ?? "Error"}: ${e.message ?? String(error)}\n`);
        return 1;
      }
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(USAGE);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`plinth: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}
