import { invalid } from "../../kernel/index.js";

/**
 * What a guardrail's owner opts in to beyond Bedrock's defaults, as tags: every Bedrock client can
 * set a tag (the AWS SDK drops body members its model does not know), TagResource is an audited,
 * IAM-authorised act of its own, and tags are read on every request, so removing one takes
 * effect at once.
 */
type Tags = readonly { readonly key: string; readonly value: string }[];

/** Redact-and-restore (restore.ts): identifiers pseudonymised before the provider, restored in the answer. */
export const REDACT_AND_RESTORE_TAG = "plinth:redact-and-restore";

/**
 * Bedrock's asynchronous stream mode releases text before the guardrail has read it and masks
 * nothing, so a caller asking for it would loosen a guardrail an administrator requires (with
 * the `bedrock:GuardrailIdentifier` condition, say) into one that only cuts the stream after the
 * fact. plinth honours `streamProcessingMode: async` only on a guardrail whose owner allowed it;
 * on any other the stream is guarded synchronously (the caller's answer arrives checked, a little later).
 */
export const ASYNC_STREAMING_TAG = "plinth:async-streaming";

const OPT_IN_TAGS = [REDACT_AND_RESTORE_TAG, ASYNC_STREAMING_TAG];

/**
 * An opt-in tag takes `true` or `false` only: a guardrail tagged `yes` or `TRUE ` would look
 * opted in to whoever reads its tags and silently not be, so such a value is refused where it is written.
 */
export function checkPlinthTags(tags: Tags, field = "tags"): void {
  tags.forEach((t, i) => {
    if (OPT_IN_TAGS.includes(t.key) && t.value !== "true" && t.value !== "false") {
      throw invalid(`${field}.${i}.value`, `Member must be true or false for the tag ${t.key}`);
    }
  });
}

const optedIn = (tags: Tags, key: string): boolean => tags.some((t) => t.key === key && t.value === "true");

export const redactsAndRestores = (tags: Tags): boolean => optedIn(tags, REDACT_AND_RESTORE_TAG);

export const allowsAsyncStreaming = (tags: Tags): boolean => optedIn(tags, ASYNC_STREAMING_TAG);
