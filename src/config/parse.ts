import { parseDocument } from "yaml";
import { ConfigError, type ConfigProblem } from "./problems.js";

/**
 * Parses YAML (JSON is YAML). Pretty parser messages quote the offending lines, which may hold
 * an inline secret, so only their first sentence and the position are kept.
 */
export function parseConfigText(text: string, file: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, merge: false });
  if (doc.errors.length > 0) {
    const problems: ConfigProblem[] = doc.errors.map((error) => {
      const pos = error.linePos?.[0];
      const where = pos === undefined ? "" : ` at line ${pos.line}, column ${pos.col}`;
      const sentence = (error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
      return { path: "", message: `YAML syntax error${where}: ${sentence} (${error.code})` };
    });
    throw new ConfigError(problems, file);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch {
    // Alias resolution failures (unknown anchor, alias expansion bomb); details may quote content.
    throw new ConfigError([{ path: "", message: "YAML aliases could not be resolved" }], file);
  }
}
