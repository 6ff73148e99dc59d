import type { ContentFilterType } from "./config.js";
import type { ContentClassifier } from "./ports.js";

/**
 * The built-in content classifier: a small weighted lexicon of cues per category, each a fixed
 * (linear-time, our own) pattern over a normalised text. A category's confidence combines its
 * cues as independent evidence, 1 − Π(1 − wᵢ), so one strong cue reaches HIGH and several weak
 * ones add up. A lone weak cue (a word like "kill" or "hack" that is everyday in "kill the
 * process") stays under 0.2, so it does not reach even the HIGH strength on its own. It is fast and explainable, not a model: an operator who needs better recall
 * points a category at a model through the same port.
 */
interface Cue {
  readonly pattern: RegExp;
  readonly weight: number;
}

const cue = (source: string, weight: number): Cue => ({ pattern: new RegExp(source, "u"), weight });

const GROUP = "(?:immigrants?|migrants?|refugees?|jews?|muslims?|christians?|blacks?|whites?|asians?|arabs?|mexicans?|gays?|lesbians?|trans(?:gender)? people|women|men|disabled people|foreigners)";

const LEXICON: Readonly<Record<ContentFilterType, readonly Cue[]>> = {
  PROMPT_ATTACK: [
    cue("\\b(?:ignore|disregard|forget|override|skip|bypass)\\s+(?:all\\s+|any\\s+|the\\s+|your\\s+|of\\s+)*(?:previous|prior|above|earlier|preceding|initial|original|system|existing)\\s+(?:instructions?|rules|directions|prompts?|guidelines|directives|context|messages?)", 0.92),
    cue("\\b(?:ignore|disregard|forget)\\s+(?:everything|all)\\s+(?:you\\s+were\\s+told|above|before)", 0.85),
    cue("\\byou\\s+are\\s+(?:now\\s+)?(?:dan|stan|dude|an?\\s+unrestricted|an?\\s+unfiltered|jailbroken|free\\s+from|no\\s+longer\\s+bound)", 0.9),
    cue("\\bdo\\s+anything\\s+now\\b", 0.9),
    cue("\\b(?:reveal|show|print|repeat|output|leak|display|dump|tell\\s+me|give\\s+me|what\\s+is|what\\s+are)\\s+(?:me\\s+)?(?:your|the)\\s+(?:full\\s+|exact\\s+|entire\\s+)?(?:system|initial|hidden|original|secret|developer)\\s+(?:prompt|instructions?|message|rules)", 0.9),
    cue("\\b(?:developer|god|admin|debug|jailbreak|unrestricted)\\s+mode\\b", 0.75),
    cue("\\b(?:bypass|disable|turn\\s+off|deactivate|remove|ignore)\\s+(?:your\\s+|all\\s+|the\\s+)*(?:safety|content|ethical|moral)?\\s*(?:filters?|guardrails?|restrictions|guidelines|safeguards|censorship)", 0.85),
    cue("\\b(?:pretend|imagine|act|roleplay|role-play|behave)[\\s:,]+(?:that\\s+|as\\s+if\\s+|like\\s+|as\\s+|to\\s+be\\s+)?(?:you\\s+(?:are|have)\\s+|an?\\s+)?[^.]{0,60}?\\b(?:no|without|free\\s+of|zero)\\s+(?:any\\s+)?(?:restrictions|rules|limits|filters|guidelines|ethics|morals|censorship)", 0.85),
    cue("\\b(?:without|no)\\s+(?:any\\s+)?(?:restrictions|censorship|filters|limitations)\\b", 0.45),
    cue("\\bjailbr(?:eak|oken)\\b", 0.6),
    cue("\\bstay\\s+in\\s+character\\b", 0.4),
    cue("\\bfrom\\s+now\\s+on\\b", 0.3),
    cue("\\b(?:new|updated|real)\\s+instructions?\\s*:", 0.55),
    cue("(?:^|\\n)\\s*(?:system|###\\s*instruction|\\[system\\])\\s*:", 0.45),
    cue("\\b(?:pretend|roleplay|role-play)\\b", 0.15),
  ],
  HATE: [
    cue(`\\b(?:all\\s+)?${GROUP}\\s+(?:are|is)\\s+(?:all\\s+)?(?:vermin|animals|subhuman|parasites|rats|inferior|a\\s+disease|scum|filth|cockroaches)`, 0.9),
    cue(`\\b${GROUP}\\s+(?:should|must|need\\s+to|deserve\\s+to)\\s+(?:be\\s+)?(?:die|killed|exterminated|wiped\\s+out|deported|gassed|eliminated|burned)`, 0.95),
    cue(`\\b(?:i\\s+)?(?:hate|despise|loathe)\\s+(?:all\\s+)?${GROUP}`, 0.75),
    cue("\\b(?:subhuman|untermensch|ethnic\\s+cleansing|racial\\s+purity|white\\s+power|master\\s+race|go\\s+back\\s+to\\s+your\\s+(?:own\\s+)?country)\\b", 0.7),
    cue(`\\b${GROUP}\\b`, 0.05),
  ],
  INSULTS: [
    cue("\\byou(?:'re|\\s+are|r)?\\s+(?:such\\s+)?(?:an?\\s+)?(?:complete\\s+|total\\s+|fucking\\s+|stupid\\s+|pathetic\\s+)*(?:idiot|moron|imbecile|loser|retard|dumbass|jerk|clown|fool|failure|disgrace|waste\\s+of\\s+space|piece\\s+of\\s+(?:shit|garbage|trash))", 0.88),
    cue("\\byou(?:'re|\\s+are|r)?\\s+(?:so\\s+|really\\s+|very\\s+)?(?:stupid|dumb|pathetic|worthless|useless|ugly|disgusting|incompetent|brainless|clueless)\\b", 0.8),
    cue("\\b(?:shut\\s+up|screw\\s+you|go\\s+to\\s+hell|get\\s+lost|nobody\\s+likes\\s+you|kill\\s+yourself)\\b", 0.7),
    cue("\\b(?:idiot|moron|imbecile|loser|dumbass|retard|cretin)s?\\b", 0.45),
    cue("\\b(?:stupid|pathetic|worthless|useless|dumb)\\b", 0.15),
  ],
  SEXUAL: [
    cue("\\b(?:porn(?:ography|o)?|hentai|xxx|blowjob|handjob|orgasm|masturbat\\w*|erotic\\w*|intercourse|genitals?|penis|vagina|nude\\s+(?:photos?|pics?|images?))\\b", 0.8),
    cue("\\b(?:have|having|had)\\s+sex\\b|\\bsex(?:ual)?\\s+(?:acts?|positions?|fantas\\w+|scenes?)\\b", 0.75),
    cue("\\b(?:naked|nude|topless|undress\\w*|strip\\s+(?:for|naked)|aroused|horny|seduc\\w+)\\b", 0.45),
    cue("\\b(?:sexy|lingerie|kiss(?:ing|ed)?|sensual)\\b", 0.15),
  ],
  VIOLENCE: [
    cue("\\b(?:i(?:'m|\\s+am)?\\s+(?:going\\s+to|gonna|will)|i'll|let's|we\\s+will)\\s+(?:kill|murder|stab|shoot|strangle|behead|slaughter|beat|hurt|torture)\\b", 0.92),
    cue("\\b(?:kill|murder|stab|shoot|strangle|behead|slaughter|torture|massacre|execute)\\s+(?:him|her|them|you|everyone|people|the\\s+\\w+)", 0.75),
    cue("\\b(?:mass\\s+shooting|bloodbath|decapitat\\w+|dismember\\w*|mutilat\\w+|gore|massacre)\\b", 0.7),
    cue("\\b(?:kill\\w*|murder\\w*|stab\\w*|shoot\\w*|shot|assault\\w*|attack\\w*|bomb\\w*|blood(?:y)?|weapon\\w*|gun|knife)\\b", 0.15),
  ],
  MISCONDUCT: [
    cue("\\bhow\\s+(?:do\\s+i|can\\s+i|to|would\\s+i|could\\s+i)\\s+(?:make|build|cook|synthes\\w+|produce|manufacture|brew)\\s+(?:a\\s+|an\\s+|some\\s+)?(?:homemade\\s+)?(?:bomb|pipe\\s+bomb|explosives?|meth(?:amphetamine)?|napalm|nerve\\s+agent|sarin|ricin|poison|untraceable\\s+gun|ghost\\s+gun|fentanyl)", 0.95),
    cue("\\bhow\\s+(?:do\\s+i|can\\s+i|to)\\s+(?:hack\\s+into|steal|shoplift|launder|evade|break\\s+into|hotwire|pick\\s+a\\s+lock|forge|counterfeit|smuggle|poison|stalk|blackmail|dox)", 0.85),
    cue("\\b(?:launder(?:ing)?\\s+money|money\\s+laundering|credit\\s+card\\s+fraud|identity\\s+theft|tax\\s+evasion|insider\\s+trading|buy\\s+(?:drugs|cocaine|heroin|guns?\\s+illegally)|phishing\\s+(?:kit|page|email)|ransomware|keylogger)\\b", 0.6),
    cue("\\b(?:hack\\w*|steal\\w*|fraud\\w*|illegal\\w*|smuggl\\w+|counterfeit\\w*|bribe\\w*|scam\\w*)\\b", 0.15),
  ],
};

