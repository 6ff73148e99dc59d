import { Agent } from "node:https";
import { fault } from "../kernel/index.js";
import type { Sensitive } from "../kernel/index.js";
import { ROOT_KEY_BYTES } from "../crypto/index.js";
import type { RootKeyWrapper } from "../crypto/index.js";

/** An AWS KMS key (or any service that speaks the KMS API, plinth included) as the root of trust. */
export interface AwsKmsRootSettings {
  readonly type: "aws-kms";
  /** A key id, key ARN, alias name or alias ARN. */
  readonly keyId: string;
  readonly region: string;
  readonly endpoint?: string;
  /** Absent: the SDK's default provider chain finds credentials. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: Sensitive<string>; readonly sessionToken?: Sensitive<string> };
  /** PEM text of the CA that signed the endpoint's certificate, when it is not a public one. */
  readonly ca?: string;
}

/**
 * Wraps the root key with KMS: GenerateDataKey makes it at first start, Decrypt unwraps it at
 * each start, Encrypt wraps the key file's key when a data directory moves to KMS. Decrypt
 * names the key, so a blob wrapped under another key is refused by KMS itself. KMS keeps every
 * backing key of a rotated key, so there is nothing to rewrap.
 */
export function awsKmsRootWrapper(settings: AwsKmsRootSettings): RootKeyWrapper {
  const describe = `AWS KMS key ${settings.keyId} in ${settings.region}${settings.endpoint === undefined ? "" : ` at ${settings.endpoint}`}`;
  const client = import("@aws-sdk/client-kms").then(async (sdk) => {
    const { NodeHttpHandler } = await import("@smithy/node-http-handler");
    const c = settings.credentials;
    return {
      sdk,
      kms: new sdk.KMSClient({
        region: settings.region,
        maxAttempts: 2,
        ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
        ...(c === undefined ? {} : {
          credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey.reveal(), ...(c.sessionToken ? { sessionToken: c.sessionToken.reveal() } : {}) },
        }),
        requestHandler: new NodeHttpHandler({
          connectionTimeout: 10_000, requestTimeout: 10_000,
          ...(settings.ca === undefined ? {} : { httpsAgent: new Agent({ ca: settings.ca }) }),
        }),
      }),
    };
  });
  const failed = (action: string) => (error: unknown): never => {
    // The SDK's error name and message (AccessDeniedException: ...); they carry no credentials.
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : "unknown error";
    throw fault("internal", `the root of trust (${describe}) refused ${action}: ${reason.slice(0, 300)}`);
  };
  return {
    source: "aws-kms",
    keyRef: settings.keyId,
    describe,
    async generate() {
      const { sdk, kms } = await client;
      const out = await kms.send(new sdk.GenerateDataKeyCommand({ KeyId: settings.keyId, NumberOfBytes: ROOT_KEY_BYTES, EncryptionContext: CONTEXT }))
        .catch(failed("GenerateDataKey"));
      if (!out.Plaintext || !out.CiphertextBlob) throw fault("internal", `the root of trust (${describe}) returned no data key`);
      return { plaintext: out.Plaintext, wrapped: Buffer.from(out.CiphertextBlob).toString("base64") };
    },
    async wrap(plaintext) {
      const { sdk, kms } = await client;
      const out = await kms.send(new sdk.EncryptCommand({ KeyId: settings.keyId, Plaintext: plaintext, EncryptionContext: CONTEXT }))
        .catch(failed("Encrypt"));
      if (!out.CiphertextBlob) throw fault("internal", `the root of trust (${describe}) returned no ciphertext`);
      return Buffer.from(out.CiphertextBlob).toString("base64");
    },
    async unwrap(wrapped) {
      const { sdk, kms } = await client;
      const out = await kms.send(new sdk.DecryptCommand({ KeyId: settings.keyId, CiphertextBlob: Buffer.from(wrapped, "base64"), EncryptionContext: CONTEXT }))
        .catch(failed("Decrypt"));
      if (!out.Plaintext) throw fault("internal", `the root of trust (${describe}) returned no plaintext`);
      return out.Plaintext;
    },
  };
}

/** Binds the wrapped blob to its purpose: KMS refuses to decrypt it for anything that omits this. */
const CONTEXT = { purpose: "plinth-root-key" };
