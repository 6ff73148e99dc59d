import type { Principal } from "../../kernel/index.js";

export type { CallerFacts, CallerFactsSource } from "../sts/ports.js";

/** A policy document with the label decisions name it by (a policy ARN, or `user/alice:inline/p`). */
export interface LabelledDocument {
  readonly label: string;
  readonly document: string;
  /** For a resource's policy: a KMS key policy is evaluated by KMS's rule (it must allow); default "resource". */
  readonly kind?: "resource" | "key";
}

/** Where policies come from; the composition root adapts the store and the organisation to it. */
export interface PolicySources {
  /** Identity policies (inline and attached, groups' included), boundary and tags of a user or role. */
  principalPolicies(principal: Principal): Promise<{ identity: readonly LabelledDocument[]; boundary?: LabelledDocument; tags: ReadonlyMap<string, string> }>;
  /** Grows on every change that affects the account's policies (IAM and SCPs). */
  changeCounter(accountId: string): Promise<number>;
  /** SCPs by level (root first); empty for the management account, which SCPs never restrict. */
  scpLevels(accountId: string): Promise<readonly (readonly LabelledDocument[])[]>;
  resourcePolicy(resourceArn: string): Promise<LabelledDocument | undefined>;
  organization(): Promise<{ readonly organizationId: string; readonly managementAccountId: string } | undefined>;
}
