import { LISTENER_NAME, VPC_ENDPOINT_ID, shaped } from "./schema-parts.js";
import { tlsSchema } from "./schema-server.js";

/**
 * One listener: an address with its own network controls. Each control acts before any request
 * is read (a refused client never reaches authentication), so that what a network rule forbids
 * costs nothing and reveals nothing, as a security group in front of an AWS endpoint would.
 */
export const listenerSchema = {
  type: "object",
  additionalProperties: false,
  required: ["name", "host", "port"],
  dependencies: { requireClientCert: ["clientCa"] },
  description: "A listener: an address, its TLS material and its network controls.",
  properties: {
    name: shaped(LISTENER_NAME, "Names the listener in logs and audit records; unique among listeners."),
    host: {
      type: "string",
      format: "host",
      description: "Address to listen on (0.0.0.0 or :: for every interface).",
    },
    port: { type: "integer", minimum: 0, maximum: 65535, description: "TCP port (0 picks a free port)." },
    tls: {
      ...tlsSchema,
      description:
        "This listener's own TLS material (PEM files, relative to this file's directory). When absent, server.tls is used, " +
        "or else the generated material in <dataDir>/tls.",
    },
    insecureHttp: {
      type: "boolean",
      default: false,
      description:
        "Plain HTTP on this listener, for use behind a TLS-terminating proxy: requests are marked as not secure " +
        "(aws:SecureTransport is false). Cannot be combined with tls or clientCa.",
    },
    privateEndpointId: {
      ...shaped(
        VPC_ENDPOINT_ID,
        "Marks the listener private, as an AWS PrivateLink interface endpoint: requests arriving here carry aws:SourceVpce " +
          "(this id) and aws:VpcSourceIp, and, as in AWS, no aws:SourceIp.",
      ),
    },
    clientCa: {
      type: "string",
      minLength: 1,
      description:
        "Mutual TLS: the CA certificate(s) (PEM, relative to this file's directory) that client certificates must chain to. " +
        "The verified certificate's subject is available to policy conditions. The certificate is asked for during the " +
        "handshake (HTTP/2 and TLS 1.3 allow no renegotiation to ask later).",
    },
    requireClientCert: {
      type: "boolean",
      default: true,
      description:
        "With clientCa: refuse, during the TLS handshake, clients that present no certificate (true), or let them through " +
        "without client certificate facts for policies to decide (false). A certificate that does not verify is always refused.",
    },
    allowedSourceNetworks: {
      type: "array",
      minItems: 1,
      uniqueItems: true,
      items: { type: "string", format: "ip-or-cidr" },
      description:
        "Only peers in these networks (IP addresses or CIDR ranges, IPv4 or IPv6) may connect; others are disconnected " +
        "as soon as they connect, before TLS. The peer is the connecting address (a proxy's, when behind one).",
    },
  },
} as const;
