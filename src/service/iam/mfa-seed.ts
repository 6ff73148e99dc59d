import type { SecretBox } from "../../crypto/index.js";
import type { MfaDeviceRecord } from "../../store/iam-port.js";

/** MFA seeds are sealed to their device: a seed sealed for one serial number opens for no other. */
export const mfaSeedContext = (serialNumber: string): Record<string, string> => ({ purpose: "mfa-seed", serialNumber });

export async function openSeed(box: SecretBox, device: MfaDeviceRecord): Promise<string> {
  return Buffer.from(await box.open(device.seedCiphertext, mfaSeedContext(device.serialNumber))).toString("utf8");
}
