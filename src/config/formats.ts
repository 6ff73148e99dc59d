import { isIP } from "node:net";

/**
 * Named string formats the schema uses where a regular expression would be unreadable or
 * wrong (URLs, CIDR ranges). They are registered with ajv; other JSON Schema tools ignore
 * formats they do not know, so the published schema stays usable in editors.
 */
export interface FormatDef {
  readonly validate: (value: string) => boolean;
  readonly hint: string;
}

const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

export function isDnsName(value: string): boolean {
  if (value.length === 0 || value.length > 253) return false;
  return value.split(".").every((label) => DNS_LABEL.test(label));
}

export function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value) || /\s/.test(value)) return false;
  const url = new URL(value);
  return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "" && url.hash === "";
}

export function isIpOrCidr(value: string): boolean {
  const slash = value.indexOf("/");
  if (slash < 0) return isIP(value) !== 0;
  const address = value.slice(0, slash);
  const prefix = value.slice(slash + 1);
  const family = isIP(address);
  if (family === 0 || !/^[0-9]{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** A name for the generated server certificate: a DNS name (a leading `*.` allowed) or an IP. */
export function isServerName(value: string): boolean {
  if (isIP(value) !== 0) return true;
  return isDnsName(value.startsWith("*.") ? value.slice(2) : value);
}

export const FORMATS: Readonly<Record<string, FormatDef>> = {
  "http-url": { validate: isHttpUrl, hint: "must be an https or http URL" },
  "ip-or-cidr": {
    validate: isIpOrCidr,
    hint: "must be an IP address or a CIDR range, such as 10.0.0.0/8 or fd00::/8",
  },
  "server-name": {
    validate: isServerName,
    hint: "must be a DNS name (a leading *. is allowed) or an IP address",
  },
  host: {
    validate: (value) => isIP(value) !== 0 || isDnsName(value),
    hint: "must be a host name or an IP address",
  },
};
