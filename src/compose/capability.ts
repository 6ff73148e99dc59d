import type { Logger } from "pino";
import type { ResolvedConfig } from "../config/index.js";
import type { SecretBox } from "../crypto/index.js";
import type { AuthScheme } from "../http/authenticate.js";
import type { PipelineHooks } from "../http/hooks.js";
import type { ExchangeObserver, Journal } from "../http/observe.js";
import type { Operation } from "../http/operation.js";
import type { Clock } from "../kernel/index.js";
import type { Store } from "../store/index.js";
import type { RedisLink } from "../redis/connect.js";
import type { Peers } from "./peers.js";
import type { NodeQuotas } from "./quotas.js";

/**
 * What every capability is built from: the configuration, the operator's log, the clock, the
 * store and the secret box. Nothing else is shared between capabilities except what one hands
 * another explicitly (the model catalogue, the authorizer).
 */
export interface Foundation {
  readonly config: ResolvedConfig;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly store: Store;
  /** Seals stored values: under a named KMS key, else the account's default key, else the root key. */
  readonly box: SecretBox;
  /** Seals under the root key only: KMS key material, which `box` itself depends on. */
  readonly rootBox: SecretBox;
  /** The other worker processes of this node, when `plinth start --workers N` runs more than one. */
  readonly peers?: Peers;
  /** With several worker processes: the node's quota buckets, which the primary holds. */
  readonly nodeQuotas?: NodeQuotas;
  /** Redis shared with the other nodes, when configured (quotas; `peers` then reaches them too). */
  readonly redis?: RedisLink;
}

/**
 * A capability plugs into the pipeline as one value: its operations (each declared once per
 * surface in http/surface.ts), the authentication schemes it brings, its hooks (admission,
 * guards) and observers, and how to close it. main.ts is the list of them.
 */
export interface Capability {
  readonly name: string;
  readonly operations: readonly Operation[];
  /** In the order they are tried; a scheme that never declines (SigV4) must come last overall. */
  readonly authSchemes?: readonly AuthScheme[];
  readonly hooks?: PipelineHooks;
  readonly observers?: readonly ExchangeObserver[];
  /** The audit trail's journal, which every answer waits for; at most one capability brings it. */
  readonly journal?: Journal;
  close?(): Promise<void>;
}

/** The capabilities' hooks, in capability order, as one set for the pipeline. */
export function mergedHooks(capabilities: readonly Capability[]): Required<PipelineHooks> {
  return {
    admission: capabilities.flatMap((c) => c.hooks?.admission ?? []),
    inputGuards: capabilities.flatMap((c) => c.hooks?.inputGuards ?? []),
    outputGuards: capabilities.flatMap((c) => c.hooks?.outputGuards ?? []),
  };
}
