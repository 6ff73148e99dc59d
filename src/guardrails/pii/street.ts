import { isDigitCode, isSpaceCode } from "./char-class.js";
import { contextNear } from "./pattern.js";
import type { PiiMatch } from "./recogniser.js";

/**
 * Street addresses by their shape, as Presidio's pattern recognisers work: a pattern proposes a
 * candidate, context words and the lines that follow it (a unit, a town, a postcode) confirm it.
 * Three street shapes:
 *  - English-speaking: house number, one to three words, a street type from the USPS/Royal Mail
 *    list ("12 Baker Street", "1668 Glyn St", "14 Crown Street Kishiev Squares");
 *  - continental: a street name then the house number, where the name ends in or opens with a
 *    street word ("Bundesstrasse 31", "Søndergade 52", "Via Franscini 71", "Rue Gafsa 62");
 *  - any name between two numbers ("28030 Edeby 55"), which alone could be a product and build
 *    number, so it needs an address word nearby or an address line after it.
 * PO boxes and US military addresses (PSC 0413, Box 8144, APO AA 42323) have fixed shapes.
 * Every quantifier is bounded, so a failing match costs a constant per position.
 */

// USPS Publication 28 street suffixes and Royal Mail thoroughfare types, full and abbreviated,
// with a plural where streets are named so ("Squares", "Forges").
const SUFFIXES = [
  "street", "st", "str", "road", "rd", "avenue", "ave", "av", "lane", "ln", "drive", "dr", "close", "way", "place", "pl",
  "court", "ct", "crescent", "cres", "terrace", "tce", "ter", "gardens", "gdns", "grove", "gr", "square", "sq", "boulevard",
  "blvd", "hill", "park", "row", "mews", "walk", "parade", "green", "rise", "view", "highway", "hwy", "parkway", "pkwy",
  "circle", "cir", "trail", "trl", "broadway", "plaza", "alley", "aly", "bypass", "causeway", "centre", "center", "common",
  "cove", "creek", "crossing", "estate", "expressway", "expy", "freeway", "fwy", "gate", "harbor", "harbour", "heights",
  "hts", "junction", "jct", "landing", "loop", "manor", "meadow", "mill", "mount", "orchard", "pass", "path", "pike",
  "point", "port", "ridge", "route", "rte", "shore", "spring", "summit", "trace", "track", "turnpike", "tpke", "union",
  "valley", "villa", "vista", "wharf", "wynd", "embankment", "quay", "chase", "hollow", "forge", "ford", "glen", "knoll",
  "lake", "lodge", "motorway", "oval", "ranch", "station", "stravenue", "throughway", "village", "wells", "field",
  "fields", "flat", "flats", "fork", "brook", "burg", "bluff", "bottom", "branch", "bridge", "camp", "canyon", "cape",
  "cliff", "club", "corner", "creek", "dale", "dam", "divide", "falls", "ferry", "gardens", "haven", "inlet", "island",
  "isle", "key", "light", "mall", "mission", "neck", "overpass", "prairie", "radial", "ramp", "rapid", "rest", "shoal",
  "skyway", "squares", "streets", "stream", "tunnel", "underpass", "viaduct", "ville", "crest", "close",
];
const SUFFIX = `(?:${[...new Set(SUFFIXES)].sort((a, b) => b.length - a.length).map((s) => `${s[0]!.toUpperCase()}${s.slice(1)}s?|${s.toUpperCase()}S?|${s}s?`).join("|")})\\.?`;

// Street words written as the end of the name ("Søndergade", "Koskikatu", "Bundesstrasse").
const ENDINGS = "(?:stra(?:ss|ß)e|str\\.|gasse|weg|platz|allee|damm|ufer|gade|vej|vejen|stræde|sti|stien|stig|gate|gaten|vei|veg|gata|gatan|vägen|väg|veien|vegen|katu|tie|kuja|polku|laan|straat|plein|gracht|singel|utca|ulica|ulice|cesta|iela|tänav|gatve|sokak|caddesi|út|tér|körút)";
// Street words written before the name ("Via Franscini", "Rue Gafsa", "ul. Długa").
const OPENERS = "(?:Rue|Via|Viale|Vicolo|Piazza|Corso|Largo|Rua|Avenida|Avda\\.?|Av\\.|Calle|Carrer|Camino|Paseo|Plaza|Praça|Travessa|Boulevard|Bd\\.?|Chemin|Allée|Quai|Impasse|Rambla|Ronda|Strada|Aleja|ul\\.|Odos|Οδός|Λ\\.|Λεωφόρος)";

