import { invalid, sensitive } from "../../../kernel/index.js";
import type { ContentBlock, Conversation, TextBlock } from "../../../kernel/index.js";
import type { NativeDecoded } from "../native/index.js";

/** The body member InvokeModel takes beside the model's own (Bedrock's `amazon-bedrock-guardrailConfig`). */
export const GUARDRAIL_BODY_MEMBER = "amazon-bedrock-guardrailConfig";
const TAG_SUFFIX = /^[a-zA-Z0-9]{1,20}$/;

/**
 * Bedrock's documentation spells the body member's modes SYNCHRONOUS / ASYNCHRONOUS; Converse's
 * enum spells them sync / async. Both are taken, as the same two modes.
 */
const BODY_MODES: ReadonlyMap<unknown, "sync" | "async"> = new Map([["SYNCHRONOUS", "sync"], ["ASYNCHRONOUS", "async"], ["sync", "sync"], ["async", "async"]]);

/**
 * Takes Bedrock's own member out of a native body before the model's format reads it (the model
 * would refuse it as unknown): `tagSuffix` names the input tags that mark what the guardrail
 * evaluates; `streamProcessingMode` says how InvokeModelWithResponseStream guards the answer.
 */
export function takeGuardrailBodyConfig(parsed: unknown): { body: unknown; tagSuffix?: string; streamProcessingMode?: "sync" | "async" } {
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || !Object.hasOwn(parsed, GUARDRAIL_BODY_MEMBER)) return { body: parsed };
  const { [GUARDRAIL_BODY_MEMBER]: config, ...body } = parsed as Record<string, unknown>;
  if (typeof config !== "object" || config === null || Array.isArray(config)) throw invalid(GUARDRAIL_BODY_MEMBER, "Member must be an object");
  const c = config as Record<string, unknown>;
  for (const key of Object.keys(c)) {
    if (key !== "tagSuffix" && key !== "streamProcessingMode") throw invalid(`${GUARDRAIL_BODY_MEMBER}.${key}`, "is not a member of the guardrail configuration");
  }
  const given = c["streamProcessingMode"];
  const mode = given === undefined ? undefined : BODY_MODES.get(given);
  if (given !== undefined && mode === undefined) throw invalid(`${GUARDRAIL_BODY_MEMBER}.streamProcessingMode`, "Member must satisfy enum value set: [SYNCHRONOUS, ASYNCHRONOUS]");
  const moded = mode === undefined ? {} : { streamProcessingMode: mode };
  const suffix = c["tagSuffix"];
  if (suffix === undefined) return { body, ...moded };
  if (typeof suffix !== "string" || !TAG_SUFFIX.test(suffix)) throw invalid(`${GUARDRAIL_BODY_MEMBER}.tagSuffix`, "Member must be 1 to 20 letters or digits");
  return { body, tagSuffix: suffix, ...moded };
}

/** The three input tags Bedrock reads, and what the text inside each becomes. */
const TAGS = [
  { name: "guardContent", mark: { guard: true } },
  { name: "groundingSource", mark: { qualifiers: ["grounding_source"] } },
  { name: "query", mark: { qualifiers: ["query"] } },
] as const;

/**
 * InvokeModel's input tagging: text between `<amazon-bedrock-guardrails-guardContent_SUFFIX>` and
 * its closing tag is what the guardrail evaluates (as Converse's guardContent); text in the
 * `groundingSource` and `query` tags is the contextual-grounding check's reference and question
 * (read by the other policies too unless guardContent tags are used, as Bedrock documents). The
 * tags are removed before the model sees the text. An opening tag without its close marks the
 * rest of the text, so a caller cannot hide content from the guardrail by leaving a tag open.
 */
export function markTaggedInput(decoded: NativeDecoded, suffix: string | undefined): NativeDecoded {
  if (suffix === undefined || decoded.kind !== "converse") return decoded;
  const tags = TAGS.map((t) => ({ ...t, open: `<amazon-bedrock-guardrails-${t.name}_${suffix}>`, close: `</amazon-bedrock-guardrails-${t.name}_${suffix}>` }));
  const conversation = decoded.command.conversation.reveal();
  const split = (block: TextBlock): TextBlock[] => {
    if (!tags.some((t) => block.text.includes(t.open))) return [block];
    const out: TextBlock[] = [];
    let rest = block.text;
    while (rest.length > 0) {
      // The earliest opening tag of any kind starts the next span.
      let tag: (typeof tags)[number] | undefined;
      let at = -1;
      for (const t of tags) {
        const i = rest.indexOf(t.open);
        if (i >= 0 && (at < 0 || i < at)) { at = i; tag = t; }
      }
      if (tag === undefined) { out.push({ type: "text", text: rest }); break; }
      if (at > 0) out.push({ type: "text", text: rest.slice(0, at) });
      const inner = rest.slice(at + tag.open.length);
      const end = inner.indexOf(tag.close);
      const marked = end < 0 ? inner : inner.slice(0, end);
      if (marked.length > 0) out.push({ type: "text", text: marked, ...tag.mark });
      rest = end < 0 ? "" : inner.slice(end + tag.close.length);
    }
    // A prompt-cache mark stays with the end of what the caller marked.
    const last = out.length - 1;
    return block.cache === undefined || last < 0 ? out : out.map((b, i) => (i === last ? { ...b, cache: block.cache! } : b));
  };
  const marked: Conversation = {
    ...conversation,
    system: conversation.system.flatMap(split),
    messages: conversation.messages.map((m) => ({ ...m, content: m.content.flatMap((b): ContentBlock[] => (b.type === "text" ? split(b) : [b])) })),
  };
  return { ...decoded, command: { ...decoded.command, conversation: sensitive(marked) } };
}
