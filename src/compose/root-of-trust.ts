import { readFile } from "node:fs/promises";
import type { RootKeySettings } from "../config/index.js";
import type { RootOfTrust } from "../crypto/index.js";
import { fault } from "../kernel/index.js";

/** The configured root of trust as crypto/ takes it: the CA file read, everything else as resolved. */
export async function rootOfTrust(settings: RootKeySettings): Promise<RootOfTrust> {
  if (settings.type === "file") return settings;
  const { caFile, ...rest } = settings;
  if (caFile === undefined) return rest;
  const ca = await readFile(caFile, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw fault("internal", `cannot read server.rootKey.caFile ${caFile} (${error.code ?? "unknown error"})`);
  });
  return { ...rest, ca };
}
