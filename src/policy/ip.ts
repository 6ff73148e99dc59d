/**
 * IPv4 and IPv6 addresses and CIDR ranges for IpAddress / NotIpAddress. An address without a
 * prefix is a /32 (or /128), as IAM documents. Addresses are kept as 32-bit words so a range test
 * is a few integer comparisons.
 */

export interface IpRange {
  readonly v6: boolean;
  /** One word for IPv4, four for IPv6, already masked to the prefix. */
  readonly words: readonly number[];
  readonly prefix: number;
}

export interface IpAddr {
  readonly v6: boolean;
  readonly words: readonly number[];
}

export function parseCidr(text: string): IpRange | undefined {
  const slash = text.indexOf("/");
  const addr = parseIp(slash < 0 ? text : text.slice(0, slash), false);
  if (!addr) return undefined;
  const max = addr.v6 ? 128 : 32;
  let prefix = max;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p)) return undefined;
    prefix = Number(p);
    if (prefix > max) return undefined;
  }
  return { v6: addr.v6, words: mask(addr.words, prefix), prefix };
}

/**
 * A request address. With `unmapIpv4`, an IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, as Node
 * reports IPv4 peers on dual-stack sockets) is read as the IPv4 address it carries.
 */
export function parseIp(text: string, unmapIpv4 = true): IpAddr | undefined {
  if (text.includes(":")) {
    const words = parseV6(text);
    if (!words) return undefined;
    if (unmapIpv4 && words[0] === 0 && words[1] === 0 && words[2] === 0xffff) return { v6: false, words: [words[3] as number] };
    return { v6: true, words };
  }
  const w = parseV4(text);
  return w === undefined ? undefined : { v6: false, words: [w] };
}

export function inRange(range: IpRange, addr: IpAddr): boolean {
  if (range.v6 !== addr.v6) return false;
  for (let i = 0; i < range.words.length; i++) {
    const bits = Math.min(32, Math.max(0, range.prefix - i * 32));
    if (bits === 0) return true;
    const m = bits === 32 ? 0xffffffff : ~(0xffffffff >>> bits);
    if (((addr.words[i] as number) & m) >>> 0 !== range.words[i]) return false;
  }
  return true;
}

function mask(words: readonly number[], prefix: number): number[] {
  return words.map((w, i) => {
    const bits = Math.min(32, Math.max(0, prefix - i * 32));
    if (bits === 32) return w;
    if (bits === 0) return 0;
    return (w & ~(0xffffffff >>> bits)) >>> 0;
  });
}

function parseV4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let out = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out = out * 256 + n;
  }
  return out;
}

function parseV6(text: string): number[] | undefined {
  if (text.includes("%")) return undefined; // zone ids are local to a host: never in a policy or a request
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === "") return [];
    const out: number[] = [];
    const items = s.split(":");
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as string;
      if (i === items.length - 1 && item.includes(".")) {
        const v4 = parseV4(item);
        if (v4 === undefined) return undefined;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(item)) out.push(parseInt(item, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array.from({ length: halves.length === 2 ? missing : 0 }, () => 0), ...tail];
  const words: number[] = [];
  for (let i = 0; i < 8; i += 2) words.push((((all[i] as number) << 16) | (all[i + 1] as number)) >>> 0);
  return words;
}
