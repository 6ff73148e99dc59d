import { kmsOperations } from "../http/kms/index.js";
import type { RequestContext } from "../kernel/index.js";
import type { ConditionMap } from "../service/authorize.js";
import { evaluate } from "../policy/index.js";
import { KEY_POLICY_MAX_CHARACTERS, KmsService } from "../service/kms/index.js";
import type { Access } from "./access.js";
import type { Capability, Foundation } from "./capability.js";

/** How often keys past their deletion window are deleted and due rotations made (also once at start). */
const SWEEP_EVERY_MS = 3_600_000;

/**
 * KMS customer-managed keys through the KMS API: keys whose material is sealed under the root
 * key, key policies read by the one authorizer (a key policy must allow, as in KMS), and the
 * sweep that deletes keys once their window has passed and rotates keys that are due.
 */
export function kmsCapability({ config, store, rootBox, clock, logger }: Foundation, access: Access): Capability & { readonly kms: KmsService } {
  const kms = new KmsService({
    store: store.kms, policies: store.resourcePolicies, box: rootBox, clock, region: config.region, compile: access.compile, changes: access.changes,
  });
  /** KMS's lockout safety check: the caller, under the proposed key policy, could still change it. */
  const lockout = async (ctx: RequestContext, keyArn: string, document: string, conditions: ConditionMap): Promise<boolean> => {
    const compiled = access.compile(document, "key", keyArn, { maxLength: KEY_POLICY_MAX_CHARACTERS });
    if (!compiled.ok) return false;
    // With the KMS condition keys that PutKeyPolicy would carry: a policy conditioned on them is judged as it will apply.
    const facts = await access.authorizer.callerFacts(ctx, conditions);
    const decision = evaluate({
      principal: facts.principal, action: "kms:PutKeyPolicy", resource: keyArn, resourceAccount: keyArn.split(":")[4] ?? "", context: facts.context,
    }, { ...facts.policies, resource: compiled.policy });
    return decision.decision === "Allow";
  };
  const sweep = (): void => {
    kms.sweep().then(
      ({ deleted, rotated }) => { if (deleted + rotated > 0) logger.info({ deleted, rotated }, "KMS keys swept: deleted past their window, rotated when due"); },
      (error: unknown) => logger.warn({ error: error instanceof Error ? error.name : typeof error }, "KMS key sweep failed; retried next hour"),
    );
  };
  sweep();
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref();
  return {
    name: "kms",
    kms,
    operations: kmsOperations({ kms, lockout, region: config.region }),
    close: async () => clearInterval(timer),
  };
}
