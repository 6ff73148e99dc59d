import { randomUUID } from "node:crypto";
import type { AuditFields, NotedGuardrailEvaluation, Principal, RequestNotes, TlsFacts } from "../kernel/index.js";
import type { AuditEvent, AuditResource, AuditUserIdentity } from "./event.js";

/**
 * What one finished API call tells the audit trail: the content-free facts the pipeline kept
 * (its ExchangeRecord has this shape). The builder below copies fields one by one into
 * CloudTrail's record: nothing reaches the record that is not named here.
 */
export interface CallFacts {
  readonly requestId: string;
  readonly receivedAt: Date;
  readonly sourceIp: string;
  readonly listener: string;
  readonly sourceVpce?: string;
  readonly userAgent?: string;
  readonly operation?: string;
  readonly service?: string;
  readonly resource?: string;
  readonly subject?: string;
  readonly processingRegion?: string;
  readonly principal?: Principal;
  readonly accessKeyId?: string;
  readonly authScheme?: string;
  readonly region: string;
  readonly tls?: TlsFacts;
  readonly host?: string;
  readonly notes: RequestNotes;
  readonly decision?: { readonly allowed: boolean; readonly statements: readonly { readonly policy: string; readonly kind: string; readonly sid?: string; readonly index: number; readonly effect: string }[] };
  readonly refusedAt?: string;
  readonly status: number;
  readonly errorName?: string;
}

export interface RecordSettings {
  /** The account a call is recorded for when no principal was established (failed authentication). */
  readonly defaultAccountId: string;
  /** Where the record says the call was served: the node that wrote it. */
  readonly node: string;
}

/** CloudTrail truncates the user agent at 1 KB. */
const MAX_USER_AGENT = 1024;

const SOURCES: Readonly<Record<string, string>> = {
  bedrock: "bedrock.amazonaws.com", iam: "iam.amazonaws.com", sts: "sts.amazonaws.com",
  organizations: "organizations.amazonaws.com", cloudtrail: "cloudtrail.amazonaws.com", kms: "kms.amazonaws.com",
};

/**
 * Calls that change nothing. CloudTrail marks model invocations read-only too, whatever the
 * surface: the OpenAI-compatible ones are named for OpenAI's operations (CreateChatCompletion, ...).
 */
const READ_ONLY = /^(Get|List|Describe|Lookup|Simulate|Count|Invoke|Converse|Apply|Health|RetrieveModel$|Create(ChatCompletion|Response|Embedding)$)/;
/** Model invocations through the other API surfaces, named as those APIs name them: read-only too. */
const READ_ONLY_CALLS: ReadonlySet<string> = new Set(["CreateMessage"]);

/** The answer per event name, found once: the names are the server's operations (and "UnknownOperation"), a short list. */
const READ_ONLY_BY_NAME = new Map<string, boolean>();
const MAX_NAMES = 1024;

function isReadOnly(eventName: string): boolean {
  let readOnly = READ_ONLY_BY_NAME.get(eventName);
  if (readOnly === undefined) {
    readOnly = READ_ONLY.test(eventName) || READ_ONLY_CALLS.has(eventName);
    if (READ_ONLY_BY_NAME.size >= MAX_NAMES) READ_ONLY_BY_NAME.clear();
    READ_ONLY_BY_NAME.set(eventName, readOnly);
  }
  return readOnly;
}

/** Runtime calls whose requestParameters are the resolved model id when the operation noted nothing else. */
const MODEL_CALLS = new Set(["Converse", "ConverseStream", "InvokeModel", "InvokeModelWithResponseStream", "CountTokens"]);

export function auditEvent(call: CallFacts, settings: RecordSettings): AuditEvent {
  const identity = userIdentity(call);
  const account = call.principal?.accountId ?? settings.defaultAccountId;
  const eventName = call.operation ?? "UnknownOperation";
  const requestParameters = call.notes.requestParameters
    ?? (MODEL_CALLS.has(eventName) && call.subject !== undefined ? { modelId: call.subject } : null);
  return {
    eventVersion: "1.09",
    userIdentity: identity,
    eventTime: call.receivedAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource: SOURCES[call.service ?? ""] ?? "plinth",
    eventName,
    awsRegion: call.region,
    sourceIPAddress: call.sourceIp,
    ...(call.userAgent === undefined ? {} : { userAgent: call.userAgent.slice(0, MAX_USER_AGENT) }),
    // The error's name only: its message may quote what the caller sent.
    ...(call.errorName === undefined ? {} : { errorCode: call.errorName }),
    requestParameters,
    responseElements: call.notes.responseElements ?? null,
    additionalEventData: decisionFacts(call, settings),
    requestID: call.requestId,
    eventID: randomUUID(),
    readOnly: isReadOnly(eventName),
    ...(call.resource?.startsWith("arn:") ? { resources: [resourceOf(call.resource, account)] } : {}),
    eventType: "AwsApiCall",
    managementEvent: true,
    eventCategory: "Management",
    recipientAccountId: account,
    ...(call.sourceVpce === undefined ? {} : { vpcEndpointId: call.sourceVpce }),
    ...(call.tls === undefined ? {} : {
      tlsDetails: { tlsVersion: call.tls.protocol, cipherSuite: call.tls.cipher, ...(call.host === undefined ? {} : { clientProvidedHostHeader: call.host }) },
    }),
  };
}

