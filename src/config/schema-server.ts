import { DEFAULTS } from "./defaults.js";
import { SECRET, SECRET_FORMS } from "./schema-parts.js";
import { rootKeySchema } from "./schema-root-key.js";
import { serverLimitProperties } from "./schema-server-limits.js";

export const tlsSchema = {
  type: "object",
  additionalProperties: false,
  required: ["certFile", "keyFile"],
  description:
    "Operator-supplied TLS material (PEM files, relative to this file's directory). When absent, " +
    "a local CA and a server certificate are generated in <dataDir>/tls on first start.",
  properties: {
    certFile: { type: "string", minLength: 1, description: "The server certificate chain (PEM), leaf first." },
    keyFile: { type: "string", minLength: 1, description: "The server certificate's private key (PEM)." },
    caFile: {
      type: "string",
      minLength: 1,
      description: "The CA certificate(s) (PEM) clients should trust, when certFile comes from a private CA.",
    },
  },
} as const;

export const serverSchema = {
  type: "object",
  additionalProperties: false,
  description: "The listeners and local storage. Every field is optional; command-line flags override them.",
  properties: {
    host: {
      type: "string",
      format: "host",
      default: DEFAULTS.host,
      description:
        "Address of the default listener (when listeners is absent). The default is loopback only; use 0.0.0.0 or :: to listen on every interface.",
    },
    port: {
      type: "integer",
      minimum: 0,
      maximum: 65535,
      default: DEFAULTS.port,
      description: "TCP port of the default listener (when listeners is absent; 0 picks a free port).",
    },
    dataDir: {
      type: "string",
      minLength: 1,
      default: DEFAULTS.dataDir,
      description: "Directory for the database, keys, TLS material and models (relative to this file's directory).",
    },
    tls: tlsSchema,
    listeners: {
      type: "array",
      minItems: 1,
      items: { $ref: "#/definitions/listener" },
      description:
        "The listeners, when there is more than one or any needs network controls (a private endpoint id, mutual TLS, " +
        "an allow-list of source networks). The first is the default one: --host and --port override its address and its " +
        "URL is the one printed at start-up. Without this list there is one listener, named default, on host and port. " +
        "host, port and insecureHttp above must then be left out.",
    },
    serverNames: {
      type: "array",
      uniqueItems: true,
      items: { type: "string", format: "server-name" },
      default: [],
      description:
        "Extra DNS names or IP addresses for the generated server certificate, besides localhost, 127.0.0.1 and ::1.",
    },
    trustedProxies: {
      type: "array",
      uniqueItems: true,
      items: { type: "string", format: "ip-or-cidr" },
      default: [],
      description:
        "Peers (IP addresses or CIDR ranges, IPv4 or IPv6) whose X-Forwarded-For header is honoured; from any other peer it is ignored.",
    },
    insecureHttp: {
      type: "boolean",
      default: false,
      description:
        "The default listener (when listeners is absent) uses plain HTTP, for use behind a TLS-terminating proxy. Requests are then " +
        "marked as not secure (aws:SecureTransport is false). With listeners, set insecureHttp on each listener that needs it instead.",
    },
    maxBodyBytes: {
      type: "integer",
      minimum: 1024,
      maximum: 1024 * 1024 * 1024,
      default: DEFAULTS.maxBodyBytes,
      description: "Largest request body accepted, in bytes; larger requests are refused before they are read.",
    },
    signatureMaxSkewSeconds: {
      type: "integer",
      minimum: 1,
      maximum: 900,
      default: DEFAULTS.signatureMaxSkewSeconds,
      description: "How far a SigV4 request's timestamp may be from this server's clock, in seconds, either way.",
    },
    ...serverLimitProperties,
    databaseUrl: {
      type: "string",
      pattern: SECRET.pattern,
      description:
        "A PostgreSQL connection URL (postgres:// or postgresql://). When absent, SQLite in <dataDir> is used. " +
        `It usually carries a password, so it is a secret: ${SECRET_FORMS}`,
    },
    rootKey: rootKeySchema,
    fips: {
      type: "boolean",
      default: false,
      description:
        "FIPS mode (also --fips): refuse to start unless Node's crypto reports FIPS mode on (crypto.getFips() is 1) and every " +
        "algorithm plinth uses is available from the FIPS provider. The stock Node binary and Debian's OpenSSL have no validated " +
        "provider, so there it refuses; the README's \"FIPS mode\" section says how to build an image that has one.",
    },
  },
} as const;
