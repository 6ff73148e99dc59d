import { Fault, invalid } from "../../kernel/index.js";
import type { RequestContext } from "../../kernel/index.js";
import type { StsDeps } from "./deps.js";
import { checkMfa } from "./mfa-check.js";
import type { IssuedCredentials } from "./session-tokens.js";
import type { GetSessionTokenInput } from "./types.js";

export const SESSION_TOKEN_DURATION = { min: 900, max: 129_600, default: 43_200 } as const;

/**
 * GetSessionToken: temporary credentials for an IAM user, acting with the user's own
 * permissions; with SerialNumber and TokenCode they are MFA-authenticated. As in AWS, only
 * long-term user credentials may call it: not role sessions, nor other temporary credentials.
 */
export async function getSessionToken(deps: StsDeps, input: GetSessionTokenInput, ctx: RequestContext): Promise<IssuedCredentials> {
  const caller = ctx.principal;
  if (caller.type !== "IAMUser" || caller.session !== undefined) {
    throw new Fault("access-denied", "Cannot call GetSessionToken with session credentials");
  }
  const duration = input.durationSeconds ?? SESSION_TOKEN_DURATION.default;
  const { min, max } = SESSION_TOKEN_DURATION;
  if (!Number.isInteger(duration) || duration < min || duration > max) {
    throw invalid("durationSeconds", `Member must have value greater than or equal to ${min} and less than or equal to ${max}`);
  }
  if (input.mfa) await checkMfa(deps.mfa, input.mfa, ctx);
  const now = deps.clock.now();
  return deps.tokens.issue({
    principal: { type: "IAMUser", accountId: caller.accountId, arn: caller.arn, userId: caller.userId, userName: caller.userName },
    issuedAt: now,
    expiresAt: new Date(now.getTime() + duration * 1000),
    ...(input.mfa ? { mfaAuthenticatedAt: now } : {}),
  });
}