const WORD = "\\p{Lu}[\\p{L}'’.-]{0,24}";
const ANY_WORD = "\\p{L}[\\p{L}'’.-]{0,24}";
// Small words inside street and place names ("Rua do Arenque", "Mora de Rubielos").
const JOINER = "(?:de|del|della|dei|degli|delle|di|da|dal|do|dos|das|du|des|la|le|les|van|von|der|den|het|am|an|auf|im|the|of|upon|on|y|e|i)";
const NAME_WORDS = `${WORD}(?: (?:${JOINER} )?${WORD}){0,3}`;
// A house number, after a building or block number where there is one ("2450", "846 31").
const HOUSE = "\\d{1,5}[A-Za-z]?(?: \\d{1,5}[A-Za-z]?)?";
const UNIT = "(?:Apt|APT|apt|Apartment|Suite|SUITE|suite|Ste|Unit|UNIT|unit|Flat|FLAT|flat|Floor|Fl|Room|Rm|Bldg|Building)\\.? ?#? ?\\d{1,5}[A-Za-z]?";

// A line may open with an e-mail quote mark ("> Suite 828").
const SEP = "[ \\t]{0,8}(?:,[ \\t]{0,8})?(?:\\r?\\n[ \\t]{0,8}(?:>[ \\t]{0,3}){0,3}){0,2}(?:,[ \\t]{0,8})?";
const UNIT_FREE_WORD = "(?:The |the )?\\p{Lu}\\p{Ll}[\\p{L}'’-]{0,24}";
const NOT_STREET = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|and|or|to|of|in|on|at|the|a|an|am|pm|for|from|by|with|x|by|times|min|mins|minutes|hours|hrs|days|weeks|months|years|yrs|percent|per|out|plus|minus|points|pts|items|units|people|kg|g|mg|ml|l|km|m|cm|mm|mph|gb|mb|kb|tb|usd|gbp|eur|version|build|release|chapter|page|section|part|verse|step|level|round|room|floor|row|seat|gate|platform|table|line|item|no|nr|number|vs|v)";

/**
 * Street lines that open with the house number, tried only where a run of digits starts (every
 * street shape holds a number, and a sticky match at a handful of places costs far less than a
 * search over the whole text), each with the confidence its shape alone gives.
 */
const FROM_NUMBER: readonly { re: RegExp; score: number }[] = [
  // "12 Baker Street", "1668 Glyn St", "2450 Crown St", "14 Crown Street Kishiev Squares"
  { re: new RegExp(`${HOUSE},? ${NAME_WORDS} ${SUFFIX}(?: ${WORD} ${SUFFIX})?(?![\\p{L}\\p{N}])`, "yu"), score: 0.85 },
  // "62 Rue Gafsa", "137 Avenue Teboulbi"
  { re: new RegExp(`${HOUSE},? ${OPENERS} (?:${JOINER} )?${NAME_WORDS}(?: \\d{1,4}[A-Za-z]?)?(?![\\p{L}\\p{N}])`, "yu"), score: 0.75 },
  // "28030 Edeby 55", "255 hersnapvej 18": confirmed by context or by the lines after it. Not a
  // date ("12 March 2024"), a range ("10 to 20") or a quantity ("5 days 3").
  { re: new RegExp(`\\d{1,5} (?!${NOT_STREET}(?![\\p{L}]))${ANY_WORD}(?: ${ANY_WORD}){0,2} \\d{1,4}[A-Za-z]?\\.?(?![\\p{L}\\p{N}])`, "yiu"), score: 0.4 },
  // "12 Kingsway, London": a house number and a name, then a town after a comma; only with an
  // address word nearby, as "3 Musketeers, Paris" is not one
  { re: new RegExp(`${HOUSE} (?:${UNIT_FREE_WORD} ){0,2}${UNIT_FREE_WORD}(?=, ${WORD})`, "yu"), score: 0.4 },
];

/**
 * Street lines that close with a number, read back from it (each regex ends at the number):
 * a name opened by a street word ("Via Franscini 71"), a PO box or military box ("PSC 0413,
 * Box 8144"), a unit ("Suite 501"), a ship's name above its FPO line.
 */
