import { createPrivateKey, X509Certificate as NodeCertificate } from "node:crypto";
import { join } from "node:path";
import { systemClock, type Clock } from "../../kernel/index.js";
import { ensurePrivateDir, readIfPresent, TLS_FILES, writeAtomic } from "./files.js";
// Types only: issue.ts (and @peculiar/x509 behind it, ~18 MiB resident) is loaded when a
// certificate must be made, not on every start.
import type { CertificateAndKey } from "./issue.js";
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
}

/** A server certificate this close to expiry is replaced at start-up. */
export const RENEW_BEFORE_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * On first start, creates `<dataDir>/tls/` with a local CA and a server certificate for the
 * local names and `serverNames`; later, reuses them. The server certificate is reissued when
 * it is near expiry, does not match its key or the CA, or the names asked for differ. The CA
 * is replaced only when it is unusable (missing, unreadable, within a month of expiry), since
 * clients must then be told to trust the new one (`created.ca`).
 */
export async function ensureTlsMaterial(options: EnsureTlsOptions): Promise<GeneratedTlsMaterial> {
  const now = (options.clock ?? systemClock).now();
  const names = serverSanEntries(options.serverNames);
  const dir = join(options.dataDir, "tls");
  await ensurePrivateDir(dir);

  let ca = await loadPair(dir, TLS_FILES.ca, TLS_FILES.caKey);
  const newCa = ca === undefined || !usable(ca, now, RENEW_BEFORE_DAYS);
  if (ca === undefined || newCa) {
    const { createCa } = await import("./issue.js");
    ca = await createCa(now);
    await writeAtomic(dir, TLS_FILES.caKey, ca.keyPem, 0o600);
    await writeAtomic(dir, TLS_FILES.ca, ca.certPem, 0o644);
  }

  let server = await loadPair(dir, TLS_FILES.server, TLS_FILES.serverKey);
  const newServer = newCa || server === undefined || !reusable(server, ca, names, now);
  if (server === undefined || newServer) {
    const { issueServerCert } = await import("./issue.js");
    server = await issueServerCert(ca, names, now);
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
  };
}

async function loadPair(dir: string, certName: string, keyName: string): Promise<CertificateAndKey | undefined> {
  const [certPem, keyPem] = await Promise.all([readIfPresent(join(dir, certName)), readIfPresent(join(dir, keyName))]);
  return certPem === undefined || keyPem === undefined ? undefined : { certPem, keyPem };
}

/** Parses, matches its key, and stays valid for at least `marginDays` more. */
function usable(pair: CertificateAndKey, now: Date, marginDays: number): boolean {
  try {
    const cert = new NodeCertificate(pair.certPem);
    if (!cert.checkPrivateKey(createPrivateKey(pair.keyPem))) return false;
    const notBefore = Date.parse(cert.validFrom);
    const notAfter = Date.parse(cert.validTo);
    return notBefore <= now.getTime() && notAfter - now.getTime() > marginDays * DAY_MS;
  } catch {
    return false; // unreadable material is replaced, not trusted
  }
}

function reusable(server: CertificateAndKey, ca: CertificateAndKey, names: readonly SanEntry[], now: Date): boolean {
  if (!usable(server, now, RENEW_BEFORE_DAYS)) return false;
  try {
    const caCert = new NodeCertificate(ca.certPem);
    const serverCert = new NodeCertificate(server.certPem);
    if (!serverCert.verify(caCert.publicKey)) return false;
    return sameEntries(certificateNames(serverCert), names);
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
