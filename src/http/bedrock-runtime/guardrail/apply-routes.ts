import type { Evaluation } from "../../../guardrails/ports.js";
import type { RequestContext } from "../../../kernel/index.js";
import type { ResolvedGuardrail } from "../../../service/guardrails/directory.js";
import type { GuardrailUse, ResourceTag } from "../../../service/guardrails/gate.js";
import { usedGuardrailArn } from "../../../service/resources/index.js";
import { SIGV4_OR_BEARER } from "../../authenticate.js";
import { defineOperation } from "../../operation.js";
import type { Operation } from "../../operation.js";
import { parseJsonBody, requireJsonContentType } from "../json-body.js";
import { decodeApplyGuardrail } from "./apply-decode.js";
import type { ApplyGuardrailInput } from "./apply-decode.js";
import { encodeApplyGuardrailOutput } from "./apply-encode.js";

export const GUARDRAIL_RUNTIME_OPERATION_NAMES = ["ApplyGuardrail"] as const;

/** The runtime's one use case for this surface (service/guardrails/runtime.ts). */
export interface GuardrailApplier {
  useOf(accountId: string, guardrailArn: string, version: string, ctx?: RequestContext): Promise<GuardrailUse>;
  apply(
    identifier: string, version: string, source: "INPUT" | "OUTPUT", texts: readonly string[], ctx: RequestContext,
    options?: {
      readonly grounding?: { readonly sources: readonly string[]; readonly queries: readonly string[] };
      /** All the content's text, evaluated or not (the coverage's total). */
      readonly totalCharacters?: number;
    },
  ): Promise<{ guardrail: ResolvedGuardrail; evaluation: Evaluation }>;
}

type Resolved = ApplyGuardrailInput & { readonly arn: string; readonly tags: readonly ResourceTag[]; readonly keyArn?: string };

/**
 * ApplyGuardrail (bedrock-runtime): a guardrail version run over texts without a model. Texts
 * qualified only as `grounding_source` or `query` are the contextual-grounding check's reference
 * and question, not content to filter, so they are not evaluated by the other policies; the
 * grounding check (source OUTPUT) scores the guarded texts, the answer, against them.
 */
export function guardrailRuntimeOperations(guardrails: GuardrailApplier): Operation[] {
  return [
    defineOperation<ApplyGuardrailInput, { evaluation: Evaluation; guardrail: ResolvedGuardrail; outputScope: ApplyGuardrailInput["outputScope"] }, Resolved>({
      name: "ApplyGuardrail", method: "POST", path: "/guardrail/{guardrailIdentifier}/version/{guardrailVersion}/apply",
      signingService: "bedrock", authSchemes: SIGV4_OR_BEARER,
      action: "bedrock:ApplyGuardrail",
      decode: ({ params, body, header }) => (requireJsonContentType(header("content-type")),
        decodeApplyGuardrail({ identifier: params["guardrailIdentifier"]!, version: params["guardrailVersion"]! }, parseJsonBody(body, {}))),
      resolve: async (input, ctx) => {
        const arn = usedGuardrailArn(input.identifier, ctx.region, ctx.principal.accountId);
        const use = await guardrails.useOf(ctx.principal.accountId, arn, input.version, ctx);
        return { ...input, arn, tags: use.tags, ...(use.customerKeyArn ? { keyArn: use.customerKeyArn } : {}) };
      },
      resource: (input) => input.arn,
      conditions: (input) => new Map(input.tags.map((t) => [`aws:ResourceTag/${t.key}`, t.value] as const)),
      // The version is opened on the caller's behalf: a customer key's kms:Decrypt too, as Bedrock requires.
      alsoAuthorize: (input) => (input.keyArn ? [{ resource: input.keyArn, action: "kms:Decrypt" }] : []),
      auditParameters: (input) => ({ guardrailIdentifier: input.arn, guardrailVersion: input.version, source: input.source, outputScope: input.outputScope }),
      invoke: async (input, ctx) => {
        const content = input.content.reveal();
        const texts = content.filter((b) => b.qualifiers.length === 0 || b.qualifiers.includes("guard_content")).map((b) => b.text);
        const grounding = {
          sources: content.filter((b) => b.qualifiers.includes("grounding_source")).map((b) => b.text),
          queries: content.filter((b) => b.qualifiers.includes("query")).map((b) => b.text),
        };
        const totalCharacters = content.reduce((n, b) => n + b.text.length, 0);
        const { evaluation, guardrail } = await guardrails.apply(input.arn, input.version, input.source, texts, ctx, { grounding, totalCharacters });
        return { evaluation, guardrail, outputScope: input.outputScope };
      },
      encode: ({ evaluation, guardrail, outputScope }) => ({
        kind: "json", status: 200,
        body: encodeApplyGuardrailOutput(evaluation, outputScope,
          evaluation.facts.source === "INPUT" ? guardrail.policies.blockedInputMessaging : guardrail.policies.blockedOutputsMessaging, guardrail.policies),
      }),
    }),
  ];
}
