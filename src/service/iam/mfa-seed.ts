import type { SecretBox } from "../../crypto/index.js";
import type { MfaDeviceRecord } from "../../store/iam-port.js";

/**
 * MFA seeds are sealed to their device and account: a seed sealed for one device opens for no
 * other. Binding the account makes the box seal it under that account's default KMS key (not
 * the root key), so deleting that key erases the seed with everything else of the account.
 * Seeds stored before that name the serial number alone and lie under the root key; they still
 * open, and are resealed in the new form at start (service/root-rotation).
 */
export const mfaSeedContext = (serialNumber: string, accountId?: string): Record<string, string> =>
  accountId === undefined ? { purpose: "mfa-seed", serialNumber } : { purpose: "mfa-seed", accountId, resourceArn: serialNumber };

/** The seed, whichever form it was sealed in; only a root-key seed is tried again as the older form. */
export async function openSeedBytes(box: SecretBox, device: Pick<MfaDeviceRecord, "serialNumber" | "accountId" | "seedCiphertext">): Promise<Uint8Array> {
  try {
    return await box.open(device.seedCiphertext, mfaSeedContext(device.serialNumber, device.accountId));
  } catch (error) {
    if (box.sealedUnder(device.seedCiphertext)) throw error;
    return box.open(device.seedCiphertext, mfaSeedContext(device.serialNumber));
  }
}

export async function openSeed(box: SecretBox, device: MfaDeviceRecord): Promise<string> {
  const bytes = await openSeedBytes(box, device);
  try {
    return Buffer.from(bytes).toString("utf8");
  } finally {
    bytes.fill(0);
  }
}
