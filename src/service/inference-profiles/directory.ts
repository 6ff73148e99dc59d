import { Fault, invalid, parseArn } from "../../kernel/index.js";
import type { InferenceProfileRecord, Tag } from "../../store/index.js";
import { idInOwnArn } from "../resources/own-arn.js";
import { ModelResolver } from "../resources/models.js";
import type { ResolvedModel } from "../resources/models.js";
import type { ApplicationProfiles } from "./application-profiles.js";
import { notFound } from "./application-profiles.js";
import { splitProfileId } from "./geography.js";

export type ProfileType = "SYSTEM_DEFINED" | "APPLICATION";

/** A profile as GetInferenceProfile and ListInferenceProfiles show it. */
export interface InferenceProfileView {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly description?: string;
  readonly type: ProfileType;
  readonly modelArns: readonly string[];
  readonly createdAt?: Date;
  readonly updatedAt?: Date;
}

/** A profile the control plane names, canonical: its ARN (what policies see) and, for an application profile, its record. */
export interface ProfileTarget {
  readonly arn: string;
  readonly id: string;
  readonly type: ProfileType;
  /** Absent for a system profile, or an application profile that does not exist (refused after authorisation). */
  readonly record?: InferenceProfileRecord;
  /** The target's `aws:ResourceTag/*` keys. */
  readonly tags: readonly Tag[];
}

export interface ProfilePage {
  readonly profiles: readonly InferenceProfileView[];
  readonly nextToken?: string;
}

/**
 * The control plane's view of inference profiles: the system-defined ones this deployment offers
 * (from the catalogue and the residency rule) and each account's application profiles. Names
 * are resolved once here, as ModelResolver does for invocations.
 */
export class InferenceProfileDirectory {
  constructor(private readonly models: ModelResolver, private readonly applications: ApplicationProfiles, private readonly region: string) {}

  /** An id or ARN of a system or application profile, in its one canonical form. */
  async target(identifier: string, accountId: string, field = "inferenceProfileIdentifier"): Promise<ProfileTarget> {
    let id = identifier;
    let type: ProfileType | undefined;
    if (identifier.startsWith("arn:")) {
      const resourceType = parseArn(identifier)?.resource.split("/")[0];
      const kind = resourceType === "application-inference-profile" ? resourceType : "inference-profile";
      id = idInOwnArn(identifier, { region: this.region, account: accountId }, { service: "bedrock", resourceType: kind, field });
      type = kind === "inference-profile" ? "SYSTEM_DEFINED" : "APPLICATION";
    }
    type ??= splitProfileId(id) ? "SYSTEM_DEFINED" : "APPLICATION";
    if (type === "SYSTEM_DEFINED") return { arn: this.models.system.arn(id, accountId), id, type, tags: [] };
    const record = await this.applications.find(accountId, id);
    return { arn: this.applications.arn(accountId, id), id, type, tags: record?.tags ?? [], ...(record ? { record } : {}) };
  }

  /** A taggable resource's ARN: plinth tags application profiles only. */
  async taggable(resourceArn: string, accountId: string): Promise<ProfileTarget> {
    if (parseArn(resourceArn)?.resource.startsWith("application-inference-profile/") !== true) {
      throw invalid("resourceARN", "plinth tags application inference profiles only (arn:aws:bedrock:<region>:<account>:application-inference-profile/<id>)");
    }
    return this.target(resourceArn, accountId, "resourceARN");
  }

  /** After authorisation: the profile, or not found. */
  async view(target: ProfileTarget, accountId: string): Promise<InferenceProfileView> {
    if (target.type === "APPLICATION") {
      if (!target.record) throw notFound();
      return this.#application(target.record);
    }
    const found = this.models.system.find(target.id);
    if (!found || found.problem) throw notFound();
    return this.#system(found.profile.id, accountId);
  }

  /** System profiles first (in id order), then the account's application profiles; the token says where the page ended. */
  async list(accountId: string, type: ProfileType | undefined, maxResults: number, nextToken: string | undefined): Promise<ProfilePage> {
    const from = nextToken === undefined ? { kind: "s", after: "" } : readToken(nextToken);
    const out: InferenceProfileView[] = [];
    if (type !== "APPLICATION" && from.kind === "s") {
      const system = this.models.system.list().filter((p) => p.id > from.after);
      for (const p of system.slice(0, maxResults)) out.push(this.#system(p.id, accountId));
      if (system.length > maxResults) return { profiles: out, nextToken: token("s", out[out.length - 1]!.id) };
    }
    if (type !== "SYSTEM_DEFINED") {
      const room = maxResults - out.length;
      if (room === 0) return { profiles: out, nextToken: token("a", "") };
      const records = await this.applications.list(accountId, from.kind === "a" && from.after !== "" ? from.after : undefined, room + 1);
      for (const r of records.slice(0, room)) out.push(this.#application(r));
      if (records.length > room) return { profiles: out, nextToken: token("a", records[room - 1]!.profileId) };
    }
    return { profiles: out };
  }

  /** CreateInferenceProfile's source (a foundation model or system profile ARN), resolved by the one resolver. */
  source(copyFrom: string, accountId: string): Promise<ResolvedModel> {
    return this.models.resolveInvocation(copyFrom, accountId, "modelSource.copyFrom");
  }

  /** After authorisation: the source must serve here now (a model that exists; a profile this deployment allows). */
  static requireServable(source: ResolvedModel): void {
    ModelResolver.entryOf(source, "modelSource.copyFrom");
  }

  #system(id: string, accountId: string): InferenceProfileView {
    const { profile } = this.models.system.find(id)!;
    return {
      id, arn: this.models.system.arn(id, accountId), type: "SYSTEM_DEFINED", name: this.models.system.name(profile),
      description: this.models.system.description(profile), modelArns: this.models.system.foundationModelArns(profile),
    };
  }

  #application(r: InferenceProfileRecord): InferenceProfileView {
    const source = parseArn(r.sourceArn)?.resource ?? "";
    const system = source.startsWith("inference-profile/") ? this.models.system.find(source.slice("inference-profile/".length)) : undefined;
    const modelArns = system ? this.models.system.foundationModelArns(system.profile) : [r.sourceArn];
    return {
      id: r.profileId, arn: this.applications.arn(r.accountId, r.profileId), type: "APPLICATION", name: r.name,
      ...(r.description !== undefined ? { description: r.description } : {}), modelArns, createdAt: r.createdAt, updatedAt: r.updatedAt,
    };
  }
}

function token(kind: "s" | "a", after: string): string {
  return Buffer.from(JSON.stringify({ kind, after })).toString("base64url");
}

function readToken(text: string): { kind: "s" | "a"; after: string } {
  try {
    const parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as { kind?: unknown; after?: unknown };
    if ((parsed.kind === "s" || parsed.kind === "a") && typeof parsed.after === "string" && parsed.after.length <= 256) return { kind: parsed.kind, after: parsed.after };
  } catch { /* refused below */ }
  throw new Fault("validation", "The nextToken is not one this service issued", { field: "nextToken" });
}