const TO_OPENER = new RegExp(`(?<![\\p{L}\\p{N}])(?:${HOUSE},? )?${OPENERS} (?:${JOINER} )?${NAME_WORDS} $`, "u");
const TO_BOX = /(?<![\p{L}\p{N}])(?:P\.? ?O\.? ?Box|Post Office Box|POB|Postbox|(?:PSC|CMR|Unit|UNIT|psc|unit|cmr) \d{1,5},? (?:Box|BOX|box)) ?#? ?$/u;
const TO_UNIT = /(?<![\p{L}\p{N}])(?:Apt|APT|apt|Apartment|Suite|SUITE|suite|Ste|Flat|FLAT)\.? ?#? ?$/u;
const UNIT_WORDS = new Set(["apt", "apartment", "suite", "ste", "flat"]);
const TO_SHIP = new RegExp(`(?<![\\p{L}\\p{N}])(?:USNS|USNV|USS|USCGC|usns|usnv|uss|uscgc) ${ANY_WORD}(?: ${ANY_WORD})?${SEP}(?:[AFD]PO|[afd]po) (?:AA|AE|AP|aa|ae|ap) $`, "u");
// The word before a number, when it is a street name ending in a street word ("Søndergade 52").
const ENDING_WORD = new RegExp(`${ENDINGS}$`, "iu");
const BEFORE_NAME = new RegExp(`(?:(?<![\\p{L}\\p{N}])${HOUSE} )?(?:${WORD} ){0,2}$`, "u");
const LOOK_BACK = 80;

// Words that make "number, name, number" a street line: where someone lives or is sent things.
const ADDRESS_WORDS = [
  "address", "addresses", "lives at", "live at", "living at", "located at", "moved to", "move to", "sent to", "send it to",
  "deliver to", "delivered to", "delivery address", "shipping", "billing", "postal", "meet you at", "drops you off at",
  "office is at", "return to", "resides at", "residence",
];

// Lines after a street: a unit, a military post office, a postcode or ZIP, or one to four place
// words (a town, "CO", "Cyprus (Greek)"). Separators: spaces, a comma, up to two line breaks.
const UK_POSTCODE = "(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\\d[A-Z\\d]? ?\\d[ABD-HJLNP-UW-Z]{2})";
const POSTCODE = `(?:${UK_POSTCODE}|\\d{5}(?:-\\d{4})?|\\d{4}|\\d{3} \\d{2}|[A-Z]\\d[A-Z] ?\\d[A-Z]\\d)`;
const TAIL_PART = new RegExp(
  `${SEP}(?:(${UNIT})|((?:APO|FPO|DPO|apo|fpo|dpo) (?:AA|AE|AP|aa|ae|ap) \\d{5})|(${POSTCODE})(?! ?\\d)|(${WORD}(?: (?:${JOINER} )?${WORD}){0,3}(?: \\(\\p{Lu}\\p{L}{1,20}\\))?))(?![\\p{L}\\p{N}])`,
  "yu",
);
// Capitalised words that open the next clause rather than continue the address.
const NOT_PLACE = /^(?:I|I'm|I'll|The|A|An|And|Or|But|For|Please|Thanks|Thank|Then|It|He|She|We|They|You|My|Our|Your|His|Her|On|In|At|To|If|So|Is|Was|This|That|Call|Phone|Mobile|Desk|Fax|Email|E-mail|Tel|Website|Name|Office)\b/u;

/** Extends a street line over the address lines after it; returns the new end and whether any was a unit, postcode or line of its own. */
function tail(text: string, end: number): { end: number; confirmed: boolean } {
  let confirmed = false;
  for (let parts = 0; parts < 6; parts++) {
    TAIL_PART.lastIndex = end;
    const m = TAIL_PART.exec(text);
    if (m === null) break;
    const place = m[4];
    if (place !== undefined && NOT_PLACE.test(place)) break;
    const brokenLine = m[0].includes("\n");
    // A bare four digits could be a year; a five-digit ZIP or a postcode after the street is not.
    if (m[1] !== undefined || m[2] !== undefined || (m[3] !== undefined && m[3].length > 4) || brokenLine) confirmed = true;
    end = m.index + m[0].length;
  }
  return { end, confirmed };
}

function isAsciiLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
// By character code for ASCII, by Unicode class otherwise: a regex call per character costs more
// than the rest of the scan.
function isLetterAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c < 128 ? isAsciiLetterCode(c) : LETTER.test(text[i]!);
}
function isUpperAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c < 128 ? c >= 65 && c <= 90 : UPPER.test(text[i]!);
}
function isLowerAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c < 128 ? c >= 97 && c <= 122 : LOWER.test(text[i]!);
}
function isAlnumAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c < 128 ? isAsciiLetterCode(c) || isDigitCode(c) : ALNUM.test(text[i]!);
}
const LETTER = /\p{L}/u;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const ALNUM = /[\p{L}\p{N}]/u;
const NUMBER_END = /\d{0,4}[A-Za-z]?\.?(?![\p{L}\p{N}])/uy;

