/**
 * Finds credentials carried in a URL. An API key in `baseUrl` would be printed wherever the
 * URL is (start-up logs, error reports, the console), so such URLs are refused and the key is
 * sent to a secret field, which is resolved by reference and never printed.
 */
const SECRET_PARAMS = new Set([
  "key", "apikey", "api_key", "api-key", "token", "access_token", "accesstoken", "id_token",
  "refresh_token", "auth", "authorization", "password", "passwd", "pwd", "secret",
  "client_secret", "sig", "signature", "code", "credential", "credentials", "session_token",
]);

/** Query-parameter prefixes of signed URLs (AWS presigning, Google signed URLs). */
const SECRET_PREFIXES = ["x-amz-", "x-goog-"];

/**
 * What in `url` looks like a credential, as a phrase naming the place (never the value), or
 * undefined when nothing does. The URL is assumed to parse (the schema checked it).
 */
export function findUrlCredential(url: string): string | undefined {
  const parsed = new URL(url);
  if (parsed.username !== "" || parsed.password !== "") return "user:password@ credentials";
  for (const name of parsed.searchParams.keys()) {
    const lower = name.toLowerCase();
    if (SECRET_PARAMS.has(lower) || SECRET_PREFIXES.some((prefix) => lower.startsWith(prefix))) {
      return `a credential-like query parameter (${name})`;
    }
  }
  return undefined;
}
