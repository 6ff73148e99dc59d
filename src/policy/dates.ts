/**
 * Date values for the Date operators: the W3C profile of ISO 8601 (YYYY, YYYY-MM, YYYY-MM-DD,
 * and date-times with minutes, seconds and fractions) or epoch seconds, as IAM documents.
 * A date-time without a zone designator is read as UTC (IAM's own examples always give `Z`), and
 * four digits alone are a year.
 */

const W3C = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;
const EPOCH = /^-?\d+(?:\.\d+)?$/;

/** Milliseconds since the epoch, or NaN when the value is not a date IAM accepts. */
export function parseDate(value: string | number | boolean): number {
  if (typeof value === "number") return Number.isFinite(value) ? value * 1000 : NaN;
  if (typeof value !== "string") return NaN;
  // Four digits alone are a year (W3C "YYYY"), not 2020 seconds after 1970.
  if (EPOCH.test(value) && !/^\d{4}$/.test(value)) return Number(value) * 1000;
  const m = W3C.exec(value);
  if (!m) return NaN;
  const [, y, mo = "01", d = "01", h = "00", mi = "00", s = "00", frac = "", zone = "Z"] = m;
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(s);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return NaN;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second) + (frac ? Math.floor(Number(`0${frac}`) * 1000) : 0);
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return NaN; // 2023-02-30
  if (zone === "Z") return ms;
  const sign = zone[0] === "-" ? -1 : 1;
  const zh = Number(zone.slice(1, 3)), zm = Number(zone.slice(4, 6));
  if (zh > 23 || zm > 59) return NaN;
  return ms - sign * (zh * 60 + zm) * 60_000;
}
