import { Socket } from "node:net";

/**
 * Runs as its own process (see pdf-process.ts), under an OS memory limit and a CPU-time limit:
 * pdf.js parses untrusted bytes, and its decode buffers live outside the V8 heap, so only the
 * kernel can bound them. The bytes arrive on stdin; one answer leaves on fd 3 — `T` and the
 * text, or `P` and the name of the limit the file broke. stdout and stderr go nowhere, and the
 * console is muted besides, so no part of the document can reach a log.
 *
 * argv: maxPages maxChars
 */
const silent = (): void => undefined;
for (const name of ["log", "info", "warn", "error", "debug", "trace", "dir"] as const) console[name] = silent;
process.removeAllListeners("warning");
process.on("warning", silent);

type Problem = "unreadable" | "encrypted" | "too-many-pages" | "too-much-text" | "too-much-memory";

const maxPages = Number(process.argv[2]);
const maxChars = Number(process.argv[3]);
const answer = new Socket({ fd: 3, readable: false, writable: true });

function reply(kind: "T" | "P", body: string): void {
  answer.end(Buffer.from(kind + body, "utf8"), () => process.exit(0));
}

/** A decode buffer the kernel refused: V8 throws a RangeError, which pdf.js wraps. */
function outOfMemory(error: unknown): boolean {
  return /allocation failed|out of memory|Invalid array length|Invalid typed array length/i.test(String((error as { message?: unknown })?.message ?? ""));
}

async function read(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

async function extract(data: Uint8Array): Promise<{ text: string } | { problem: Problem }> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  // No eval (fonts compile to functions otherwise), no font faces, no system fonts, no fetches:
  // plinth wants the text, and the file gets no reach beyond its own bytes.
  const task = getDocument({
    data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false,
    useWorkerFetch: false, stopAtErrors: true, verbosity: 0,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (error) {
    if (outOfMemory(error)) return { problem: "too-much-memory" };
    return { problem: (error as { name?: string }).name === "PasswordException" ? "encrypted" : "unreadable" };
  }
  if (doc.numPages > maxPages) return { problem: "too-many-pages" };
  const pages: string[] = [];
  let chars = 0;
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    let line = "";
    for (const item of content.items) {
      if (!("str" in item)) continue;
      line += item.str + (item.hasEOL ? "\n" : "");
    }
    page.cleanup();
    chars += line.length;
    if (chars > maxChars) return { problem: "too-much-text" };
    pages.push(line.trim());
  }
  return { text: pages.join("\n\n") };
}

read().then(extract).then(
  (outcome) => ("text" in outcome ? reply("T", outcome.text) : reply("P", outcome.problem)),
  (error: unknown) => reply("P", outOfMemory(error) ? "too-much-memory" : "unreadable"),
);
