import { Fault } from "../../kernel/index.js";
import type { ContentFilterType } from "../config.js";
import type { ContentClassifier } from "../ports.js";

/**
 * An operator's classifier model behind the content-filter port: the text goes to a model served
 * by a configured provider (a Llama Guard style safety model), and its verdict is read strictly.
 * Llama Guard answers `safe`, or `unsafe` and a line of hazard codes (`S1,S10`); each code maps
 * to the Bedrock categories it evidences. Anything else — another word, an extra line, a code the
 * mapping does not know, an empty answer — is not a verdict, so it fails closed like an error or
 * a timeout: the guardrail never reads "probably safe" into an answer it cannot parse.
 */
export type CategoryCodes = Readonly<Record<string, readonly ContentFilterType[]>>;

/**
 * Llama Guard 3's hazard taxonomy (MLCommons) mapped onto Bedrock's categories. Codes with no
 * Bedrock counterpart (specialised advice, privacy, intellectual property, elections, code
 * interpreter abuse) map to none: they are valid verdicts that trip no content filter.
 */
export const LLAMA_GUARD_CODES: CategoryCodes = {
  S1: ["VIOLENCE"], S2: ["MISCONDUCT"], S3: ["SEXUAL", "MISCONDUCT"], S4: ["SEXUAL", "MISCONDUCT"], S5: ["INSULTS"],
  S6: [], S7: [], S8: [], S9: ["VIOLENCE", "MISCONDUCT"], S10: ["HATE"], S11: ["VIOLENCE"], S12: ["SEXUAL"], S13: [], S14: [],
};

const CODE_LINE = /^S\d{1,3}(?:\s*,\s*S\d{1,3})*$/;

/** The categories an answer flags, or a Fault when the answer is not a verdict. */
export function parseVerdict(answer: string, codes: CategoryCodes): Set<ContentFilterType> {
  const lines = answer.trim().split(/\r?\n/).map((l) => l.trim());
  if (lines.length === 1 && lines[0] === "safe") return new Set();
  if (lines.length === 2 && lines[0] === "unsafe" && CODE_LINE.test(lines[1]!)) {
    const flagged = new Set<ContentFilterType>();
    for (const code of lines[1]!.split(",").map((c) => c.trim())) {
      const categories = codes[code];
      if (categories === undefined) throw notAVerdict(`an unknown hazard code`);
      for (const c of categories) flagged.add(c);
    }
    return flagged;
  }
  // The answer is the model's reading of the caller's text: it is not quoted here.
  throw notAVerdict("an answer that is not a verdict");
}

function notAVerdict(what: string): Fault {
  return new Fault("service-unavailable", `The guardrail's classifier model gave ${what}; the content was not passed on.`);
}

/**
 * Asks the model about one text, the text as the user turn and `instructions` (when given) as
 * the system prompt; rejects on a provider error or when the model takes too long.
 */
export type AskModel = (text: string, instructions?: string) => Promise<string>;

/** A ContentClassifier backed by a model: a flagged category scores 1, an unflagged one 0. */
export function modelClassifier(ask: AskModel, codes: CategoryCodes = LLAMA_GUARD_CODES): ContentClassifier {
  return {
    costly: true,
    async classify(text, categories) {
      const flagged = parseVerdict(await ask(text), codes);
      return new Map([...categories].map((c) => [c, flagged.has(c) ? 1 : 0]));
    },
  };
}

/**
 * The categories split between detectors: the ones an operator pointed at a model go to it, the
 * rest to the built-in classifier, each asked only for its own categories and asked concurrently.
 * A category routed to a model is never also scored by the built-in one: the operator chose.
 */
export function routedClassifier(builtIn: ContentClassifier, routes: ReadonlyMap<ContentFilterType, ContentClassifier>): ContentClassifier {
  if (routes.size === 0) return builtIn;
  return {
    // One call reads every category, so one dear detector among them makes every call dear.
    costly: builtIn.costly === true || [...routes.values()].some((c) => c.costly === true),
    async classify(text, categories) {
      const byDetector = new Map<ContentClassifier, Set<ContentFilterType>>();
      for (const c of categories) {
        const detector = routes.get(c) ?? builtIn;
        const asked = byDetector.get(detector) ?? new Set();
        asked.add(c);
        byDetector.set(detector, asked);
      }
      const answers = await Promise.all([...byDetector].map(async ([detector, asked]) => [asked, await detector.classify(text, asked)] as const));
      const scores = new Map<ContentFilterType, number>();
      for (const [asked, answer] of answers) for (const c of asked) scores.set(c, answer.get(c) ?? 0);
      return scores;
    },
  };
}