const SUFFIX_WORDS = new Set(SUFFIXES.flatMap((x) => [x, `${x}s`]));
const OPENER_WORDS = new Set(["rue", "via", "viale", "vicolo", "piazza", "corso", "largo", "rua", "avenida", "avda", "av", "calle", "carrer", "camino", "paseo", "plaza", "praça", "travessa", "boulevard", "bd", "chemin", "allée", "quai", "impasse", "rambla", "ronda", "strada", "aleja", "ul", "odos", "οδός", "λ", "λεωφόρος"]);

/**
 * The first two characters of every word in SUFFIX_WORDS and OPENER_WORDS whose first two are
 * ASCII, in lower case, as one number. A word whose own first two characters are ASCII can be one
 * of them only if its pair is here (lower-casing maps ASCII to ASCII and leaves the rest of the
 * word no say in its first two), so most words after a number are dismissed without a slice.
 */
const LISTED_PAIRS: ReadonlySet<number> = new Set(
  [...SUFFIX_WORDS, ...OPENER_WORDS].filter((w) => w.length >= 2 && w.charCodeAt(0) < 128 && w.charCodeAt(1) < 128).map((w) => pairOf(w.charCodeAt(0), w.charCodeAt(1))),
);

function pairOf(a: number, b: number): number {
  return ((a >= 65 && a <= 90 ? a + 32 : a) << 8) | (b >= 65 && b <= 90 ? b + 32 : b);
}

/** Whether lowerWord(text, from, to) is in SUFFIX_WORDS or OPENER_WORDS: what mayBeListed must never deny. */
export function isListed(text: string, from: number, to: number): boolean {
  const word = lowerWord(text, from, to);
  return SUFFIX_WORDS.has(word) || OPENER_WORDS.has(word);
}

/** Whether lowerWord(text, from, to) may be in SUFFIX_WORDS or OPENER_WORDS (false: it is in neither). */
export function mayBeListed(text: string, from: number, to: number): boolean {
  const a = text.charCodeAt(from);
  // The listed words of one character are not ASCII ("λ"), so an ASCII one is none of them.
  if (to - from === 1) return a >= 128;
  const b = text.charCodeAt(from + 1);
  // Beyond ASCII a character may fold to anything ("K", the Kelvin sign, to "k"): the slice decides.
  if (a >= 128 || b >= 128) return true;
  return LISTED_PAIRS.has(pairOf(a, b));
}

const LONGEST_WORD = 12;
/** The address recogniser's maxLength. */
export const MAX_ADDRESS = 160;

/** text[from, to) in lower case without a closing full stop ("St." → "st"). */
function lowerWord(text: string, from: number, to: number): string {
  if (to > from && text.charCodeAt(to - 1) === 46) to--;
  return text.slice(from, to).toLowerCase();
}

/**
 * Whether the words after a number can make a forward street shape: a street type among the next
 * five words, a street word opening them, another number among them, or a comma after one to three
 * capitalised words. A lookup over at most five words, so that most numbers in prose ("AB 12 34",
 * "3 items") cost no regex at all.
 */
function mayOpenStreet(text: string, de: number): boolean {
  const n = text.length;
  let k = de;
  if (k < n && isAsciiLetterCode(text.charCodeAt(k))) k++;
  let sawWord = false;
  for (let w = 0; w < 6; w++) {
    if (k < n && text.charCodeAt(k) === 44) k++;
    if (k >= n || text.charCodeAt(k) !== 32) return false;
    k++;
    const ws = k;
    while (k < n && !isSpaceCode(text.charCodeAt(k)) && text.charCodeAt(k) !== 44) k++;
    if (k === ws) return false;
    if (isDigitCode(text.charCodeAt(ws))) {
      // The close of "28030 Edeby 55"; or the house number after a building's ("846 31 Rue"),
      // but not a third number in a row ("12 34 56").
      if (sawWord) return true;
      if (w > 0) return false;
      continue;
    }
    if (k - ws <= LONGEST_WORD && (w <= 1 || sawWord) && mayBeListed(text, ws, k)) {
      const word = lowerWord(text, ws, k);
      if (w <= 1 && OPENER_WORDS.has(word)) return true;
      if (sawWord && SUFFIX_WORDS.has(word)) return true;
    }
    // "12 Kingsway, London": a name of two letters or more before the comma.
    if (w <= 2 && text.charCodeAt(k) === 44 && k - ws >= 2 && isUpperAt(text, ws)) return true;
    if (!isLetterAt(text, ws)) return false;
    sawWord = true;
  }
  return false;
}

/** The index of the next ASCII digit from `i`, or -1: a loop of its own, which the engine optimises alone. */
function nextDigit(text: string, i: number): number {
  const n = text.length;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c <= 57 && c >= 48) return i;
  }
  return -1;
}

