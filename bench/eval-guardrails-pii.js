// Accuracy and speed of plinth's PII recognisers on a labelled synthetic corpus.
//
//   npx tsc -p tsconfig.json && node bench/eval-guardrails-pii.js [--docs N] [--seed S]
//
// The corpus is generated here with a fixed seed (templates × generated values), UK-heavy, with
// checksum-failing look-alikes and clean sentences as negatives, so the figures are reproducible
// and comparable run to run. Metrics follow presidio-research: per-type precision, recall and
// F2 (β = 2, recall weighted over precision), on tokens and on spans (same type, IoU ≥ 0.7).
import { existsSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { PII_ENTITY_TYPES } from "../dist/src/guardrails/config.js";
import { findPii } from "../dist/src/guardrails/pii/index.js";
import { seededRandom as rng } from "../dist/src/guardrails/classifier/seeded-random.js";

const args = new Map(process.argv.slice(2).map((a, i, all) => [a, all[i + 1]]));
const DOCS = Number(args.get("--docs") ?? 1500);
const SEED = Number(args.get("--seed") ?? 11);
// --errors lists the misses and false alarms (synthetic text only) to see what to fix next.
const SHOW = process.argv.includes("--errors");
const errors = [];

const rand = rng(SEED);
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = (xs) => xs[int(0, xs.length - 1)];
const digits = (n) => Array.from({ length: n }, () => int(0, 9)).join("");
const letters = (n, from = "ABCDEFGHIJKLMNOPQRSTUVWXYZ") => Array.from({ length: n }, () => pick(from)).join("");

const FIRST = ["Oliver", "Amelia", "Mohammed", "Priya", "Siobhan", "Wei", "Olu", "Gareth", "Fatima", "Hannah", "James", "Aisha", "Tomasz", "Chloe", "Rhys", "Emily", "Harry", "Sophie", "Callum", "Niamh", "Arjun", "Grace", "Kwame", "Isla", "George", "Zara", "Ewan", "Lucy", "Daniel", "Ruth"];
const LAST = ["Smith", "Patel", "Jones", "Khan", "Williams", "O'Neill", "Nowak", "Chen", "Okafor", "Taylor", "Evans", "Begum", "MacDonald", "Hughes", "Brown", "Ahmed", "Wilson", "Campbell", "Davies", "Thompson", "Robinson", "Wright", "Mensah", "Kowalski", "Murphy"];
const STREETS = ["Baker", "Church", "Station", "Victoria", "Mill", "Park", "High", "Queen", "King", "Albert", "Chapel", "Manor", "Grange", "Windsor", "Elm"];
const SUFFIXES = ["Street", "Road", "Lane", "Avenue", "Close", "Drive", "Gardens", "Way", "Crescent", "Terrace"];
const TOWNS = ["London", "Leeds", "Manchester", "Bristol", "Cardiff", "Glasgow", "Norwich", "Sheffield", "York", "Brighton", "Nottingham", "Exeter"];
const AREAS = ["SW", "N", "M", "LS", "B", "EH", "CF", "BS", "NR", "S", "YO", "BN", "NG", "EX", "E", "W"];
const DOMAINS = ["example.co.uk", "example.com", "nhs.example.net", "mail.example.org"];

function luhnDigit(body) {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let n = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) { n *= 2; if (n > 9) n -= 9; }
    sum += n;
  }
  return String((10 - (sum % 10)) % 10);
}
function nhsCheck(nine) {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
  const c = 11 - (sum % 11);
  return c === 11 ? 0 : c;
}
function ibanCheck(country, bban) {
  const r = bban + country + "00";
  let rem = 0;
  for (const ch of r) rem = ch >= "A" ? (rem * 100 + ch.charCodeAt(0) - 55) % 97 : (rem * 10 + Number(ch)) % 97;
  return String(98 - rem).padStart(2, "0");
}
const spaced = (s, sizes, sep) => { const out = []; let i = 0; for (const n of sizes) { out.push(s.slice(i, i + n)); i += n; } return out.join(sep); };

