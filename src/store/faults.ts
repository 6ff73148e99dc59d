import { fault, isFault } from "../kernel/index.js";
import type { Fault } from "../kernel/index.js";

/** What a failed statement means to the caller, read from SQLite's and PostgreSQL's codes. */
type Cause = "unique" | "foreign-key" | "unavailable" | "retry" | "other";

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH", "EPIPE", "EAI_AGAIN"]);

export function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

function causeOf(code: string | undefined): Cause {
  if (code === undefined) return "other";
  // better-sqlite3 extended result codes
  if (code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "SQLITE_CONSTRAINT_UNIQUE") return "unique";
  if (code === "SQLITE_CONSTRAINT_FOREIGNKEY") return "foreign-key";
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return "unavailable";
  // PostgreSQL SQLSTATE: 23505 unique_violation, 23503 foreign_key_violation,
  // class 08 connection exceptions, class 28 authorization refused, 3D000 no such database,
  // 57P0x shutdown, 53300 too many connections
  if (code === "23505") return "unique";
  if (code === "23503") return "foreign-key";
  // 40001 serialization_failure, 40P01 deadlock_detected: racing transactions; a retry succeeds.
  if (code === "40001" || code === "40P01") return "retry";
  if (code.startsWith("08") || code.startsWith("28") || code === "3D000" || code.startsWith("57P0") || code === "53300") return "unavailable";
  if (NETWORK_CODES.has(code)) return "unavailable";
  return "other";
}

export interface FaultMessages {
  /** For a unique violation, e.g. "access key AKIA... already exists". */
  readonly conflict?: string;
  /** For a foreign-key violation, e.g. "account 123456789012 does not exist". */
  readonly missing?: string;
  /**
   * For a foreign-key violation by a delete: the record is still referenced (IAM's
   * DeleteConflict), a "conflict" rather than a "not-found".
   */
  readonly inUse?: string;
}

/**
 * Translates a database error into a Fault. Messages are ours: driver messages can quote row
 * values, so only the error code is passed on.
 */
export function storeFault(error: unknown, messages: FaultMessages = {}): Fault {
  if (isFault(error)) return error;
  const code = errorCode(error);
  switch (causeOf(code)) {
    case "unique":
      return fault("conflict", messages.conflict ?? "the record already exists");
    case "foreign-key":
      if (messages.inUse !== undefined) return fault("conflict", messages.inUse);
      return fault("not-found", messages.missing ?? "a record this one refers to does not exist");
    case "unavailable":
      return fault("service-unavailable", `the database is unavailable (${code})`);
    case "retry":
      return fault("throttling", `the request collided with a concurrent change (${code}); retry it`);
    default:
      return fault("internal", `a database operation failed${code ? ` (${code})` : ""}`);
  }
}

/** Runs one store operation, so no driver error crosses the store's boundary. */
export async function guarded<T>(operation: () => Promise<T>, messages?: FaultMessages): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw storeFault(error, messages);
  }
}
