import { Authentication, SigV4Scheme } from "../http/authenticate.js";
import { resourcePolicyOperations } from "../http/bedrock/resource-policy-routes.js";
import { suppliedConditionKeys } from "../http/condition-keys.js";
import { iamOperations } from "../http/iam/index.js";
import { organizationsOperations } from "../http/organizations/index.js";
import { stsOperations } from "../http/sts/index.js";
import { loadIamCatalog } from "../policy/index.js";
import { PolicyAuthorizer } from "../service/authorization/index.js";
import type { ModelCatalogue } from "../service/catalogue.js";
import { AccessKeyUsage, CredentialResolver } from "../service/identity/index.js";
import { IamService } from "../service/iam/index.js";
import { OrganizationService } from "../service/organizations/index.js";
import type { PolicyChanges } from "../service/policy-changes.js";
import { ResourcePolicyService, foundationModels, guardrails } from "../service/resource-policies/index.js";
import { SessionTokens, TemporaryCredentialResolver } from "../service/sts/index.js";
import { bedrockApiKeys } from "./api-keys.js";
import type { Capability, Foundation } from "./capability.js";
import { RelayedPolicyChanges, relayedForget } from "./peers.js";
import { adviseInLog, compilerWith, policySources } from "./identity.js";

/** Identity and access: who is calling, and what they may do. */
export interface Access extends Capability {
  /** Every request's authorisation, over the policies this capability stores. */
  readonly authorizer: PolicyAuthorizer;
  /** Where writes to what authorisation reads are announced (KMS key policies too). */
  readonly changes: PolicyChanges;
  /** The policy compiler over the shared catalog, as every service storing policies uses it. */
  readonly compile: ReturnType<typeof compilerWith>;
  readonly authSchemes: NonNullable<Capability["authSchemes"]>;
}

/**
 * IAM, STS, Organizations and Bedrock resource policies, the authorizer that reads them, and the
 * authentication schemes (Bedrock API keys, then SigV4). Writes announce themselves on one
 * change notifier, so the authorizer on this node forgets what changed before the next request.
 */
export async function accessCapability({ config, logger, clock, store, box, peers }: Foundation, catalogue: ModelCatalogue): Promise<Access> {
  const catalog = loadIamCatalog();
  const supplied = suppliedConditionKeys();
  const advise = adviseInLog(logger);
  const compile = compilerWith(catalog, supplied, advise);
  // With several workers, a change made through one reaches the caches of all at once.
  const changes = new RelayedPolicyChanges(peers);

  const organizations = new OrganizationService({ organizations: store.organization, identity: store.identity, iam: store.iam, meta: store.meta, compile, clock, changes });
  const organization = await organizations.ensureOrganization();
  const resourcePolicies = new ResourcePolicyService({
    store: store.resourcePolicies, identity: store.identity, compile, kinds: [foundationModels(catalogue), guardrails(store.guardrails)], region: config.region, changes,
  });
  const authorizer = new PolicyAuthorizer(policySources(store, organizations, resourcePolicies), clock, catalog, changes);

  const credentials = new CredentialResolver(store.identity, box, clock);
  const tokens = new SessionTokens(box, clock);
  const signing = new TemporaryCredentialResolver(credentials, tokens);
  const maxSkewSeconds = config.server.signatureMaxSkewSeconds;
  const apiKeys = bedrockApiKeys({ credentials: store.serviceCredentials, box, clock, signing, region: config.region, maxSkewSeconds });
  const iam = new IamService({
    identity: store.identity, iam: store.iam, box, clock, catalog, supplied, advise, changes,
    forgetAccessKey: relayedForget(peers, "access-key", (accessKeyId) => credentials.forget(accessKeyId)),
    serviceCredentials: store.serviceCredentials, forgetServiceCredential: relayedForget(peers, "service-credential", (alias) => apiKeys.forget(alias)),
    // The refusal carries the device, the caller, the run of failures and any lock; never the code.
    onMfaRefusal: (refusal) => logger.warn(refusal, "MFA code refused"),
  });
  const usage = new AccessKeyUsage(store.identity, clock, () => logger.warn("could not record access key use"));

  return {
    name: "access",
    authorizer,
    changes,
    compile,
    operations: [
      ...resourcePolicyOperations({ resourcePolicies }),
      ...iamOperations(iam),
      ...stsOperations({ tokens, roles: store.iam, mfa: iam.mfaVerifier, callers: authorizer, clock, catalog }),
      ...organizationsOperations({ service: organizations, organization }),
    ],
    // SigV4 never declines: it comes last.
    authSchemes: [apiKeys.scheme, new SigV4Scheme(signing, clock, config.region, maxSkewSeconds, usage)],
  };
}

/**
 * The schemes of every capability, in capability order, except that SigV4 goes last whoever
 * brings it: it never declines, so a scheme after it would never be tried.
 */
export function authenticationOf(capabilities: readonly Capability[]): Authentication {
  const schemes = capabilities.flatMap((c) => c.authSchemes ?? []);
  return new Authentication([...schemes.filter((s) => s.name !== "sigv4"), ...schemes.filter((s) => s.name === "sigv4")]);
}
