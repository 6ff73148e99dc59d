export { documentText, framedDocument, EXTRACTABLE_FORMATS } from "./text.js";
export { pdfText, PDF_LIMITS } from "./pdf.js";
export type { PdfLimits } from "./pdf.js";