// Each generator returns [text, label]; a null label is a look-alike that must not be reported.
const GEN = {
  NAME: () => [`${pick(FIRST)} ${pick(LAST)}`, "NAME"],
  FIRST: () => [pick(FIRST), "NAME"],
  ADDRESS: () => [`${int(1, 240)} ${pick(STREETS)} ${pick(SUFFIXES)}, ${pick(TOWNS)} ${pick(AREAS)}${int(1, 20)} ${int(1, 9)}${letters(2, "ABDEFGHJLNPQRSTUWXYZ")}`, "ADDRESS"],
  POSTCODE: () => [`${pick(AREAS)}${int(1, 20)} ${int(1, 9)}${letters(2, "ABDEFGHJLNPQRSTUWXYZ")}`, "ADDRESS"],
  PHONE: () => [pick([
    () => `07700 900${digits(3)}`, () => `020 7946 0${digits(3)}`, () => `+44 7700 900${digits(3)}`,
    () => `0113 496 0${digits(3)}`, () => `(212) 555-01${digits(2)}`,
  ])(), "PHONE"],
  EMAIL: () => [`${pick(FIRST).toLowerCase()}.${pick(LAST).toLowerCase().replace("'", "")}${pick(["", int(1, 99)])}@${pick(DOMAINS)}`, "EMAIL"],
  CARD: () => { const b = "4" + digits(14); return [spaced(b + luhnDigit(b), [4, 4, 4, 4], pick([" ", "-", ""])), "CREDIT_DEBIT_CARD_NUMBER"]; },
  CARD_BAD: () => { const b = "4" + digits(14); const c = (Number(luhnDigit(b)) + int(1, 9)) % 10; return [spaced(b + c, [4, 4, 4, 4], " "), null]; },
  NHS: () => { let n; let c; do { n = String(int(4, 7)) + digits(8); c = nhsCheck(n); } while (c === 10); return [spaced(n + c, [3, 3, 4], pick([" ", "", "-"])), "UK_NATIONAL_HEALTH_SERVICE_NUMBER"]; },
  NHS_BAD: () => { let n; let c; do { n = String(int(4, 7)) + digits(8); c = nhsCheck(n); } while (c === 10); return [spaced(n + ((c + int(1, 9)) % 10), [3, 3, 4], " "), null]; },
  NI: () => [`${pick("ABCEGHJKLMNPRSTWXYZ".split(""))}${pick("ABCEGHJKLMNPRSTWXYZ".split(""))}${digits(6)}${pick(["A", "B", "C", "D"])}`.replace(/^(?:BG|GB|KN|NK|NT|TN|ZZ)/, "AB"), "UK_NATIONAL_INSURANCE_NUMBER"],
  NI_BAD: () => [pick([() => `QQ${digits(6)}C`, () => `GB${digits(6)}A`, () => `AB${digits(6)}E`, () => `DA${digits(6)}B`])(), null],
  UTR: () => [pick([digits(10), `${digits(5)} ${digits(5)}`]), "UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER"],
  IBAN: () => { const bban = letters(4) + digits(14); return [spaced(`GB${ibanCheck("GB", bban)}${bban}`, [4, 4, 4, 4, 4, 2], " "), "INTERNATIONAL_BANK_ACCOUNT_NUMBER"]; },
  IP: () => [`${int(1, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`, "IP_ADDRESS"],
  URL: () => [`https://www.${pick(["example", "portal", "clinic"])}.co.uk/${pick(["account", "patients", "login"])}/${digits(4)}`, "URL"],
  AWS_KEY: () => [`AKIA${letters(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`, "AWS_ACCESS_KEY"],
  PASSWORD: () => [`${pick(["Summer", "Tiger", "Blue", "Maple"])}${int(10, 99)}${pick(["!", "#", "$"])}`, "PASSWORD"],
  SSN: () => [`${int(100, 665)}-${String(int(1, 99)).padStart(2, "0")}-${String(int(1, 9999)).padStart(4, "0")}`, "US_SOCIAL_SECURITY_NUMBER"],
  AGE: () => [String(int(18, 95)), "AGE"],
  PLATE: () => [`${pick(["AB", "LS", "MA", "YK", "BD"])}${pick(["19", "69", "21", "71", "23"])} ${letters(3, "ABCDEFGHJKLMNOPRSTUVWXY")}`, "LICENSE_PLATE"],
  EXPIRY: () => [`${String(int(1, 12)).padStart(2, "0")}/${int(26, 31)}`, "CREDIT_DEBIT_CARD_EXPIRY"],
  CVV: () => [digits(3), "CREDIT_DEBIT_CARD_CVV"],
  ITIN: () => [`9${digits(2)}-${pick(["70", "78", "88", "90", "94", "99", "51"])}-${digits(4)}`, "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER"],
  ROUTING: () => {
    // ABA: 3-7-1 weights over nine digits sum to a multiple of ten.
    for (;;) {
      const d = pick(["01", "02", "03", "11", "12", "21", "26", "31", "61", "71"]) + digits(6);
      const w = [3, 7, 1, 3, 7, 1, 3, 7];
      const s = [...d].reduce((a, c, i) => a + Number(c) * w[i], 0);
      return [d + ((10 - (s % 10)) % 10), "US_BANK_ROUTING_NUMBER"];
    }
  },
  SIN: () => { const b = String(int(1, 7)) + digits(7); return [spaced(b + luhnDigit(b), [3, 3, 3], pick([" ", "-"])), "CA_SOCIAL_INSURANCE_NUMBER"]; },
  VIN: () => {
    const V = { A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9, S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9 };
    const W = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    const chars = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
    const v = [...(pick(["1HG", "JHM", "WVW", "SAJ", "1FT"]) + letters(5, chars) + "0" + letters(2, chars) + digits(6))];
    const sum = v.reduce((a, c, i) => a + (c >= "A" ? V[c] : Number(c)) * W[i], 0) % 11;
    v[8] = sum === 10 ? "X" : String(sum);
    return [v.join(""), "VEHICLE_IDENTIFICATION_NUMBER"];
  },
  SWIFT: () => [`${letters(4)}GB${int(2, 9)}${letters(1)}${pick(["", "XXX"])}`, "SWIFT_CODE"],
  MAC: () => [Array.from({ length: 6 }, () => letters(2, "0123456789ABCDEF")).join(pick([":", "-"])), "MAC_ADDRESS"],
  IPV6: () => [`2001:db8:${Array.from({ length: 3 }, () => letters(4, "0123456789abcdef")).join(":")}::${letters(3, "0123456789abcdef")}`, "IP_ADDRESS"],
  AWS_SECRET: () => { let k; do k = letters(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+"); while (!/[A-Z]/.test(k) || !/[a-z]/.test(k) || !/\d/.test(k)); return [k, "AWS_SECRET_KEY"]; },
  PIN: () => [digits(4), "PIN"],
  USERNAME: () => [`${pick(FIRST).toLowerCase()}${pick(["_", ".", ""])}${int(1, 999)}`, "USERNAME"],
  PASSPORT: () => [digits(9), "US_PASSPORT_NUMBER"],
  DRIVER: () => [`${pick(["MORGA", "SMITH", "JONES", "KHAN9", "PATEL"])}${int(5, 8)}${pick(["0", "5"])}${int(1, 2)}${int(1, 2)}${int(0, 9)}${int(0, 9)}${letters(2)}9${letters(2)}`, "DRIVER_ID"],
  CA_HEALTH: () => [`${digits(4)}-${digits(3)}-${digits(3)}-${letters(2)}`, "CA_HEALTH_NUMBER"],
  ACCOUNT: () => [digits(int(8, 12)), "US_BANK_ACCOUNT_NUMBER"],
  LOWER_NAME: () => [`${pick(FIRST)} ${pick(LAST)}`.toLowerCase(), "NAME"],
  SURNAME: () => [pick(LAST), "NAME"],
  STREET_NO_SUFFIX: () => [`${int(1, 200)} ${pick(["Kingsway", "Broadway", "The Strand", "Cheapside", "Piccadilly"])}, ${pick(TOWNS)}`, "ADDRESS"],
  NI_LOWER: () => [`${pick(["ab", "ce", "jk", "pr"])} ${digits(2)} ${digits(2)} ${digits(2)} ${pick(["a", "b", "c", "d"])}`, "UK_NATIONAL_INSURANCE_NUMBER"],
  BARE_NHS: () => { let n; let c; do { n = String(int(4, 7)) + digits(8); c = nhsCheck(n); } while (c === 10); return [n + c, "UK_NATIONAL_HEALTH_SERVICE_NUMBER"]; },
  ISBN: () => [`978-${int(0, 1)}-${digits(3)}-${digits(5)}-${int(0, 9)}`, null],
  UUID: () => [`${letters(8, "0123456789abcdef")}-${letters(4, "0123456789abcdef")}-4${letters(3, "0123456789abcdef")}-a${letters(3, "0123456789abcdef")}-${letters(12, "0123456789abcdef")}`, null],
  SHA: () => [letters(40, "0123456789abcdef"), null],
  TIMESTAMP: () => [`2024-0${int(1, 9)}-1${int(0, 9)}T1${int(0, 9)}:${int(10, 59)}:${int(10, 59)}Z`, null],
  ORDER: () => [digits(int(6, 10)), null],
  AMOUNT: () => [`£${int(1, 999)}.${digits(2)}`, null],
  DATE: () => [`${int(1, 28)}/${int(1, 12)}/20${int(10, 29)}`, null],
  VERSION: () => [`${int(1, 9)}.${int(0, 20)}.${int(0, 9)}`, null],
};

const TEMPLATES = [
  "My name is {NAME} and my NHS number is {NHS}.",
  "Patient {NAME}, NHS no. {NHS}, lives at {ADDRESS}.",
  "Please update the record for {NAME}: National Insurance number {NI}.",
  "NI number {NI_BAD} was rejected by the payroll system.",
  "The NHS number on the letter, {NHS_BAD}, does not look right.",
  "Call me on {PHONE} or email {EMAIL} if the appointment changes.",
  "Dr {NAME} can be reached on {PHONE}.",
  "Send the invoice to {ADDRESS} and copy {EMAIL}.",
  "Card number {CARD}, expiry {EXPIRY}, CVV {CVV}.",
  "The card {CARD_BAD} was declined.",
  "My UTR is {UTR} and I file self assessment every January.",
  "Your unique taxpayer reference: {UTR}.",
  "Pay into IBAN {IBAN} by Friday.",
  "Login failures from {IP} were blocked; see {URL} for details.",
  "The access key {AWS_KEY} was found in the repository.",
  "Her password: {PASSWORD}, please change it.",
  "SSN {SSN} on the US form for {NAME}.",
  "{FIRST} is {AGE} years old and moved to {POSTCODE} last year.",
  "The car with reg {PLATE} was parked outside.",
  "Order {ORDER} for {AMOUNT} was shipped on {DATE}.",
  "Version {VERSION} fixes the export bug; build {ORDER} is ready.",
  "Thanks, {NAME}",
  "Meeting moved to {DATE}; the budget is {AMOUNT}.",
  "Reference {ORDER} relates to ticket {ORDER}.",
  "Hi {FIRST}, your parcel to {ADDRESS} is on its way.",
  "Contact {NAME} at {EMAIL} or {PHONE} about NHS number {NHS}.",
  "Aged {AGE}, {NAME} was admitted on {DATE}.",
  "Please ring {PHONE} to confirm the National Insurance number {NI}.",
  "The quarterly report is attached and the totals reconcile.",
  "We shipped {ORDER} units last quarter at {AMOUNT} each.",
];

// Written after the recognisers were tuned on TEMPLATES and never tuned on: lower-case names,
// bare surnames, streets without a suffix, less common types, and shapes that imitate PII.
const HELD_OUT = [
  "please forward this to {LOWER_NAME} in accounts",
  "Spoke with {SURNAME} yesterday about the claim.",
  "Deliver to {STREET_NO_SUFFIX} before noon.",
  "my ni is {NI_LOWER}",
  "{BARE_NHS} is the number on her NHS card.",
  "Ref {BARE_NHS} attached.",
  "ITIN {ITIN} was issued last year.",
  "Wire it using routing number {ROUTING} and account number {ACCOUNT}.",
  "SIN: {SIN}",
  "The VIN is {VIN}.",
  "BIC/SWIFT {SWIFT}",
  "Device {MAC} joined from {IPV6}.",
  "aws_secret_access_key={AWS_SECRET}",
  "Your PIN is {PIN}.",
  "username: {USERNAME}",
  "Passport number {PASSPORT}, expires next year.",
  "Driving licence {DRIVER}",
  "OHIP health card {CA_HEALTH}",
  "ISBN {ISBN} is out of print.",
  "Request {UUID} failed at {TIMESTAMP}.",
  "Merged commit {SHA} into main.",
  "He turned {AGE} last week.",
  "Text {PHONE} when you arrive, {FIRST}.",
  "{NAME} ({EMAIL}) asked about card {CARD}.",
];

function generate(n, templates) {
  const docs = [];
  for (let d = 0; d < n; d++) {
    let text = "";
    const spans = [];
    const template = pick(templates);
    let i = 0;
    for (const m of template.matchAll(/\{(\w+)\}/g)) {
      text += template.slice(i, m.index);
      const [value, label] = GEN[m[1]]();
      if (label) spans.push({ type: label, start: text.length, end: text.length + value.length });
      text += value;
      i = m.index + m[0].length;
    }
    text += template.slice(i);
    docs.push({ text, spans });
  }
  return docs;
}

const tokensOf = (text) => [...text.matchAll(/\S+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
const labelAt = (spans, tok) => {
  const mid = (tok.start + tok.end - 1) / 2;
  for (const s of spans) if (mid >= s.start && mid < s.end) return s.type;
  return null;
};
const iou = (a, b) => {
  const inter = Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
  return inter / (Math.max(a.end, b.end) - Math.min(a.start, b.start));
};

function evaluate(docs, types) {
  const span = new Map();
  const tok = new Map();
  // presidio-research's overall "PII" score: a token is a hit when gold and prediction are both
  // some PII type, whichever (its calculate_score: annotation and prediction both not "O").
  const pii = { tp: 0, fp: 0, fn: 0 };
  const bump = (m, t, k) => { const c = m.get(t) ?? { tp: 0, fp: 0, fn: 0 }; c[k]++; m.set(t, c); };
  for (const { text, spans } of docs) {
    const gold = spans.filter((s) => types.has(s.type));
    const pred = findPii(text, types);
    const used = new Set();
    for (const p of pred) {
      const g = gold.findIndex((s, i) => !used.has(i) && s.type === p.type && iou(s, p) >= 0.7);
      if (g >= 0) { used.add(g); bump(span, p.type, "tp"); } else { bump(span, p.type, "fp"); if (SHOW) errors.push(`FP ${p.type} ${JSON.stringify(text.slice(p.start, p.end))} in ${JSON.stringify(text)}`); }
    }
    gold.forEach((s, i) => { if (!used.has(i)) { bump(span, s.type, "fn"); if (SHOW) errors.push(`FN ${s.type} ${JSON.stringify(text.slice(s.start, s.end))} in ${JSON.stringify(text)}`); } });
    for (const t of tokensOf(text)) {
      const g = labelAt(gold, t);
      const p = labelAt(pred, t);
      if (g && p) pii.tp++; else if (p) pii.fp++; else if (g) pii.fn++;
      if (g && g === p) bump(tok, g, "tp");
      else { if (p) bump(tok, p, "fp"); if (g) bump(tok, g, "fn"); }
    }
  }
  return { span, tok, pii };
}

const prf = ({ tp, fp, fn }) => {
  const p = tp + fp === 0 ? 1 : tp / (tp + fp);
  const r = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f2 = p + r === 0 ? 0 : (5 * p * r) / (4 * p + r);
  return { p, r, f2 };
};
const sum = (m) => [...m.values()].reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
const f = (x) => x.toFixed(3);

function throughput(docs, types, minMs) {
  const texts = docs.map((d) => d.text);
  const chars = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
  let bytes = 0;
  const t0 = performance.now();
  do { for (const t of texts) findPii(t, types); bytes += chars; } while (performance.now() - t0 < minMs);
  return bytes / 1e6 / ((performance.now() - t0) / 1000);
}

const ALL = new Set(PII_ENTITY_TYPES);
const PATTERNS = new Set(PII_ENTITY_TYPES.filter((t) => t !== "NAME" && t !== "ADDRESS"));
const tuned = generate(DOCS, TEMPLATES);
const heldOut = generate(Math.round(DOCS / 2), HELD_OUT);
report("tuned templates", tuned);
report("held-out templates", heldOut);

// Where ../shared/data/ exists (a development set that must not be committed): presidio-research's
// synthetic dev set, whose names, places and shapes are not ours. Every presidio entity type with a
// Bedrock PII type is mapped to it and only those Bedrock types are asked, as presidio-research
// maps a dataset's types to the model's and keeps only those (its entities_to_keep).
let presidioDocs;
const PRESIDIO = new URL("../../shared/data/pii/presidio_synth_dev.json", import.meta.url);
const AS = {
  PERSON: "NAME",
  // Bedrock's ADDRESS "can include the street, building, location, city, state, country, county,
  // zip code": a city or country alone (GPE) and a ZIP code alone are ADDRESS to it. presidio-research
  // likewise scores STREET_ADDRESS and GPE as one type (LOCATION).
  STREET_ADDRESS: "ADDRESS",
  GPE: "ADDRESS",
  ZIP_CODE: "ADDRESS",
  CREDIT_CARD: "CREDIT_DEBIT_CARD_NUMBER",
  PHONE_NUMBER: "PHONE",
  EMAIL_ADDRESS: "EMAIL",
  US_SSN: "US_SOCIAL_SECURITY_NUMBER",
  IP_ADDRESS: "IP_ADDRESS",
  AGE: "AGE",
  IBAN_CODE: "INTERNATIONAL_BANK_ACCOUNT_NUMBER",
  // Its values are whole URLs ("https://www.UEarly.se/"); presidio-research maps it to URL too.
  DOMAIN_NAME: "URL",
  US_DRIVER_LICENSE: "DRIVER_ID",
};
// No Bedrock type: ORGANIZATION, DATE_TIME and NRP (nationality, religion, politics) are not PII
// types in Bedrock, and TITLE ("Dr.", a job title) is excluded from its NAME by definition. Their
// spans are dropped from the gold, so finding or missing them does not count either way.
const NOT_MAPPED = ["ORGANIZATION", "DATE_TIME", "NRP", "TITLE"];
if (existsSync(PRESIDIO)) {
  const raw = JSON.parse(readFileSync(PRESIDIO, "utf8"));
  const unknown = new Set(raw.flatMap((d) => d.spans.map((s) => s.entity_type)).filter((t) => !AS[t] && !NOT_MAPPED.includes(t)));
  if (unknown.size > 0) throw new Error(`presidio types neither mapped nor listed as unmapped: ${[...unknown].join(", ")}`);
  const dev = raw.map((d) => ({
    text: d.full_text,
    spans: d.spans.filter((s) => AS[s.entity_type]).map((s) => ({ type: AS[s.entity_type], start: s.start_position, end: s.end_position })),
  }));
  presidioDocs = dev;
  console.log(`
presidio types mapped: ${Object.entries(AS).map(([k, v]) => `${k}→${v}`).join(", ")}; not mapped (no Bedrock type): ${NOT_MAPPED.join(", ")}`);
  report("presidio-research synth dev (mapped types)", dev, new Set(Object.values(AS)), false);
} else {
  // The anchor figures (presidio's F2 0.618 / 0.845) are on this set: say it was not measured.
  console.log(`\n${PRESIDIO.pathname} is absent: skipping the presidio-research development set (see ../shared/data/README.md)`);
}

function report(title, docs, types = ALL, seeded = true) {
const { span, tok, pii } = evaluate(docs, types);
console.log(`\nPII recognisers, ${title}: ${docs.length} documents${seeded ? ` (seed ${SEED})` : ""}, ${types === ALL ? "all 31 types" : [...types].join(", ")} asked`);
console.log("type".padEnd(40), "tok P   ", "tok R   ", "tok F2  ", "span P  ", "span R  ", "span F2 ", "gold spans");
const seen = [...new Set([...span.keys(), ...tok.keys()])].sort();
for (const t of seen) {
  const s = span.get(t) ?? { tp: 0, fp: 0, fn: 0 };
  const k = tok.get(t) ?? { tp: 0, fp: 0, fn: 0 };
  const a = prf(k);
  const b = prf(s);
  console.log(t.padEnd(40), f(a.p).padEnd(8), f(a.r).padEnd(8), f(a.f2).padEnd(8), f(b.p).padEnd(8), f(b.r).padEnd(8), f(b.f2).padEnd(8), s.tp + s.fn);
}
const to = prf(sum(tok));
const so = prf(sum(span));
console.log("ALL (micro)".padEnd(40), f(to.p).padEnd(8), f(to.r).padEnd(8), f(to.f2).padEnd(8), f(so.p).padEnd(8), f(so.r).padEnd(8), f(so.f2).padEnd(8));
const po = prf(pii);
console.log("PII, any type (presidio-research)".padEnd(40), f(po.p).padEnd(8), f(po.r).padEnd(8), f(po.f2).padEnd(8));

if (SHOW) console.log([...new Set(errors.splice(0))].sort().slice(0, 200).join("\n"));
}

const docs = [...tuned, ...heldOut];
const patternsOnly = throughput(docs, PATTERNS, 2000);
const withNlp = throughput(docs, ALL, 2000);
console.log(`\nthroughput, one core: patterns only (29 types) ${patternsOnly.toFixed(2)} MB/s; with NAME/ADDRESS (compromise) ${withNlp.toFixed(2)} MB/s`);
if (presidioDocs) {
  // CPU time of this process (one thread), which a neighbour's load moves less than wall time.
  const texts = presidioDocs.map((d) => d.text);
  const bytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
  const types = new Set(Object.values(AS));
  const cpu = process.cpuUsage();
  let passes = 0;
  do { for (const t of texts) findPii(t, types); passes++; } while (process.cpuUsage(cpu).user < 2e6);
  const used = process.cpuUsage(cpu);
  console.log(`presidio set, mapped types: ${(bytes * passes / 1e6 / ((used.user + used.system) / 1e6)).toFixed(2)} MB/s per core (CPU time)`);
}
