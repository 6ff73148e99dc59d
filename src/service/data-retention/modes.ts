import { Fault, invalid } from "../../kernel/index.js";

/**
 * Bedrock's data-retention modes (PutAccountDataRetention, bedrock 2023-04-20) and what each
 * means in plinth. Two questions decide every request: may the service itself keep anything
 * derived from content beyond the request (Responses `store=true`, background jobs), and may a
 * provider that keeps what it is sent (providers[].retainsData) serve the account?
 *
 * - `none`: neither. plinth's default: an account that never chose is here.
 * - `default`: Bedrock's "the service's standard behaviour"; plinth's standard behaviour is
 *   `none`, so it means the same.
 * - `inherit`: take the mode of the level above. Bedrock's levels are project → account →
 *   organisation; plinth has no projects and no organisation-wide mode, so the level above an
 *   account is the deployment, whose mode is `none`. An organisation that wants more than that
 *   cannot grant it here; one that wants to forbid more uses bedrock:DataRetentionMode in an SCP.
 * - `aws_review`: Bedrock's "the service may review; not shared with the provider". There is no
 *   reviewer in plinth: it lets the service keep what an owner-enabled feature stores (store=true,
 *   background jobs), and still refuses providers that retain.
 * - `provider_data_share`: both: the service may keep, and retaining providers may serve.
 *
 * Provider-side prompt caches (cachePoint) stay on under every mode: a provider with
 * retainsData false keeps a cache entry no longer than the cache's own life, which is inside the
 * promise; a provider with retainsData true is refused outright unless the account shares.
 */
export const DATA_RETENTION_MODES = ["default", "none", "aws_review", "provider_data_share", "inherit"] as const;
export type DataRetentionMode = (typeof DATA_RETENTION_MODES)[number];

/** What an account that never stated a mode, and `inherit` and `default`, come to. */
export const DEPLOYMENT_MODE: DataRetentionMode = "none";

export interface RetentionPosture {
  /** The stated mode with `default` and `inherit` resolved: none, aws_review or provider_data_share. */
  readonly effective: DataRetentionMode;
  /** The service may keep content-derived state beyond the request (store=true, background). */
  readonly serviceMayRetain: boolean;
  /** Providers configured with retainsData may serve the account. */
  readonly providerMayRetain: boolean;
}

export function isDataRetentionMode(value: unknown): value is DataRetentionMode {
  return typeof value === "string" && (DATA_RETENTION_MODES as readonly string[]).includes(value);
}

export function postureOf(mode: DataRetentionMode): RetentionPosture {
  switch (mode) {
    case "default":
    case "inherit":
    case "none":
      return { effective: "none", serviceMayRetain: false, providerMayRetain: false };
    case "aws_review":
      return { effective: "aws_review", serviceMayRetain: true, providerMayRetain: false };
    case "provider_data_share":
      return { effective: "provider_data_share", serviceMayRetain: true, providerMayRetain: true };
  }
}

/** Refuses a model whose provider keeps what it is sent, unless the account shares data with providers. */
export function requireProviderAllowed(posture: RetentionPosture, modelId: string, retainsData: boolean): void {
  if (!retainsData || posture.providerMayRetain) return;
  throw new Fault(
    "validation",
    `The model ${modelId} is served by a provider that retains request data, and this account's data-retention mode is ` +
      `${posture.effective}: only provider_data_share allows such a model (PutAccountDataRetention).`,
    { field: "modelId" },
  );
}

/**
 * Refuses a request that asks the service to keep content beyond the request (`field` names
 * what asked: `store`, `background`) unless the mode allows it. Surfaces that offer such
 * features call this, directly or through the admission hook (RetainingRequest).
 */
export function requireServiceRetentionAllowed(posture: RetentionPosture, field: string): void {
  if (posture.serviceMayRetain) return;
  throw invalid(field, `this account's data-retention mode is ${posture.effective}, under which the service keeps nothing derived from content; ` +
    "set a mode that allows retention (PutAccountDataRetention) or leave this out");
}
