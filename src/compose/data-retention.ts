import { dataRetentionOperations } from "../http/bedrock/data-retention-routes.js";
import { retentionAdmission } from "../http/retention-admission.js";
import { PeerAccountRetention } from "./account-settings-peers.js";
import type { Capability, Foundation } from "./capability.js";

/**
 * Bedrock's account data-retention modes: Get/PutAccountDataRetention, and the admission that
 * holds every inference call to the account's mode (plinth's default `none`). Only configured
 * providers can retain: local GGUF models found without configuration run on this machine.
 */
export function dataRetentionCapability({ config, store, clock, peers }: Foundation): Capability {
  const retention = new PeerAccountRetention(peers, store.dataRetention, config.region, clock);
  const retaining = new Set(config.providers.filter((p) => p.retainsData).map((p) => p.id));
  return {
    name: "data-retention",
    operations: dataRetentionOperations(retention),
    hooks: { admission: [retentionAdmission(retention, retaining)] },
  };
}