/** Whether one of the five words before `at` is a street word that opens a name ("Via", "Rue"). */
function openerBefore(text: string, at: number): boolean {
  let k = at;
  for (let w = 0; w < 5 && k > 0; w++) {
    while (k > 0 && text.charCodeAt(k - 1) === 32) k--;
    const we = k;
    while (k > 0 && !isSpaceCode(text.charCodeAt(k - 1))) k--;
    if (we - k <= LONGEST_WORD && OPENER_WORDS.has(lowerWord(text, k, we))) return true;
    if (k > 0 && text.charCodeAt(k - 1) !== 32) return false;
  }
  return false;
}

export function findStreets(text: string): PiiMatch[] {
  const out: PiiMatch[] = [];
  const push = (start: number, end: number, score: number) => {
    const t = tail(text, end);
    // No longer than the recogniser's maxLength, which a streaming scan holds back.
    t.end = Math.min(t.end, start + MAX_ADDRESS);
    const s = t.confirmed || (score < 0.8 && contextNear(text, start, t.end, ADDRESS_WORDS)) ? Math.max(score, 0.8) : score;
    out.push({ type: "ADDRESS", start, end: t.end, score: s });
  };
  // Runs of digits found by character code: a regex search for \d costs several times more.
  const n = text.length;
  for (let i = nextDigit(text, 0); i !== -1; i = nextDigit(text, i)) {
    const ds = i;
    while (i < n && isDigitCode(text.charCodeAt(i))) i++;
    const de = i;
    if (de - ds > 6 || (ds > 0 && isAlnumAt(text, ds - 1))) continue;
    if (mayOpenStreet(text, de)) {
      for (const { re, score } of FROM_NUMBER) {
        re.lastIndex = ds;
        const m = re.exec(text);
        if (m !== null) push(ds, ds + m[0].length, score);
      }
    }
    // Only a number after a word and a space can close a street line read backwards.
    if (ds < 2 || text[ds - 1] !== " " && text[ds - 1] !== "#") continue;
    // The word before the number decides which backward shapes can apply, so most numbers
    // ("AB 12", "page 3") are dismissed by a lookup rather than a search.
    let ws = ds;
    while (ws > 0 && (text[ws - 1] === " " || text[ws - 1] === "#")) ws--;
    const we = ws;
    while (ws > 0 && (isLetterAt(text, ws - 1) || text.charCodeAt(ws - 1) === 46)) ws--;
    if (ws === we) continue;
    const word = text.slice(ws, we).replace(/\.$/, "");
    const lower = we - ws <= LONGEST_WORD ? word.toLowerCase() : "";
    const backward = UNIT_WORDS.has(lower) || lower === "box" || lower === "pob" || lower === "postbox" || lower === "aa" || lower === "ae" || lower === "ap" ||
      (isUpperAt(text, ws) && we - ws >= 3 && (ENDING_WORD.test(word) || (isLowerAt(text, ws + 1) && openerBefore(text, ws))));
    if (!backward) continue;
    const from = Math.max(0, ds - LOOK_BACK);
    const before = text.slice(from, ds);
    NUMBER_END.lastIndex = de;
    const end = de + (NUMBER_END.exec(text)?.[0].length ?? 0);
    if (UNIT_WORDS.has(lower)) {
      const m = TO_UNIT.exec(before);
      if (m !== null) push(from + m.index, de, 0.6);
    } else if (lower === "box" || lower === "pob" || lower === "postbox") {
      const m = TO_BOX.exec(before);
      if (m !== null) push(from + m.index, end, 0.8);
    } else if (lower === "aa" || lower === "ae" || lower === "ap") {
      const m = TO_SHIP.exec(before);
      if (m !== null) push(from + m.index, end, 0.8);
    } else if (isUpperAt(text, ws)) {
      const e = ENDING_WORD.exec(word);
      if (e !== null) {
        let start = ws;
        // The ending closes a name ("Søndergade"), or is a word of its own after a capitalised
        // one ("Villacher Strasse").
        if (e.index === 0 && !/\p{Lu}[\p{L}'’-]* $/u.test(text.slice(Math.max(0, start - 26), start))) continue;
        const lead = BEFORE_NAME.exec(text.slice(Math.max(0, start - LOOK_BACK), start));
        if (lead !== null) start -= lead[0].length;
        push(start, end, 0.8);
        continue;
      }
      const m = TO_OPENER.exec(before);
      if (m !== null) push(from + m.index, end, 0.75);
    }
  }
  return out;
}
