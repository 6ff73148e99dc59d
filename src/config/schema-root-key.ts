import { AWS_ACCESS_KEY_ID, REGION, SECRET, SECRET_FORMS, shaped } from "./schema-parts.js";

export const ROOT_KEY_TYPES = ["file", "transit", "aws-kms"] as const;

function closed(required: readonly string[], description: string, properties: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { type: "object", additionalProperties: false, required, description, properties, ...extra };
}

const caFile = {
  type: "string",
  minLength: 1,
  description: "The CA certificate(s) (PEM, relative to this file's directory) that signed the key manager's certificate, when it is not a public one.",
};

const file = closed(["type"], "A 32-byte key file, <dataDir>/root.key (mode 0600), made at first start. The default.", {
  type: { const: "file" },
});

const transit = closed(["type", "address", "keyName", "token"],
  "A HashiCorp Vault or OpenBao Transit key. At first start Transit makes the root key (datakey); only its wrapped form is kept, " +
  "in <dataDir>/root.key.wrapped, and Transit unwraps it at each start (decrypt) into memory. After the Transit key is rotated, " +
  "the next start rewraps it under the newest version.", {
    type: { const: "transit" },
    address: { type: "string", format: "http-url", description: "Vault's address, such as https://vault.internal:8200 (without /v1)." },
    mount: { type: "string", pattern: "^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$", default: "transit", description: "Where the Transit engine is mounted." },
    keyName: { type: "string", pattern: "^[A-Za-z0-9_.-]{1,128}$", description: "The Transit key that wraps the root key." },
    token: shaped(SECRET, `A Vault token allowed datakey, decrypt and rewrap on the key. ${SECRET_FORMS}`),
    caFile,
  });

const awsKms = closed(["type", "keyId", "region"],
  "An AWS KMS key, or a key of any service that speaks the KMS API (another plinth included). At first start KMS makes the root key " +
  "(GenerateDataKey); only its wrapped form is kept, in <dataDir>/root.key.wrapped, and KMS unwraps it at each start (Decrypt) into memory.", {
    type: { const: "aws-kms" },
    keyId: { type: "string", minLength: 1, maxLength: 2048, description: "The key id, key ARN, alias name or alias ARN. Changing it later is refused." },
    region: shaped(REGION, "The region of the key."),
    endpoint: { type: "string", format: "http-url", description: "An endpoint to use instead of kms.<region>.amazonaws.com (a VPC endpoint, another KMS-speaking server)." },
    accessKeyId: shaped(AWS_ACCESS_KEY_ID, `The access key id; with secretAccessKey. When both are absent the credentials come from the environment plinth runs in. ${SECRET_FORMS}`),
    secretAccessKey: shaped(SECRET, `The secret access key; with accessKeyId. ${SECRET_FORMS}`),
    sessionToken: shaped(SECRET, `A session token for temporary credentials. ${SECRET_FORMS}`),
    caFile,
  }, {
    dependencies: { accessKeyId: ["secretAccessKey"], secretAccessKey: ["accessKeyId"], sessionToken: ["accessKeyId", "secretAccessKey"] },
  });

const branches = { file, transit, "aws-kms": awsKms } as const;
const definitionName = (type: string): string => `${type === "aws-kms" ? "awsKms" : type}RootKey`;

export const rootKeyDefinitions: Record<string, unknown> = Object.fromEntries(
  ROOT_KEY_TYPES.map((type) => [definitionName(type), branches[type]]),
);

export const rootKeySchema = {
  type: "object",
  required: ["type"],
  description:
    "The root of trust: where the root key that wraps every KMS key's material comes from. Defaults to { \"type\": \"file\" }. " +
    "A data directory that used the local file moves to transit or aws-kms at the next start, keeping its root key (wrapped, the file removed; " +
    "copies of the file, in backups, still open the data). Any other change once data is stored is refused at start.",
  properties: {
    type: { enum: [...ROOT_KEY_TYPES], description: "Which root of trust this is; decides the other fields." },
  },
  allOf: ROOT_KEY_TYPES.map((type) => ({
    if: { type: "object", properties: { type: { const: type } }, required: ["type"] },
    then: { $ref: `#/definitions/${definitionName(type)}` },
  })),
};
