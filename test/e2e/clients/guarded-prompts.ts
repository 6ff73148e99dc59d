/**
 * What the guardrail and provisioned-throughput client scripts ask, shared with
 * guardrails-clients.test.ts. The assistant loopback answers "Say: X" with X, so each prompt is
 * also the answer the provider would give; every prompt carries a tag naming its client and
 * scenario, so the test can find (or miss) exactly that request among what the loopback saw.
 *
 * The guardrail: "project nightjar" is a denied phrase in both directions (a blocked prompt),
 * "kestrel" is denied in answers only (so a prompt may ask the model to say it and the answer is
 * cut), and a UK National Insurance number is anonymised in both directions.
 */
export const NI = "AB 12 34 56 C";
export const NI_MASK = "{UK_NATIONAL_INSURANCE_NUMBER}";
export const BLOCKED_IN = "Sorry, the guardrail stopped that request.";
export const BLOCKED_OUT = "Sorry, the guardrail stopped that answer.";
export const DENIED_IN = "project nightjar";
export const DENIED_OUT = "kestrel";
export const TAIL = "TAILEND";

const words = (n: number, tag: string): string => Array.from({ length: n }, (_, i) => `${tag}${i}`).join(" ");
/** Text the answer releases before the denied word, and enough after it that a cut shows. */
export const BEFORE = words(12, "early");
const AFTER = `${words(80, "late")} ${TAIL}`;

/** What the scripts' lookup tool answers: a record carrying the NI number, so the tool result must be masked before the provider sees it. */
export const RECORD = `Customer record: NI ${NI}`;

export const tag = (client: string, scenario: string): string => `[${client}-${scenario}]`;

export const prompts = (client: string) => ({
  ni: `Say: My NI number is ${NI} ${tag(client, "ni")}`,
  niStream: `Say: My NI number is ${NI} ${tag(client, "ni-stream")}`,
  niArn: `Say: My NI number is ${NI} ${tag(client, "ni-arn")}`,
  tool: `Look up the customer ${tag(client, "tool")}`,
  toolStream: `Look up the customer ${tag(client, "tool-stream")}`,
  blocked: `Say: tell me about ${DENIED_IN} ${tag(client, "blocked")}`,
  blockedStream: `Say: tell me about ${DENIED_IN} ${tag(client, "blocked-stream")}`,
  cut: `Say: ${BEFORE} ${DENIED_OUT} ${AFTER} ${tag(client, "cut")}`,
  provisioned: `Say: Hello through a provisioned model ${tag(client, "pt")}`,
  provisionedTool: `Look up the customer through a provisioned model ${tag(client, "pt-tool")}`,
  provisionedObject: `Who wrote the first program? ${tag(client, "pt-object")}`,
  provisionedStream: `Say: Streaming through a provisioned model ${tag(client, "pt-stream")}`,
});
