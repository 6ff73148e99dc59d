// Evaluated before @peculiar/x509 (ES modules evaluate imports in order).
// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata API.
import "reflect-metadata";
import {
  AuthorityKeyIdentifierExtension, BasicConstraintsExtension, ExtendedKeyUsage, ExtendedKeyUsageExtension, Extension,
  KeyUsageFlags, KeyUsagesExtension, PemConverter, SubjectAlternativeNameExtension, SubjectKeyIdentifierExtension,
  X509Certificate, X509CertificateGenerator,
} from "@peculiar/x509";

/** The only door to @peculiar/x509, so nothing can import it before its polyfill. */
export {
  AuthorityKeyIdentifierExtension, BasicConstraintsExtension, ExtendedKeyUsage, ExtendedKeyUsageExtension, Extension,
  KeyUsageFlags, KeyUsagesExtension, PemConverter, SubjectAlternativeNameExtension, SubjectKeyIdentifierExtension,
  X509Certificate, X509CertificateGenerator,
};
