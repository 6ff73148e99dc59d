import { createPrivateKey, X509Certificate as NodeCertificate } from "node:crypto";
import { join } from "node:path";
import { systemClock, type Clock } from "../../kernel/index.js";
import { ensurePrivateDir, readIfPresent, TLS_FILES, writeAtomic } from "./files.js";
// Types only: issue.ts (and @peculiar/x509 behind it, ~18 MiB resident) is loaded when a
// certificate must be made, and then in a thread of its own (issue-thread.ts), never here.
import type { CertificateAndKey } from "./issue.js";
import { issueInThread } from "./issue-thread.js";
import { compareNameConstraints, permittedSubtrees, subtreeText, type Subtree } from "./constraints.js";
import { sameEntries, sanEntry, serverSanEntries, type SanEntry } from "./names.js";

export interface EnsureTlsOptions {
  readonly dataDir: string;
  /** Extra DNS names or IPs for the server certificate, besides localhost, 127.0.0.1 and ::1. */
  readonly serverNames: readonly string[];
  readonly clock?: Clock;
}

export interface GeneratedTlsMaterial {
  /** The server's private key (PEM). */
  readonly key: string;
  /** The server certificate followed by the CA certificate (PEM). */
  readonly cert: string;
  /** The CA certificate (PEM) clients should trust. */
  readonly ca: string;
  /** Where that CA certificate is, to tell the operator. */
  readonly caPath: string;
  /** Always true: the material is plinth's own, not the operator's. */
  readonly generated: true;
  /** What this call had to make (a new CA means clients must trust the new ca.pem). */
  readonly created: { readonly ca: boolean; readonly server: boolean };
  /** Why a CA that was on disk was replaced; absent when it was kept or there was none. */
  readonly replacedCa?: CaReplacement;
  /** The CA's notAfter: past it, every client must be given a new ca.pem. */
  readonly caExpires: Date;
  /** The names the CA may vouch for, as OpenSSL prints them (`DNS:localhost`, `IP:127.0.0.0/8`). */
  readonly caPermits: readonly string[];
}

/**
 * Why an existing CA is replaced: it cannot be read or does not match its key; it is outside
 * or near the end of its validity; it has no name constraints (made by a plinth before they
 * existed); or it constrains names other than those now configured.
 */
export type CaReplacement = "unreadable" | "expiring" | "unconstrained" | "names-changed";

/** A CA this close to expiry is replaced at start-up (as late as possible: clients must re-trust). */
export const CA_RENEW_BEFORE_DAYS = 30;
/**
 * A server certificate this close to expiry is reissued at start-up. Two thirds of its life, so
 * that every start leaves at least 60 days before the running process would serve an expired
 * certificate; reissuing costs clients nothing.
 */
export const SERVER_RENEW_BEFORE_DAYS = 60;
const DAY_MS = 86_400_000;

/**
 * On first start, creates `<dataDir>/tls/` with a local CA and a server certificate for the
 * local names and `serverNames`; later, reuses them. The server certificate is reissued when
 * it is near expiry, does not match its key or the CA, or the names asked for differ. The CA
 * is replaced when it is unusable, near expiry, or does not constrain itself to exactly the
 * names asked for (`CaReplacement`), since clients must then be told to trust the new one.
 */
