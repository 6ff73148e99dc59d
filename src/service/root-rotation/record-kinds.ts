import type { SecretBox } from "../../crypto/index.js";
import type { Store } from "../../store/index.js";
import { accessKeySecretContext, openAccessKeySecret, openServiceCredentialSecret, serviceCredentialSecretContext } from "../identity/index.js";
import { mfaSeedContext, openSeedBytes } from "../iam/mfa-seed.js";
import type { RootSealedKind, RootSealedValue } from "./ports.js";

type Stores = Pick<Store, "organization" | "iam" | "identity" | "serviceCredentials">;

/**
 * Stored secrets that older releases sealed directly under the root key: MFA seeds, Bedrock API
 * keys' secrets, and access-key secrets from before accounts were bound. Resealing one opens it
 * in whichever form it has and seals it in the account-bound form, which the box seals under the
 * account's default KMS key: once resealed, it no longer depends on the root key, and deleting
 * the account's key erases it. Each row is replaced only if unchanged since it was read.
 */
export function rootSealedRecordKinds(store: Stores, box: SecretBox): RootSealedKind[] {
  const reseal = (open: () => Promise<Uint8Array>, context: Record<string, string>, replace: (sealed: Uint8Array) => Promise<boolean>) => async () => {
    const plain = await open();
    try {
      return await replace(await box.seal(plain, context));
    } finally {
      plain.fill(0);
    }
  };
  return [
    {
      kind: "mfa-seed",
      async *values(): AsyncIterable<RootSealedValue> {
        for (const account of await store.organization.listAccounts()) {
          for (const device of await store.iam.listMfaDevices(account.accountId)) {
            yield {
              sealed: device.seedCiphertext,
              reseal: reseal(() => openSeedBytes(box, device), mfaSeedContext(device.serialNumber, device.accountId),
                (sealed) => store.iam.resealMfaSeed(device.serialNumber, device.seedCiphertext, sealed)),
            };
          }
        }
      },
    },
    {
      kind: "service-credential-secret",
      async *values(): AsyncIterable<RootSealedValue> {
        for (const account of await store.organization.listAccounts()) {
          for (const credential of await store.serviceCredentials.listForAccount(account.accountId)) {
            yield {
              sealed: credential.secretCiphertext,
              reseal: reseal(() => openServiceCredentialSecret(box, credential), serviceCredentialSecretContext(credential.credentialId, credential),
                (sealed) => store.serviceCredentials.resealSecret(credential.credentialId, credential.secretCiphertext, sealed)),
            };
          }
        }
      },
    },
    {
      kind: "access-key-secret",
      async *values(): AsyncIterable<RootSealedValue> {
        for (const account of await store.organization.listAccounts()) {
          for (const user of await store.iam.listUsers(account.accountId)) {
            for (const key of await store.identity.listAccessKeys(user.userId)) {
              yield {
                sealed: key.secretCiphertext,
                reseal: reseal(() => openAccessKeySecret(box, key.secretCiphertext, key.accessKeyId, account.accountId),
                  accessKeySecretContext(key.accessKeyId, account.accountId),
                  (sealed) => store.identity.resealAccessKeySecret(key.accessKeyId, key.secretCiphertext, sealed)),
              };
            }
          }
        }
      },
    },
  ];
}
