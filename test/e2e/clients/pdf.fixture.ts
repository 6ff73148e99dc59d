/**
 * A tiny but valid one-page PDF (catalog, pages, page, an uncompressed content stream, a
 * Helvetica font, and an xref table with the real byte offsets), so a client's "chat with this
 * PDF" request carries a file any PDF reader opens, and a loopback can read its words back.
 */
export const PDF_TEXT = "Plinth invoice 42 is due on Friday";

export function tinyPdf(text = PDF_TEXT): Uint8Array {
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

/**
 * The words shown by the `Tj` operators of uncompressed content streams: enough to read back
 * what tinyPdf wrote, as a model reading the document would. Undefined when it is not a PDF.
 */
export function pdfText(bytes: Uint8Array): string | undefined {
  const text = Buffer.from(bytes).toString("latin1");
  if (!text.startsWith("%PDF-")) return undefined;
  return [...text.matchAll(/\(((?:[^()\\]|\\.)*)\)\s*Tj/g)].map((m) => m[1]!).join(" ");
}
