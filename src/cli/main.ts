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
          config: { type: "string" }, "database-url": { type: "string" },
        },
        strict: true,
      });
      return startCommand(values, env);
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
