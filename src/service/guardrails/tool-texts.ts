/**
 * The texts a guardrail reads in tool traffic. Bedrock's guardrails do not look at tools; plinth's
 * do, because a tool call's arguments and a tool's result carry the same personal data and the
 * same injected instructions as any message. What is read is every string value of the JSON (in
 * document order); keys are the tool schema's names, not content, and are left as they are, as
 * are numbers and booleans.
 */
export interface JsonTexts {
  readonly texts: readonly string[];
  /** The value with its string values replaced, in the same order (ANONYMIZE's masks). */
  rebuild(outputs: readonly string[]): unknown;
}

export function jsonStrings(value: unknown): JsonTexts {
  const texts: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === "string") texts.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (isRecord(v)) Object.values(v).forEach(collect);
  };
  collect(value);
  return {
    texts,
    rebuild(outputs) {
      let k = 0;
      const replace = (v: unknown): unknown => {
        if (typeof v === "string") return outputs[k++]!;
        if (Array.isArray(v)) return v.map(replace);
        if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([key, x]) => [key, replace(x)]));
        return v;
      };
      return replace(value);
    },
  };
}

/**
 * A streamed tool call's input, as the provider sent it (JSON text, assembled from its deltas):
 * its string values when it parses; the whole text as one when it does not (a model can emit
 * broken JSON, and that must not be a way past the guardrail).
 */
export function toolInputTexts(raw: string): { readonly texts: readonly string[]; rebuild(outputs: readonly string[]): string } {
  if (raw.trim() === "") return { texts: [], rebuild: () => raw };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { texts: [raw], rebuild: (outputs) => outputs[0]! };
  }
  const json = jsonStrings(parsed);
  return {
    texts: json.texts,
    rebuild: (outputs) => (outputs.every((o, i) => o === json.texts[i]) ? raw : JSON.stringify(json.rebuild(outputs))),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !(v instanceof Uint8Array);
}
