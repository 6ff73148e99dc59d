import { constants, deflateRawSync } from "node:zlib";

/**
 * Hand-built PDFs for the extraction tests: the smallest files that are real PDF 1.4 (objects,
 * a cross-reference table with true offsets, a trailer), so the parser's normal path is tested,
 * not its repair of broken files.
 */
function assemble(objects: string[], root = 1): Uint8Array {
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root ${root} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, "latin1"));
}

const stream = (content: string): string => `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`;
const FONT = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

/** Pages whose text is each string of `pages`, one line of Helvetica each. */
export function textPdf(pages: readonly string[]): Uint8Array {
  const objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", FONT];
  const kids: string[] = [];
  for (const text of pages) {
    const page = objects.length + 1;
    kids.push(`${page} 0 R`);
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Resources << /Font << /F1 3 0 R >> >> /Contents ${page + 1} 0 R >>`);
    objects.push(stream(`BT /F1 12 Tf 20 100 Td (${text.replace(/[()\\]/g, "\\$&")}) Tj ET`));
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.join(" ")}] /Count ${pages.length} >>`;
  return assemble(objects);
}

/** One real page, but a page tree that claims `count` pages: a parser that trusts it loops for ever. */
export function claimsManyPages(count: number): Uint8Array {
  const one = textPdf(["only page"]);
  return new Uint8Array(Buffer.from(Buffer.from(one).toString("latin1").replace("/Count 1", `/Count ${count}`), "latin1"));
}

export const NOT_A_PDF = new Uint8Array(Buffer.from("%PDF-1.4\nthis is not really a pdf at all\n%%EOF\n", "latin1"));
export const TRUNCATED_PDF = textPdf(["cut short"]).slice(0, 60);

/**
 * A decompression bomb: one page whose content stream is `mib` MiB of spaces, deflated. Each MiB
 * is compressed once and flushed to a byte boundary with an empty dictionary (Z_FULL_FLUSH), so
 * the same ~1 KB segment repeats: the file is about mib KB and builds in milliseconds, and the
 * checksum (Adler-32 of n equal bytes has a closed form) makes it a well-formed zlib stream.
 */
export function bombPdf(mib: number): Uint8Array {
  const MIB = 1 << 20;
  const segment = deflateRawSync(Buffer.alloc(MIB, 0x20), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const n = BigInt(mib) * BigInt(MIB);
  const a = (1n + 32n * n) % 65521n;
  const b = (n + (32n * n * (n + 1n)) / 2n) % 65521n;
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(Number((b << 16n) | a));
  const zlib = Buffer.concat([Buffer.from([0x78, 0xda]), ...Array<Buffer>(mib).fill(segment), Buffer.from([0x03, 0x00]), adler]);
  const content = `<< /Length ${zlib.length} /Filter /FlateDecode >>\nstream\n${zlib.toString("latin1")}\nendstream`;
  return assemble([
    "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [4 0 R] /Count 1 >>", FONT,
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
    content,
  ]);
}
