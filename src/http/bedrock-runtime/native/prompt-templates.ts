import type { Message, Role } from "../../../kernel/index.js";

/**
 * Raw-prompt families (Llama, Mistral) receive a chat already rendered into the model's template.
 * plinth's providers take messages and apply their model's own template, so passing the rendered
 * text through as one user message would template it twice: the model would see literal
 * `[INST]` / `<|start_header_id|>` markers inside a user turn. When a prompt is a well-formed
 * template we therefore recover system + messages; anything else (plain text, a template we do
 * not recognise, a malformed one) is sent as a single user message, exactly as written. The cost:
 * whitespace at the edges of each turn is trimmed, and the upstream's template, not the caller's,
 * decides the final token layout.
 *
 * Both parsers walk a marker split (linear time; no backtracking regex over customer text).
 */
export interface ParsedPrompt {
  readonly system: string[];
  readonly messages: Message[];
  /** Index in `messages` of the turn that held Llama's `<|image|>` marker, if any. */
  readonly imageTurn?: number;
}

type Turn = { role: Role | "system"; text: string; image?: boolean };

function assemble(turns: readonly Turn[]): ParsedPrompt | undefined {
  const system: string[] = [];
  const messages: { role: Role; content: { type: "text"; text: string }[] }[] = [];
  let imageTurn: number | undefined;
  for (const turn of turns) {
    if (turn.role === "system") {
      if (turn.text !== "") system.push(turn.text);
      continue;
    }
    const last = messages.at(-1);
    // Consecutive turns of one role become one message with several text blocks.
    if (last && last.role === turn.role) last.content.push({ type: "text", text: turn.text });
    else messages.push({ role: turn.role, content: [{ type: "text", text: turn.text }] });
    if (turn.image && imageTurn === undefined) imageTurn = messages.length - 1;
  }
  if (messages.length === 0) return undefined;
  return imageTurn === undefined ? { system, messages } : { system, messages, imageTurn };
}

const LLAMA3_MARKERS = /<\|(begin_of_text|start_header_id|header_start|end_header_id|header_end|eot_id|eot|eom_id|eom|image)\|>/;

/** Llama 3 (`<|start_header_id|>role<|end_header_id|>`) and Llama 4 (`<|header_start|>`) chats. */
export function parseLlama3(prompt: string): ParsedPrompt | undefined {
  const parts = prompt.split(LLAMA3_MARKERS); // text, marker, text, marker, ...
  const turns: Turn[] = [];
  let current: Turn | undefined;
  let closedTurn = true;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (i % 2 === 0) {
      if (current) current.text += part;
      else if (part.trim() !== "") return undefined; // text outside any turn
      continue;
    }
    if (part === "begin_of_text") {
      // Usually first; LlamaIndex repeats it between its tool prompt and the chat. Between turns
      // it carries nothing, so it is accepted there; inside an open turn the prompt is not a chat.
      if (current) return undefined;
    } else if (part === "start_header_id" || part === "header_start") {
      if (current) turns.push(current);
      const role = parts[i + 1]?.trim();
      const end = parts[i + 2];
      if (end !== "end_header_id" && end !== "header_end") return undefined;
      const mapped = role === "system" || role === "user" || role === "assistant" ? role : role === "ipython" || role === "tool" ? "user" : undefined;
      if (mapped === undefined) return undefined;
      current = { role: mapped, text: "" };
      closedTurn = false;
      i += 2;
    } else if (part === "eot_id" || part === "eot" || part === "eom_id" || part === "eom") {
      if (!current) return undefined;
      turns.push(current);
      current = undefined;
      closedTurn = true;
    } else if (part === "image") {
      if (!current || current.role !== "user") return undefined;
      current.image = true;
    } else {
      return undefined; // a stray end-of-header marker
    }
  }
  if (current) turns.push(current);
  if (turns.length === 0) return undefined;
  const cleaned = turns.map((t) => ({ ...t, text: t.text.trim() }));
  // An open, empty assistant header is the generation prompt, not a turn.
  const tail = cleaned.at(-1) as Turn;
  if (!closedTurn && tail.role === "assistant" && tail.text === "") cleaned.pop();
  return assemble(cleaned);
}

const INST_MARKERS = /(\[INST\]|\[\/INST\]|<s>|<\/s>)/;

/** Llama 2 and Mistral: `<s>[INST] <<SYS>>...<</SYS>> user [/INST] assistant </s>`. */
export function parseInst(prompt: string): ParsedPrompt | undefined {
  const parts = prompt.split(INST_MARKERS);
  const turns: Turn[] = [];
  let state: "outside" | "user" | "assistant" = "outside";
  let text = "";
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (i % 2 === 0) {
      if (state === "outside" && part.trim() !== "") return undefined;
      text += part;
      continue;
    }
    if (part === "[INST]") {
      if (state === "user") return undefined;
      if (state === "assistant") turns.push({ role: "assistant", text });
      state = "user";
    } else if (part === "[/INST]") {
      if (state !== "user") return undefined;
      turns.push({ role: "user", text });
      state = "assistant";
    } else if (state === "user") {
      return undefined; // <s> or </s> inside an instruction
    } else if (state === "assistant") {
      turns.push({ role: "assistant", text });
      state = "outside";
    }
    text = "";
  }
  if (state === "user") return undefined; // unterminated [INST]
  if (state === "assistant") turns.push({ role: "assistant", text });
  // An empty assistant turn is the space the model is to fill, not something it said.
  const cleaned = turns.map((t) => ({ ...t, text: t.text.trim() })).filter((t) => !(t.role === "assistant" && t.text === ""));
  const first = cleaned[0];
  if (first && first.role === "user" && first.text.startsWith("<<SYS>>")) {
    const end = first.text.indexOf("<</SYS>>");
    if (end < 0) return undefined;
    cleaned.splice(0, 1, { role: "system", text: first.text.slice(7, end).trim() }, { role: "user", text: first.text.slice(end + 8).trim() });
  }
  return assemble(cleaned);
}

/** A plain prompt: one user message, verbatim. */
export function verbatim(prompt: string): ParsedPrompt {
  return { system: [], messages: [{ role: "user", content: [{ type: "text", text: prompt }] }] };
}
