import { invalid } from "../../kernel/index.js";
import { aliasArn } from "../../service/kms/index.js";
import type { KmsService } from "../../service/kms/index.js";
import type { KmsAliasRecord } from "../../store/index.js";
import type { Operation } from "../operation.js";
import { aliasEntry } from "./encode.js";
import { optInt, optString, string } from "./members.js";
import { keyFacts, onKey, rpc } from "./rpc.js";
import type { OnKey } from "./rpc.js";

/** An alias's target and ListAliases' KeyId: a key id or key ARN of the caller's own account, as in KMS. */
const OWN_KEY = { aliases: false, crossAccount: false } as const;

interface AliasOn {
  readonly alias: KmsAliasRecord;
  /** The key the alias points at now. */
  readonly current: OnKey<undefined>;
}

/**
 * Aliases, authorised as KMS does: on the alias (its ARN: identity policies only) and on each
 * key involved (the key policy must allow too). A bare key id or alias names the caller's own.
 */
export function aliasOperations(kms: KmsService, region: string): Operation[] {
  const resolveAlias = async (name: string, caller: { accountId: string }): Promise<AliasOn> => {
    const alias = await kms.aliases.get(caller, name);
    return { alias, current: await onKey(kms, undefined, caller, alias.keyId, OWN_KEY) };
  };
  const arnOf = (a: KmsAliasRecord): string => aliasArn(region, a.accountId, a.aliasName);
  return [
    rpc<{ name: string; target: string }, { name: string; aliasArn: string; target: OnKey<undefined> }, void>({
      name: "CreateAlias", members: ["AliasName", "TargetKeyId"],
      decode: (o) => ({ name: string(o, "AliasName", 1, 256), target: string(o, "TargetKeyId", 1, 2048) }),
      resolve: async (i, caller) => ({ name: i.name, aliasArn: aliasArn(region, caller.accountId, i.name), target: await onKey(kms, undefined, caller, i.target, OWN_KEY) }),
      resource: (r) => r.target.target.key.arn,
      keys: (r) => keyFacts(r.target),
      also: (r) => [{ resource: r.aliasArn }],
      audit: (r) => ({ aliasName: r.name, targetKeyId: r.target.target.key.arn }),
      invoke: (r, caller) => kms.aliases.create(caller, r.name, r.target.target.key),
      encode: () => ({}),
    }),
    rpc<{ name: string; target: string }, AliasOn & { target: OnKey<undefined> }, void>({
      name: "UpdateAlias", members: ["AliasName", "TargetKeyId"],
      decode: (o) => ({ name: string(o, "AliasName", 1, 256), target: string(o, "TargetKeyId", 1, 2048) }),
      resolve: async (i, caller) => ({ ...(await resolveAlias(i.name, caller)), target: await onKey(kms, undefined, caller, i.target, OWN_KEY) }),
      resource: (r) => r.target.target.key.arn,
      keys: (r) => keyFacts(r.target),
      also: (r) => [{ resource: arnOf(r.alias) }, { resource: r.current.target.key.arn, keys: keyFacts(r.current) }],
      audit: (r) => ({ aliasName: r.alias.aliasName, targetKeyId: r.target.target.key.arn }),
      invoke: (r, caller) => kms.aliases.update(caller, r.alias, r.target.target.key),
      encode: () => ({}),
    }),
    rpc<{ name: string }, AliasOn, void>({
      name: "DeleteAlias", members: ["AliasName"],
      decode: (o) => ({ name: string(o, "AliasName", 1, 256) }),
      resolve: (i, caller) => resolveAlias(i.name, caller),
      resource: (r) => r.current.target.key.arn,
      keys: (r) => keyFacts(r.current),
      also: (r) => [{ resource: arnOf(r.alias) }],
      audit: (r) => ({ aliasName: r.alias.aliasName, targetKeyId: r.current.target.key.arn }),
      invoke: (r, caller) => kms.aliases.delete(caller, r.alias),
      encode: () => ({}),
    }),
    rpc<{ keyId?: string }, { keyId?: string }, KmsAliasRecord[]>({
      name: "ListAliases", members: ["KeyId", "Limit", "Marker"],
      decode: (o) => {
        optInt(o, "Limit", 1, 100);
        if (optString(o, "Marker", 1, 1024) !== undefined) throw invalid("Marker", "Every alias is listed on the first page: there is no next page");
        const keyId = optString(o, "KeyId", 1, 2048);
        return keyId === undefined ? {} : { keyId };
      },
      // KMS lists a key's aliases by its id or ARN; resolving it here keeps the filter canonical.
      resolve: async (i, caller) => (i.keyId === undefined ? {} : { keyId: (await kms.keys.resolver.resolve(caller, i.keyId, OWN_KEY)).key.keyId }),
      resource: () => "*",
      invoke: (r, caller) => kms.aliases.list(caller, r.keyId),
      encode: (aliases) => ({ Aliases: aliases.map(aliasEntry), Truncated: false }),
    }),
  ];
}