export async function ensureTlsMaterial(options: EnsureTlsOptions): Promise<GeneratedTlsMaterial> {
  const now = (options.clock ?? systemClock).now();
  const names = serverSanEntries(options.serverNames);
  const permitted = permittedSubtrees(names);
  const dir = join(options.dataDir, "tls");
  await ensurePrivateDir(dir);

  let ca = await loadPair(dir, TLS_FILES.ca, TLS_FILES.caKey);
  const replacedCa = ca === undefined ? undefined : caProblem(ca, permitted, now);
  const newCa = ca === undefined || replacedCa !== undefined;
  if (ca === undefined || newCa) {
    ca = await issueInThread({ kind: "ca", now, permitted });
    await writeAtomic(dir, TLS_FILES.caKey, ca.keyPem, 0o600);
    await writeAtomic(dir, TLS_FILES.ca, ca.certPem, 0o644);
  }
  const caCert = new NodeCertificate(ca.certPem);

  let server = await loadPair(dir, TLS_FILES.server, TLS_FILES.serverKey);
  const newServer = newCa || server === undefined || !reusable(server, caCert, names, now);
  if (server === undefined || newServer) {
    server = await issueInThread({ kind: "server", ca, names, now });
    // Key first: a crash between the two leaves a mismatched pair, which the next start replaces.
    await writeAtomic(dir, TLS_FILES.serverKey, server.keyPem, 0o600);
    await writeAtomic(dir, TLS_FILES.server, server.certPem, 0o644);
  }

  return {
    key: server.keyPem,
    cert: `${server.certPem.trimEnd()}\n${ca.certPem.trimEnd()}\n`,
    ca: ca.certPem,
    caPath: join(dir, TLS_FILES.ca),
    generated: true,
    created: { ca: newCa, server: newServer },
    ...(replacedCa === undefined ? {} : { replacedCa }),
    caExpires: new Date(caCert.validTo),
    caPermits: permitted.map(subtreeText),
  };
}

function caProblem(ca: CertificateAndKey, permitted: readonly Subtree[], now: Date): CaReplacement | undefined {
  const cert = parsedPair(ca);
  if (cert === undefined) return "unreadable";
  if (!current(cert, now, CA_RENEW_BEFORE_DAYS)) return "expiring";
  try {
    const constraints = compareNameConstraints(cert.raw, permitted);
    return constraints === "same" ? undefined : constraints === "none" ? "unconstrained" : "names-changed";
  } catch {
    return "unreadable";
  }
}

async function loadPair(dir: string, certName: string, keyName: string): Promise<CertificateAndKey | undefined> {
  const [certPem, keyPem] = await Promise.all([readIfPresent(join(dir, certName)), readIfPresent(join(dir, keyName))]);
  return certPem === undefined || keyPem === undefined ? undefined : { certPem, keyPem };
}

/** The pair's certificate when both parse and the key is the certificate's; else undefined. */
function parsedPair(pair: CertificateAndKey): NodeCertificate | undefined {
  try {
    const cert = new NodeCertificate(pair.certPem);
    return cert.checkPrivateKey(createPrivateKey(pair.keyPem)) ? cert : undefined;
  } catch {
    return undefined; // unreadable material is replaced, not trusted
  }
}

/** Already valid, and still valid for more than `marginDays`. */
function current(cert: NodeCertificate, now: Date, marginDays: number): boolean {
  return Date.parse(cert.validFrom) <= now.getTime() && Date.parse(cert.validTo) - now.getTime() > marginDays * DAY_MS;
}

function reusable(server: CertificateAndKey, ca: NodeCertificate, names: readonly SanEntry[], now: Date): boolean {
  const cert = parsedPair(server);
  if (cert === undefined) return false;
  // A certificate cut short by the CA's own expiry is as long-lived as this CA allows: reissuing
  // it would give the same date. The CA is replaced CA_RENEW_BEFORE_DAYS before that.
  const capped = Date.parse(cert.validTo) >= Date.parse(ca.validTo);
  if (!current(cert, now, capped ? 0 : SERVER_RENEW_BEFORE_DAYS)) return false;
  try {
    if (!cert.verify(ca.publicKey)) return false;
    return sameEntries(certificateNames(cert), names);
  } catch {
    return false;
  }
}

/**
 * The certificate's DNS and IP names, read with node:crypto. Node prints them as
 * `DNS:localhost, IP Address:0:0:0:0:0:0:0:1`; sanEntry gives each its one spelling. Any other
 * kind of name, or a name sanEntry refuses (node quotes unusual ones), throws: such a
 * certificate is not one we issued for these names, so it is replaced.
 */
function certificateNames(cert: NodeCertificate): SanEntry[] {
  const text = cert.subjectAltName;
  if (text === undefined || text === "") return [];
  return text.split(", ").map((item) => {
    if (item.startsWith("DNS:")) return sanEntry(item.slice(4));
    if (item.startsWith("IP Address:")) return sanEntry(item.slice(11));
    throw new Error("a subject alternative name of another kind");
  });
}
