import { chmod, mkdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pino } from "pino";
import type { Logger } from "pino";
import { loadConfig } from "./config/index.js";
import type { ResolvedConfig } from "./config/index.js";
import { buildProvider, catalogueModel, discoveredLocalModels } from "./compose/providers.js";
import { EnvelopeSecretBox, loadOrCreateRootKey, rootKeyring } from "./crypto/index.js";
import { systemClock } from "./kernel/index.js";
import { accessLog } from "./http/access-log.js";
import { Authentication, SigV4Scheme } from "./http/authenticate.js";
import { bedrockOperations } from "./http/bedrock/routes.js";
import { bedrockRuntimeOperations } from "./http/bedrock-runtime/routes.js";
import { Edge } from "./http/edge.js";
import { Pipeline } from "./http/pipeline.js";
import { Router } from "./http/router.js";
import { startListeners } from "./http/listeners.js";
import { assertSurfaceComplete } from "./http/surface.js";
import { iamOperations } from "./http/iam/index.js";
import { organizationsOperations } from "./http/organizations/index.js";
import { resourcePolicyOperations } from "./http/bedrock/resource-policy-routes.js";
import { stsOperations } from "./http/sts/index.js";
import { compilerWith, grantAdministratorAccess, policySources } from "./compose/identity.js";
import { loadIamCatalog } from "./policy/index.js";
import { PolicyAuthorizer } from "./service/authorization/index.js";
import { IamService, ensureAwsManagedPolicies } from "./service/iam/index.js";
import { OrganizationService } from "./service/organizations/index.js";
import { ResourcePolicyService, foundationModels } from "./service/resource-policies/index.js";
import { SessionTokens, TemporaryCredentialResolver } from "./service/sts/index.js";
import { ensureTlsMaterial, loadOperatorTls } from "./http/tls/index.js";
import type { ModelProvider } from "./providers/port.js";
import { ModelCatalogue } from "./service/catalogue.js";
import type { CatalogueModel } from "./service/catalogue.js";
import { AccessKeyUsage, CredentialResolver, bootstrapAdministrator } from "./service/identity/index.js";
import { InferenceService } from "./service/inference.js";
import { ModelResolver } from "./service/resources/index.js";
import { openStore } from "./store/index.js";

/**
 * The composition root: the only place that knows which store, key source and providers are in
 * use. Everything below receives what it needs explicitly.
 */
export interface StartOptions {
  readonly configFile?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly overrides: { dataDir?: string; port?: number; host?: string; databaseUrl?: string };
  readonly logger?: Logger;
}

export interface RunningPlinth {
  readonly url: string;
  readonly region: string;
  readonly dataDir: string;
  readonly credentialsFile: string;
  readonly caFile?: string;
  readonly administratorArn: string;
  readonly newCredentials: boolean;
  readonly modelCount: number;
  close(): Promise<void>;
}