/** Folds the cheap obfuscations (case, leetspeak digits, separators) before the cues run. */
export function normaliseForLexicon(text: string): string {
  return foldLeet(text.toLowerCase())
    .replace(/[\u2018\u2019]/g, "'")
    // Runs of spaces and tabs become one space; a single space, by far the commonest run, is
    // left where it is rather than replaced by itself (a match per word cost more than the rest).
    .replace(/\t[ \t]*| [ \t]+/g, " ");
}

const LEET: Readonly<Record<string, string>> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s" };
const LEET_ENTRIES = Object.entries(LEET);

/**
 * Each leetspeak character replaced by its letter: one search per character instead of a
 * callback per digit. No letter it writes is itself replaced, so the order does not matter.
 */
function foldLeet(text: string): string {
  if (!/[013457@$]/.test(text)) return text;
  let out = text;
  for (const [from, to] of LEET_ENTRIES) if (out.includes(from)) out = out.replaceAll(from, to);
  return out;
}

export function lexicalScore(text: string, category: ContentFilterType): number {
  let clear = 1;
  for (const { pattern, weight } of LEXICON[category]) {
    if (pattern.test(text)) clear *= 1 - weight;
  }
  return 1 - clear;
}

export const lexicalClassifier: ContentClassifier = {
  async classify(text, categories) {
    // No cue reads digits, so one pass over the leetspeak-folded text serves every category.
    return lexicalScores(normaliseForLexicon(text), categories);
  },
};

/** Every category's cue score of a text already through normaliseForLexicon. */
export function lexicalScores(folded: string, categories: ReadonlySet<ContentFilterType>): Map<ContentFilterType, number> {
  const scores = new Map<ContentFilterType, number>();
  for (const category of categories) scores.set(category, lexicalScore(folded, category));
  return scores;
}
