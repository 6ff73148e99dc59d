import { Agent } from "node:https";
import { BedrockClient } from "@aws-sdk/client-bedrock";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { Plinth } from "./plinth.js";

/** The official clients against a bench server, trusting its CA (set-up calls, not load). */
export function controlClient(p: Plinth): BedrockClient {
  return new BedrockClient({ region: p.region, endpoint: p.url, credentials: p.credentials, requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: p.ca }) }) });
}

export function runtimeClient(p: Plinth): BedrockRuntimeClient {
  return new BedrockRuntimeClient({ region: p.region, endpoint: p.url, credentials: p.credentials, requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: p.ca }) }) });
}
