import { PARTITION, invalid } from "../../kernel/index.js";
import { GEOGRAPHIES, placeInside } from "../inference-profiles/index.js";

/**
 * Bedrock's guardrail profiles (`crossRegionConfig.guardrailProfileIdentifier`): the STANDARD
 * tier's way of letting AWS evaluate a guardrail in any region of a geography. plinth evaluates
 * every guardrail in-process, in the deployment's region, so a profile moves nothing; it is
 * accepted so that configurations written for Bedrock create here, and checked as Bedrock checks
 * it: the profile must exist in this region (an `eu.` profile only in EU regions), an ARN must
 * name this region and the caller's account, and the caller must be allowed to use the profile's
 * ARN (authorised beside the guardrail's).
 */
export interface GuardrailProfile {
  /** `<geography>.guardrail.v1:0`. */
  readonly id: string;
  /** `arn:aws:bedrock:<region>:<account>:guardrail-profile/<id>`, as Bedrock answers it. */
  readonly arn: string;
}

const FIELD = "crossRegionConfig.guardrailProfileIdentifier";
const PROFILE = /^(?:arn:(aws(?:-[a-z-]+)?):bedrock:([a-z0-9-]{1,20}):([0-9]{12}):guardrail-profile\/)?([a-z-]+)\.guardrail\.v([0-9]+):0$/;
/** The one version of each profile Bedrock publishes. */
const VERSION = "1";

/** The profile an identifier names, resolved once for this region and account, or a ValidationException naming the field. */
export function resolveGuardrailProfile(identifier: string, region: string, accountId: string): GuardrailProfile {
  const m = PROFILE.exec(identifier);
  if (m === null) throw invalid(FIELD, "Member must be a guardrail profile id such as eu.guardrail.v1:0, or its ARN");
  const [, partition, arnRegion, arnAccount, geography, version] = m;
  if (partition !== undefined && partition !== PARTITION) throw invalid(FIELD, `the ARN's partition ${partition} is not this deployment's (${PARTITION})`);
  if (arnRegion !== undefined && arnRegion !== region) throw invalid(FIELD, `the ARN names ${arnRegion}; guardrail profiles of this deployment are in ${region}`);
  if (arnAccount !== undefined && arnAccount !== accountId) throw invalid(FIELD, "the ARN names another account; a guardrail profile is used in the caller's own account");
  const id = `${geography}.guardrail.v${version}:0`;
  if (!(GEOGRAPHIES as readonly string[]).includes(geography!) || version !== VERSION) throw invalid(FIELD, `there is no guardrail profile ${id}`);
  // A profile of a geography this region is not in does not exist here (as in Bedrock), and
  // accepting one would record a residency the deployment does not keep.
  if (!placeInside(region, geography as (typeof GEOGRAPHIES)[number])) throw invalid(FIELD, `the guardrail profile ${id} is not offered in ${region}, which is outside its geography`);
  return { id, arn: `arn:${PARTITION}:bedrock:${region}:${accountId}:guardrail-profile/${id}` };
}

/** The ARN of a guardrail's profile: the guardrail's region and account, as resolveGuardrailProfile made it. */
export function profileArnOf(guardrailArn: string, profileId: string): string {
  return guardrailArn.replace(/:guardrail\/[^/]*$/, `:guardrail-profile/${profileId}`);
}
