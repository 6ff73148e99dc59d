/**
 * Checksums and issuing rules that tell a real identifier from a number of the same shape. Each
 * takes the candidate as matched (separators included) and says whether it can be genuine.
 */

/** The digits of `s`, separators dropped. */
export function digitsOf(s: string): string {
  return s.replace(/[^0-9]/g, "");
}

/** Luhn (ISO/IEC 7812-1): cards and Canadian SINs. */
export function luhn(s: string): boolean {
  const d = digitsOf(s);
  if (d.length === 0) return false;
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let n = d.charCodeAt(d.length - 1 - i) - 48;
    if (i % 2 === 1) { n *= 2; if (n > 9) n -= 9; }
    sum += n;
  }
  return sum % 10 === 0;
}

/** Card numbers: 13–19 digits, a known issuer prefix, Luhn. */
export function cardNumber(s: string): boolean {
  const d = digitsOf(s);
  if (d.length < 13 || d.length > 19) return false;
  // Visa 4, Mastercard 51–55 and 2221–2720, Amex 34/37, Discover 6, JCB 35, Diners 30/36/38.
  if (!/^(?:4|5[1-5]|2[2-7]|3[04678]|35|6)/.test(d)) return false;
  if (/^(\d)\1+$/.test(d)) return false;
  return luhn(d);
}

/** NHS number: 10 digits, weights 10..2 over the first nine, 11 − (sum mod 11) is the tenth (11 → 0, 10 never issued). */
export function nhsNumber(s: string): boolean {
  const d = digitsOf(s);
  if (d.length !== 10 || /^(\d)\1+$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (d.charCodeAt(i) - 48) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10) return false;
  return check === d.charCodeAt(9) - 48;
}

/** IBAN (ISO 13616): 15–34 characters, the rearranged number mod 97 is 1. */
export function iban(s: string): boolean {
  const c = s.replace(/[ -]/g, "").toUpperCase();
  if (c.length < 15 || c.length > 34 || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(c)) return false;
  const r = c.slice(4) + c.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < r.length; i++) {
    const code = r.charCodeAt(i);
    // Letters count as two digits (A = 10 … Z = 35); folding as we go keeps it within a double.
    if (code >= 65) rem = (rem * 100 + (code - 55)) % 97;
    else rem = (rem * 10 + (code - 48)) % 97;
  }
  return rem === 1;
}

/** ABA routing number: a Federal Reserve prefix and 3-7-1 weights summing to a multiple of 10. */
export function abaRouting(s: string): boolean {
  const d = digitsOf(s);
  if (d.length !== 9) return false;
  const prefix = Number(d.slice(0, 2));
  if (!((prefix <= 12) || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80)) return false;
  if (/^0+$/.test(d)) return false;
  const n = (i: number) => d.charCodeAt(i) - 48;
  const sum = 3 * (n(0) + n(3) + n(6)) + 7 * (n(1) + n(4) + n(7)) + (n(2) + n(5) + n(8));
  return sum % 10 === 0;
}

const VIN_VALUES: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** The North American VIN check digit (position 9); I, O and Q never appear. */
export function vinCheckDigit(s: string): boolean {
  const v = s.toUpperCase();
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(v)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = v[i]!;
    const value = c >= "0" && c <= "9" ? c.charCodeAt(0) - 48 : VIN_VALUES[c]!;
    sum += value * VIN_WEIGHTS[i]!;
  }
  const check = sum % 11;
  return v[8] === (check === 10 ? "X" : String(check));
}

/** Canadian SIN: 9 digits, Luhn; 0 and 8 are not issued as first digits. */
export function canadianSin(s: string): boolean {
  const d = digitsOf(s);
  return d.length === 9 && d[0] !== "0" && d[0] !== "8" && luhn(d);
}

const NI_BAD_PREFIXES = new Set(["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"]);

/**
 * UK National Insurance number: two prefix letters, six digits, suffix A–D. Neither prefix
 * letter is D, F, I, Q, U or V; the second is not O; some pairs are never allocated.
 */
export function ukNino(s: string): boolean {
  const c = s.replace(/[\s-]/g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{6}[A-D]$/.test(c)) return false;
  const a = c[0]!;
  const b = c[1]!;
  if ("DFIQUV".includes(a) || "DFIQUVO".includes(b)) return false;
  return !NI_BAD_PREFIXES.has(a + b);
}

/** US SSN: area not 000, 666 or 9xx; group not 00; serial not 0000; not the advertised 123-45-6789. */
export function usSsn(s: string): boolean {
  const d = digitsOf(s);
  if (d.length !== 9) return false;
  const area = d.slice(0, 3);
  if (area === "000" || area === "666" || area[0] === "9") return false;
  if (d.slice(3, 5) === "00" || d.slice(5) === "0000") return false;
  if (d === "123456789" || d === "078051120" || /^(\d)\1+$/.test(d)) return false;
  return true;
}

/** US ITIN: starts with 9; the middle pair is 50–65, 70–88, 90–92 or 94–99. */
export function usItin(s: string): boolean {
  const d = digitsOf(s);
  if (d.length !== 9 || d[0] !== "9") return false;
  const g = Number(d.slice(3, 5));
  return (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || (g >= 94 && g <= 99);
}

let regions: Intl.DisplayNames | undefined;

/** An ISO 3166 alpha-2 region code as ICU knows it (SWIFT codes carry one at positions 5–6). */
export function isRegionCode(cc: string): boolean {
  regions ??= new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });
  if (!/^[A-Z]{2}$/.test(cc)) return false;
  const name = regions.of(cc);
  return name !== undefined && name !== cc && name !== "Unknown Region";
}
