/**
 * String shapes shared by several parts of the schema. Each carries the sentence shown when a
 * value does not match, because a bare regular expression in an error message helps nobody.
 */
export interface Shape {
  readonly pattern: string;
  readonly hint: string;
}

/** AWS region names, including the sovereign-cloud ones (`eusc-de-east-1`, `us-gov-west-1`). */
export const REGION: Shape = {
  pattern: "^[a-z]{2,4}(-[a-z]+)+-[0-9]{1,2}$",
  hint: "must be a region name such as eu-west-2",
};

/** Where a provider processes data: a region (`eu-west-2`) or a jurisdiction (`eu`, `us`). */
export const PROCESSING_REGION: Shape = {
  pattern: "^[a-z0-9]+(-[a-z0-9]+)*$",
  hint: "must be a region or jurisdiction name such as eu-west-2, eu or us (lowercase letters, digits and hyphens)",
};

export const PROVIDER_ID: Shape = {
  pattern: "^[a-z0-9][a-z0-9_-]{0,63}$",
  hint: "must be 1 to 64 lowercase letters, digits, hyphens or underscores, starting with a letter or digit",
};

/**
 * Bedrock's `provider.name-version:n` form, e.g. `anthropic.claude-3-5-haiku-20241022-v1:0`,
 * `cohere.embed-english-v3`, `mistral.mistral-7b-instruct-v0:2`, and the context-window
 * variants such as `anthropic.claude-3-sonnet-20240229-v1:0:28k`.
 */
export const MODEL_ID: Shape = {
  pattern: "^[a-z0-9-]+\\.[a-z0-9.-]+(:[0-9]+(:[0-9]+k)?)?$",
  hint: "must have the form provider.name-version:n, such as meta.llama3-1-8b-instruct-v1:0",
};

/**
 * A secret given inline, or by reference: `env:NAME` (an environment variable) or `file:PATH`
 * (relative to the configuration file's directory). References are resolved at load time.
 */
export const SECRET: Shape = {
  pattern: "^(?!env:|file:)[\\s\\S]+$|^env:[A-Za-z_][A-Za-z0-9_]*$|^file:.+$",
  hint: "must be the secret itself, env:NAME or file:PATH",
};

export const AWS_ACCESS_KEY_ID: Shape = {
  pattern: "^[A-Z0-9]{16,128}$|^env:[A-Za-z_][A-Za-z0-9_]*$|^file:.+$",
  hint: "must be an access key id (16 to 128 uppercase letters and digits), env:NAME or file:PATH",
};

/** Listener names share the provider id's shape: short, lowercase, safe in logs and metric labels. */
export const LISTENER_NAME: Shape = PROVIDER_ID;

/** An AWS interface endpoint id, as `aws:SourceVpce` carries it (`vpce-0a1b2c3d4e5f67890`). */
export const VPC_ENDPOINT_ID: Shape = {
  pattern: "^vpce-[0-9a-f]{8,17}$",
  hint: "must be a VPC endpoint id: vpce- followed by 8 to 17 lowercase hexadecimal digits, such as vpce-0a1b2c3d4e5f67890",
};

export const ALL_SHAPES: readonly Shape[] = [
  REGION, PROCESSING_REGION, PROVIDER_ID, MODEL_ID, SECRET, AWS_ACCESS_KEY_ID, VPC_ENDPOINT_ID,
];

export function shaped(shape: Shape, description: string): Record<string, unknown> {
  return { type: "string", pattern: shape.pattern, description };
}

/** The text of a secret field's description: how it may be given. */
export const SECRET_FORMS =
  "Inline, or by reference: env:NAME reads an environment variable, file:PATH reads a file " +
  "(relative to this file's directory; one trailing newline is dropped). Prefer a reference.";
