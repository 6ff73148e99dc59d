import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { deliver } from "../compose/peers.js";
import type { PeerMessage, Peers } from "../compose/peers.js";
import type { RedisLink } from "./connect.js";

/**
 * The other nodes, through a Redis channel: what one process tells its node's workers (a key
 * forgotten, a policy changed, an account's settings put) is also published here, so every node
 * sharing the database drops its copy at once instead of after its cache time.
 *
 * Delivery is at most once: a message published while this node is disconnected from Redis is
 * lost to it. That is why every cache these messages clear also expires on its own within
 * seconds; Redis makes the change reach other nodes sooner, never is the only way it does.
 */
export function redisPeers(link: RedisLink, logger: Logger): Peers & { /** Settles once the channel is subscribed (tests wait for it). */ readonly subscribed: Promise<void> } {
  const channel = `${link.prefix}invalidate`;
  // This process's own messages come back to it on the channel: they are recognised by it.
  const self = randomBytes(12).toString("base64url");
  const handlers: Array<(message: PeerMessage) => void> = [];
  let failing = false;
  link.subscriber.on("message", (from: string, text: string) => {
    if (from !== channel) return;
    const message = parseEnvelope(text, self);
    if (message === undefined) return;
    deliver(handlers, message, (error) => logger.warn({ err: error instanceof Error ? error.name : typeof error, kind: message.kind },
      "could not apply a change from another node to a cache here: it applies when that cache expires"));
  });
  const subscribed = link.subscriber.subscribe(channel).then(() => undefined, () => undefined);
  return {
    subscribed,
    publish: (message) => {
      link.commands.publish(channel, JSON.stringify({ from: self, message })).then(
        () => { failing = false; },
        (error: unknown) => {
          if (failing) return;
          failing = true;
          logger.warn({ err: error instanceof Error ? error.name : typeof error, kind: message.kind }, "a change could not be published to the other nodes through Redis: they see it when their caches expire");
        },
      );
    },
    subscribe: (handler) => { handlers.push(handler); },
  };
}

const MAX_MESSAGE_CHARS = 8_192;
const ACCOUNT_KINDS = new Set(["enforced-guardrails", "data-retention", "invocation-logging"]);
const ID = /^[\x21-\x7e]{1,2048}$/;

/**
 * A message from another process, or undefined for this process's own and for anything not in
 * the shape plinth publishes: the channel is reachable by whatever can reach Redis, and what it
 * carries is only ever used to drop cached entries, each by a printable id.
 */
export function parseEnvelope(text: string, self: string): PeerMessage | undefined {
  // Ours are a few hundred bytes; a larger one is not parsed at all.
  if (text.length > MAX_MESSAGE_CHARS) return undefined;
  let value: unknown;
  try { value = JSON.parse(text); } catch { return undefined; }
  if (!isRecord(value) || typeof value["from"] !== "string" || value["from"] === self || !isRecord(value["message"])) return undefined;
  const m = value["message"];
  const id = (field: string): string | undefined => (typeof m[field] === "string" && ID.test(m[field] as string) ? m[field] as string : undefined);
  switch (m["kind"]) {
    case "access-key": { const accessKeyId = id("accessKeyId"); return accessKeyId === undefined ? undefined : { kind: "access-key", accessKeyId }; }
    case "service-credential": { const alias = id("alias"); return alias === undefined ? undefined : { kind: "service-credential", alias }; }
    case "guardrail": {
      const accountId = id("accountId");
      const guardrailId = id("guardrailId");
      return accountId === undefined || guardrailId === undefined ? undefined : { kind: "guardrail", accountId, guardrailId };
    }
    case "policy": {
      const change = m["change"];
      if (!isRecord(change)) return undefined;
      if (change["scope"] === "organization") return { kind: "policy", change: { scope: "organization" } };
      if (change["scope"] === "account" && typeof change["accountId"] === "string" && ID.test(change["accountId"])) return { kind: "policy", change: { scope: "account", accountId: change["accountId"] } };
      if (change["scope"] === "resource" && typeof change["resourceArn"] === "string" && ID.test(change["resourceArn"])) return { kind: "policy", change: { scope: "resource", resourceArn: change["resourceArn"] } };
      return undefined;
    }
    default: {
      const kind = m["kind"];
      const accountId = id("accountId");
      if (typeof kind !== "string" || !ACCOUNT_KINDS.has(kind) || accountId === undefined) return undefined;
      return { kind: kind as "enforced-guardrails" | "data-retention" | "invocation-logging", accountId };
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Several ways to the peers as one: a message goes out on all of them, and comes in from any. */
export function joinedPeers(...all: ReadonlyArray<Peers | undefined>): Peers | undefined {
  const present = all.filter((p): p is Peers => p !== undefined);
  if (present.length <= 1) return present[0];
  return {
    publish: (message) => { for (const peers of present) peers.publish(message); },
    subscribe: (handler) => { for (const peers of present) peers.subscribe(handler); },
  };
}
