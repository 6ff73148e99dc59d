/** The few column types the dialects spell differently; migrations take them as a parameter. */
export interface DialectTypes {
  readonly blob: "blob" | "bytea";
}

export const SQLITE_TYPES: DialectTypes = { blob: "blob" };
export const POSTGRES_TYPES: DialectTypes = { blob: "bytea" };
