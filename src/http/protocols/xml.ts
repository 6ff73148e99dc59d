/**
 * A small XML writer for awsQuery responses: element names are ours (fixed member names), text is
 * escaped. Lists are written as `<member>` children, as the awsQuery protocol requires; Dates as
 * ISO 8601; booleans as true/false. undefined members are left out.
 */
export type XmlValue = string | number | boolean | Date | undefined | null | readonly XmlValue[] | { readonly [member: string]: XmlValue };

/**
 * Characters XML 1.0 cannot carry at all, not even as references: C0 controls other than tab,
 * line feed and carriage return, U+FFFE/U+FFFF and unpaired surrogates. One of them in a text
 * would make the whole answer unreadable to the client's parser, so each becomes U+FFFD.
 */
const NOT_XML = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, "\ufffd")
    .replace(/[<>&"'\r]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;", "\r": "&#13;" })[c]!);
}

export function element(name: string, value: XmlValue): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return `<${name}>${value.map((v) => element("member", v)).join("")}</${name}>`;
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  if (typeof value === "object") {
    const inner = Object.entries(value as Record<string, XmlValue>).map(([k, v]) => element(k, v)).join("");
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}
