import { parentPort, workerData } from "node:worker_threads";

/**
 * Runs in a worker thread (see pdf.ts): pdf.js parses untrusted bytes, so it gets its own heap
 * with a ceiling, its own clock and its own console (pdf.js prints warnings when it loads). It
 * answers one message: the text, page by page, or the name of the limit the file broke.
 */
export interface PdfJob { readonly bytes: Uint8Array; readonly maxPages: number; readonly maxChars: number }
export type PdfOutcome = { readonly text: string } | { readonly problem: "unreadable" | "encrypted" | "too-many-pages" | "too-much-text" };

async function extract(job: PdfJob): Promise<PdfOutcome> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  // No eval (fonts compile to functions otherwise), no font faces, no system fonts, no fetches:
  // plinth wants the text, and the file gets no reach beyond its own bytes.
  const task = getDocument({
    data: job.bytes, isEvalSupported: false, disableFontFace: true, useSystemFonts: false,
    useWorkerFetch: false, stopAtErrors: true, verbosity: 0,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (error) {
    return { problem: (error as { name?: string }).name === "PasswordException" ? "encrypted" : "unreadable" };
  }
  if (doc.numPages > job.maxPages) return { problem: "too-many-pages" };
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
    if (chars > job.maxChars) return { problem: "too-much-text" };
    pages.push(line.trim());
  }
  await doc.destroy();
  return { text: pages.join("\n\n") };
}

const job = workerData as PdfJob;
extract(job).then(
  (outcome) => parentPort!.postMessage(outcome),
  () => parentPort!.postMessage({ problem: "unreadable" } satisfies PdfOutcome),
);