function userIdentity(call: CallFacts): AuditUserIdentity {
  const p = call.principal;
  const credentialType = call.authScheme === undefined ? {} : { credentialType: call.authScheme };
  if (p === undefined) {
    // Authentication failed: the key id the caller claimed is all there is (CloudTrail records it too).
    return { type: "Unknown", ...(call.accessKeyId === undefined ? {} : { accessKeyId: call.accessKeyId }), ...credentialType };
  }
  const session = p.session === undefined ? {} : {
    sessionContext: {
      ...(p.roleArn !== undefined && p.roleId !== undefined ? {
        sessionIssuer: { type: "Role" as const, principalId: p.roleId, arn: p.roleArn, accountId: p.accountId, userName: p.roleArn.slice(p.roleArn.lastIndexOf("/") + 1) },
      } : {}),
      attributes: { creationDate: p.session.issuedAt.toISOString().replace(/\.\d{3}Z$/, "Z"), mfaAuthenticated: p.session.mfaAuthenticatedAt ? "true" as const : "false" as const },
    },
  };
  return {
    type: p.type, principalId: p.userId, arn: p.arn, accountId: p.accountId, accessKeyId: p.accessKeyId,
    ...(p.type === "IAMUser" ? { userName: p.userName } : {}),
    ...session,
    ...credentialType,
  };
}

/** additionalEventData: why the call ended as it did (the decision, the step that refused, the retention mode, where it ran). */
function decisionFacts(call: CallFacts, settings: RecordSettings): AuditFields {
  const n = call.notes;
  const facts: Record<string, AuditFields[string]> = { listener: call.listener, status: call.status, node: settings.node };
  if (call.decision !== undefined) {
    facts["decision"] = {
      allowed: call.decision.allowed,
      statements: call.decision.statements.map((s) => `${s.effect} ${s.kind} ${s.policy}#${s.sid ?? s.index}`),
    };
  }
  if (call.refusedAt !== undefined && call.status >= 400) facts["refusedAt"] = call.refusedAt;
  if (n.retentionMode !== undefined) facts["dataRetentionMode"] = n.retentionMode;
  const region = n.residency?.processingRegion ?? call.processingRegion;
  if (region !== undefined) facts["inferenceRegion"] = region;
  if (n.guardrail !== undefined) {
    facts["guardrail"] = {
      identifier: n.guardrail.identifier, version: n.guardrail.version, action: n.guardrail.action,
      ...(n.guardrail.origin === undefined ? {} : { origin: n.guardrail.origin }),
      ...(n.guardrail.policies === undefined ? {} : { policies: [...n.guardrail.policies] }),
      ...(n.guardrail.pseudonymised === undefined ? {} : { pseudonymised: n.guardrail.pseudonymised }),
      ...(n.guardrail.evaluations === undefined ? {} : { evaluations: n.guardrail.evaluations.map(evaluationFacts) }),
    };
  }
  if (n.personalData !== undefined) facts["personalDataInLabels"] = Object.fromEntries(n.personalData.map((p) => [p.field, [...p.types]]));
  if (n.usage !== undefined) facts["usage"] = { inputTokens: n.usage.inputTokens, outputTokens: n.usage.outputTokens };
  return facts;
}

/**
 * One guardrail's evaluation of one direction (README, "The audit trail"): what it did, always;
 * what it found, only when it found something. Copied member by member from the note.
 */
function evaluationFacts(e: NotedGuardrailEvaluation): AuditFields {
  const found: Record<string, AuditFields[string]> = {
    identifier: e.identifier, version: e.version, origin: e.origin, source: e.source, action: e.action, outcome: e.outcome,
    evaluations: e.evaluations, policies: [...e.policies],
  };
  if (Object.keys(e.piiEntities).length > 0) found["piiEntities"] = { ...e.piiEntities };
  if (e.regexes.length > 0) found["regexes"] = e.regexes.map((r) => ({ index: r.index, count: r.count }));
  if (e.topics.length > 0) found["topics"] = [...e.topics];
  if (Object.keys(e.contentFilters).length > 0) found["contentFilters"] = { ...e.contentFilters };
  if (e.customWords > 0) found["customWords"] = e.customWords;
  if (e.managedWords > 0) found["managedWords"] = e.managedWords;
  if (e.contextualGrounding.length > 0) found["contextualGrounding"] = [...e.contextualGrounding];
  return found;
}

/** `arn:aws:bedrock:eu-west-2:123:foundation-model/x` → AWS::Bedrock::FoundationModel. */
function resourceOf(arn: string, fallbackAccount: string): AuditResource {
  const parts = arn.split(":");
  const service = parts[2] ?? "";
  const kind = (parts.slice(5).join(":").split(/[/:]/)[0] ?? "") || service;
  return { ARN: arn, accountId: parts[4] || fallbackAccount, type: resourceType(service, kind) };
}

/**
 * The type names of the few (service, kind) pairs plinth has, made once each: every audited call
 * on a resource needs one. Bounded, as the pairs come from ARNs a caller may have written.
 */
const TYPES = new Map<string, string>();
const MAX_TYPES = 256;

function resourceType(service: string, kind: string): string {
  const key = `${service}:${kind}`;
  let type = TYPES.get(key);
  if (type === undefined) {
    type = `AWS::${pascal(service)}::${pascal(kind)}`;
    if (TYPES.size >= MAX_TYPES) TYPES.clear();
    TYPES.set(key, type);
  }
  return type;
}

function pascal(s: string): string {
  return s.split("-").map((w) => (w === "iam" || w === "sts" || w === "kms" ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1))).join("");
}
