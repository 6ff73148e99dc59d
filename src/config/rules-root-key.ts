import type { ConfigProblem } from "./problems.js";
import type { RawServer } from "./raw.js";
import { isPlainHttpToAnotherHost } from "./plain-http.js";
import { findUrlCredential } from "./url-credentials.js";

/**
 * The key manager's address carries the root key itself (unwrapped at every start) and its token
 * or credentials: plain http to another machine is refused outright, with no opt-in as
 * providers have, since whoever reads that traffic reads everything plinth stores.
 */
export function checkRootKeyRules(server: RawServer | undefined): ConfigProblem[] {
  const rootKey = server?.rootKey;
  if (rootKey === undefined || rootKey.type === "file") return [];
  const field = rootKey.type === "transit" ? "address" : "endpoint";
  const url = rootKey.type === "transit" ? rootKey.address : rootKey.endpoint;
  if (url === undefined) return [];
  const path = `server.rootKey.${field}`;
  if (findUrlCredential(url) !== undefined) return [{ path, message: "must not carry credentials: give them in the fields for them, by reference" }];
  if (isPlainHttpToAnotherHost(url)) {
    return [{ path, message: "must be https: plain http to another machine would carry the root key and the key manager's credentials unencrypted (localhost and loopback addresses are exempt)" }];
  }
  return [];
}
