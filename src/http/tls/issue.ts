import { randomBytes, webcrypto } from "node:crypto";
import { encodeNameConstraints, OID_NAME_CONSTRAINTS, type Subtree } from "./constraints.js";
import type { SanEntry } from "./names.js";
import {
  AuthorityKeyIdentifierExtension, BasicConstraintsExtension, ExtendedKeyUsage, ExtendedKeyUsageExtension, Extension,
  KeyUsageFlags, KeyUsagesExtension, PemConverter, SubjectAlternativeNameExtension, SubjectKeyIdentifierExtension,
  X509Certificate, X509CertificateGenerator,
} from "./x509.js";

/** A certificate and its private key, both PEM. */
export interface CertificateAndKey {
  readonly certPem: string;
  readonly keyPem: string;
}

const ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const DAY_MS = 86_400_000;
/**
 * A year. Clients trust the CA, so its life bounds how long a copy of its key (a backup, a
 * copied data directory) can vouch for plinth's names; a replaced CA must be handed to every
 * client again, so much shorter would make that chore frequent. Name constraints (see
 * constraints.ts) bound what it can vouch for.
 */
export const CA_VALIDITY_DAYS = 365;
/**
 * 90 days, as ACME CAs issue. The server key is the one the network-facing process holds, so a
 * leaked copy should stop working soon, and reissuing it costs clients nothing (they trust the
 * CA, not it). Not shorter, because it is renewed only at start-up: ensure.ts reissues it once
 * fewer than SERVER_RENEW_BEFORE_DAYS (60) remain, so a process must be restarted within that.
 */
export const SERVER_VALIDITY_DAYS = 90;
/** Certificates start an hour early, so clients whose clocks run slow still accept them. */
const BACKDATE_MS = 3_600_000;

export const CA_SUBJECT = "CN=plinth local CA";
export const SERVER_SUBJECT = "CN=plinth";

// webcrypto is passed to every call rather than set as @peculiar/x509's global provider.
type X509Crypto = NonNullable<Parameters<typeof X509CertificateGenerator.create>[1]>;
const x509Crypto = webcrypto as unknown as X509Crypto;
const subtle = webcrypto.subtle;

/** A CA that may vouch only for names within `permitted` (see constraints.ts). */
export async function createCa(now: Date, permitted: readonly Subtree[]): Promise<CertificateAndKey> {
  const keys = await subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  const cert = await X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: CA_SUBJECT,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + CA_VALIDITY_DAYS * DAY_MS),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      // pathLen 0: this CA signs server certificates only, never another CA.
      new BasicConstraintsExtension(true, 0, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
      // Critical, as RFC 5280 requires: a client that cannot apply the constraints must refuse the CA.
      new Extension(OID_NAME_CONSTRAINTS, true, encodeNameConstraints(permitted)),
      await SubjectKeyIdentifierExtension.create(keys.publicKey, false, x509Crypto),
    ],
  }, x509Crypto);
  return { certPem: cert.toString("pem"), keyPem: await exportKey(keys.privateKey) };
}

export async function issueServerCert(ca: CertificateAndKey, names: readonly SanEntry[], now: Date): Promise<CertificateAndKey> {
  const caCert = new X509Certificate(ca.certPem);
  const caKey = await subtle.importKey(
    "pkcs8", PemConverter.decodeFirst(ca.keyPem), { name: "ECDSA", namedCurve: "P-256" }, false, ["sign"],
  );
  const keys = await subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  const notAfter = Math.min(now.getTime() + SERVER_VALIDITY_DAYS * DAY_MS, caCert.notAfter.getTime());
  const cert = await X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: SERVER_SUBJECT,
    issuer: caCert.subject,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(notAfter),
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new BasicConstraintsExtension(false, undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
      new ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth]),
      new SubjectAlternativeNameExtension(names.map((n) => ({ type: n.type, value: n.value }))),
      await AuthorityKeyIdentifierExtension.create(caCert, false, x509Crypto),
      await SubjectKeyIdentifierExtension.create(keys.publicKey, false, x509Crypto),
    ],
  }, x509Crypto);
  return { certPem: cert.toString("pem"), keyPem: await exportKey(keys.privateKey) };
}

/** 128 random bits, positive and of fixed length (first byte 0x40..0x7f), as CAs should use. */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x3f) | 0x40;
  return bytes.toString("hex");
}

async function exportKey(key: webcrypto.CryptoKey): Promise<string> {
  return PemConverter.encode(await subtle.exportKey("pkcs8", key), "PRIVATE KEY");
}
