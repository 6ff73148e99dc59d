import type { GuardrailPolicies } from "../../guardrails/config.js";
import type { ResolvedGuardrail } from "./directory.js";

/**
 * Compiled guardrail versions, kept so a hot guardrail is compiled once rather than per request
 * (compiling builds regex sets and topic vectors). Keyed by ARN, version and revision: a DRAFT's
 * revision changes when it is edited, so an edit is never served from a stale entry. Bounded,
 * least recently used out first, so a caller cycling through many versions cannot grow it.
 */
export class CompiledCache<C> {
  readonly #entries = new Map<string, C>();

  constructor(private readonly compile: (policies: GuardrailPolicies) => C, private readonly capacity = 256) {}

  get(guardrail: ResolvedGuardrail): C {
    const key = `${guardrail.arn}\u0000${guardrail.version}\u0000${guardrail.revision}`;
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const compiled = this.compile(guardrail.policies);
    this.#entries.set(key, compiled);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    return compiled;
  }

  get size(): number {
    return this.#entries.size;
  }
}