export async function startPlinth(options: StartOptions): Promise<RunningPlinth> {
  const config = loadConfig({ file: options.configFile, env: options.env, overrides: options.overrides });
  const logger = options.logger ?? pino({ level: options.env["PLINTH_LOG_LEVEL"] ?? "info", base: { service: "plinth" } });
  const dataDir = config.server.dataDir;
  await privateDirectory(dataDir, logger);

  const clock = systemClock;
  const rootKey = await loadOrCreateRootKey(dataDir);
  const box = new EnvelopeSecretBox(rootKeyring(rootKey));
  const databaseUrl = config.server.databaseUrl?.reveal();
  const store = await openStore(databaseUrl ? postgresTarget(databaseUrl) : { dataDir });
  const cleanup: Array<() => Promise<void>> = [() => store.close()];
  try {
    const boot = await bootstrapAdministrator(store, box, clock);
    const credentialsFile = join(dataDir, "credentials");
    if (boot.newCredentials) {
      const { accessKeyId, secretAccessKey } = boot.newCredentials;
      await writeFile(credentialsFile, `[default]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey.reveal()}\n`, { mode: 0o600, flag: "w" });
      await chmod(credentialsFile, 0o600);
    }

    const { catalogue, providers } = await buildCatalogue(config);
    cleanup.push(async () => { await Promise.all(providers.map((p) => p.close())); });
    const inference = new InferenceService(catalogue);
    const models = new ModelResolver(catalogue, config.region);
    const catalog = loadIamCatalog();
    const compile = compilerWith(catalog);
    await ensureAwsManagedPolicies(store.iam, clock);
    await grantAdministratorAccess(store, boot.administrator.accountId, boot.administrator.userName);
    const organizations = new OrganizationService({ organizations: store.organization, identity: store.identity, iam: store.iam, meta: store.meta, compile, clock });
    const organization = await organizations.ensureOrganization();
    let authorizer: PolicyAuthorizer | undefined;
    const resourcePolicies = new ResourcePolicyService({
      store: store.resourcePolicies, identity: store.identity, compile, kinds: [foundationModels(catalogue)], region: config.region,
      onChange: (arn) => authorizer?.forgetResource(arn),
    });
    authorizer = new PolicyAuthorizer(policySources(store, organizations, resourcePolicies), clock, catalog);
    const credentials = new CredentialResolver(store.identity, box, clock);
    const tokens = new SessionTokens(box, clock);
    const iam = new IamService({
      identity: store.identity, iam: store.iam, box, clock,
      forgetAccessKey: (accessKeyId) => credentials.forget(accessKeyId),
      authorizeEntity: async (ctx, action, arn) => { await authorizer.authorize(ctx, action, arn); },
    });
    const operations = [
      ...bedrockRuntimeOperations(inference, models), ...bedrockOperations(catalogue, models), ...resourcePolicyOperations({ resourcePolicies }),
      ...iamOperations(iam),
      ...stsOperations({ tokens, roles: store.iam, mfa: iam.mfaVerifier, callers: authorizer, clock, catalog }),
      ...organizationsOperations({ service: organizations, organization }),
    ];
    assertSurfaceComplete(operations);
    const router = new Router(operations);
    const usage = new AccessKeyUsage(store.identity, clock, () => logger.warn("could not record access key use"));
    const pipeline = new Pipeline({
      router,
      edge: new Edge({ region: config.region, trustedProxies: config.server.trustedProxies, secure: !config.server.insecureHttp }, clock),
      authentication: new Authentication([new SigV4Scheme(new TemporaryCredentialResolver(credentials, tokens), clock, config.region, config.server.signatureMaxSkewSeconds, usage)]),
      authorizer,
      observers: [accessLog(logger)],
      onObserverFault: (observer) => logger.error({ observer }, "an observer failed"),
      maxBodyBytes: config.server.maxBodyBytes,
    });
    const tls = config.server.insecureHttp ? undefined
      : config.server.tls ? await loadOperatorTls(config.server.tls)
      : await ensureTlsMaterial({ dataDir, serverNames: config.server.serverNames });
    const listener = await startListeners(pipeline, config.listeners, {
      defaultTls: tls, logger, limits: config.server, trustedProxies: config.server.trustedProxies,
    });
    cleanup.unshift(() => listener.close());
    logger.info({ url: listener.url, region: config.region, models: catalogue.list().length, tls: tls ? "on" : "off" }, "plinth started");
    return {
      url: listener.url, region: config.region, dataDir, credentialsFile, caFile: tls?.caPath,
      administratorArn: boot.administrator.arn, newCredentials: boot.newCredentials !== undefined,
      modelCount: catalogue.list().length,
      close: async () => {
        for (const step of cleanup) await step().catch(() => undefined);
        rootKey.destroy();
      },
    };
  } catch (error) {
    for (const step of cleanup) await step().catch(() => undefined);
    rootKey.destroy();
    throw error;
  }
}

async function buildCatalogue(config: ResolvedConfig): Promise<{ catalogue: ModelCatalogue; providers: ModelProvider[] }> {
  let providerSettings = config.providers;
  let models: CatalogueModel[] = config.models.map((m) => catalogueModel(m, config.providers.find((p) => p.id === m.provider)!));
  if (config.models.length === 0) {
    const local = await discoveredLocalModels(config);
    providerSettings = [...providerSettings, ...local.providers];
    models = local.models;
  }
  const providers = new Map(await Promise.all(providerSettings.map(async (s) => [s.id, await buildProvider(s)] as const)));
  return { catalogue: new ModelCatalogue(models, providers), providers: [...providers.values()] };
}

/**
 * `?schema=name` on the URL picks the PostgreSQL schema for plinth's tables (as Prisma and
 * others spell it), so one database can hold several deployments; pg itself never sees it.
 */
function postgresTarget(databaseUrl: string): { databaseUrl: string; schema?: string } {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get("schema") ?? undefined;
  url.searchParams.delete("schema");
  return { databaseUrl: url.toString(), schema };
}

/** The data directory holds keys and state: only plinth's user may enter it. */
async function privateDirectory(dir: string, logger: Logger): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const mode = (await stat(dir)).mode & 0o777;
  if (mode & 0o077) {
    await chmod(dir, 0o700);
    logger.warn({ dataDir: dir, previousMode: mode.toString(8) }, "tightened data directory permissions to 0700");
  }
}
