import { createHash } from "node:crypto";
import type { EncryptionContext, SealingKey, SecretBox } from "../../crypto/index.js";
import type { GuardrailPolicies } from "../../guardrails/config.js";
import { openPolicies } from "./sealing.js";

/** How long an opened configuration is kept, and how many: bounds on plaintext configurations held in memory. */
const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 256;

/**
 * Guardrail configurations opened for inference, kept so that every guarded call does not open
 * the same envelope again (about 1.5 ms of CPU in the Encryption SDK each time). An entry is used
 * only for the very bytes it was opened from (a SHA-256 of the stored envelope, so an edited
 * DRAFT or a re-sealed row is opened afresh) and only while the key it is sealed under can still
 * be used: its state is read on every hit, so disabling a key or scheduling its deletion stops
 * the guardrail at once, exactly as opening would.
 */
export class OpenedPolicies {
  readonly #entries = new Map<string, { readonly digest: string; readonly policies: GuardrailPolicies; readonly at: number }>();

  constructor(
    private readonly box: SecretBox,
    private readonly keys: { assertUsable(key: SealingKey): Promise<void> },
    private readonly now: () => number,
  ) {}

  async open(context: EncryptionContext, sealed: Uint8Array): Promise<GuardrailPolicies> {
    const name = JSON.stringify(context);
    const digest = createHash("sha256").update(sealed).digest("hex");
    const at = this.now();
    const entry = this.#entries.get(name);
    if (entry && entry.digest === digest && at - entry.at <= MAX_AGE_MS && at >= entry.at) {
      const under = this.box.sealedUnder(sealed);
      if (under) await this.keys.assertUsable(under);
      return entry.policies;
    }
    this.#entries.delete(name);
    // Shared by every call that hits the entry: frozen, so no caller can change another's guardrail.
    const policies = deepFreeze(await openPolicies(this.box, context, sealed));
    while (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(name, { digest, policies, at });
    return policies;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
