import { invalidInput } from "./faults.js";

/**
 * Organizations' list operations page with `MaxResults` (1..20) and an opaque `NextToken`. The
 * token names the operation and the last key served, so a page resumes after that key even
 * when items were added or removed in between, and a token from another list is refused.
 */
export interface PageRequest {
  readonly maxResults?: number;
  readonly nextToken?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string;
}

export const DEFAULT_PAGE_SIZE = 20;

export function paginate<T>(items: readonly T[], key: (item: T) => string, request: PageRequest, list: string): Page<T> {
  const sorted = [...items].sort((a, b) => compare(key(a), key(b)));
  const after = request.nextToken === undefined ? undefined : readToken(request.nextToken, list);
  const rest = after === undefined ? sorted : sorted.filter((item) => compare(key(item), after) > 0);
  const size = request.maxResults ?? DEFAULT_PAGE_SIZE;
  const page = rest.slice(0, size);
  return rest.length > size ? { items: page, nextToken: writeToken(list, key(page.at(-1)!)) } : { items: page };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function writeToken(list: string, after: string): string {
  return Buffer.from(JSON.stringify({ l: list, a: after }), "utf8").toString("base64url");
}

function readToken(token: string, list: string): string {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (typeof value === "object" && value !== null) {
      const { l, a } = value as { l?: unknown; a?: unknown };
      if (l === list && typeof a === "string") return a;
    }
  } catch {
    // fall through: any token we did not write is refused the same way
  }
  throw invalidInput("INVALID_NEXT_TOKEN", "NextToken", "the token was not issued by this operation");
}
