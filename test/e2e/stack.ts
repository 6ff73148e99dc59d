import { randomUUID } from "node:crypto";
import { Agent } from "node:https";
import { rm } from "node:fs/promises";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { BedrockClient } from "@aws-sdk/client-bedrock";
import { NodeHttp2Handler, NodeHttpHandler } from "@smithy/node-http-handler";
import { startAnthropicLoopback } from "../loopback/anthropic.js";
import { startOpenAiLoopback } from "../loopback/openai.js";
import type { Loopback, LoopbackOptions } from "../loopback/openai.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";
import { startReflectLoopback } from "./reflect.js";

/**
 * Like fixture.ts's startE2e, but the test chooses the catalogue, the loopbacks' behaviour
 * (answer text, streaming pace), extra `server` settings and the data directory (kept after
 * stop when given, so it can be scanned). Upstream API keys are random per run so a test can
 * search for them.
 */
export type Upstream = "openai" | "anthropic" | "reflect";

export interface StackModel {
  readonly modelId: string;
  readonly via: Upstream;
  readonly upstreamModel: string;
  readonly providerName: string;
  readonly embedding?: boolean;
}

export interface StackOptions {
  readonly models: readonly StackModel[];
  readonly loopback?: LoopbackOptions;
  readonly server?: Record<string, unknown>;
  readonly audit?: Record<string, unknown>;
  readonly dataDir?: string;
  readonly timeoutMs?: number;
}

export interface Stack {
  readonly server: RunningServer;
  readonly openai: Loopback;
  readonly anthropic: Loopback;
  readonly reflect: Loopback;
  readonly keys: { readonly openai: string; readonly anthropic: string };
  runtime(options?: { http1?: boolean }): BedrockRuntimeClient;
  control(): BedrockClient;
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const keys = { openai: `sk-openai-${randomUUID()}`, anthropic: `sk-ant-${randomUUID()}` };
  const openai = await startOpenAiLoopback({ ...options.loopback, apiKey: keys.openai });
  const anthropic = await startAnthropicLoopback({ ...options.loopback, apiKey: keys.anthropic });
  const reflect = await startReflectLoopback();
  const timeoutMs = options.timeoutMs ?? 5000;
  const config = {
    region: "eu-west-2",
    ...(options.server ? { server: options.server } : {}),
    ...(options.audit ? { audit: options.audit } : {}),
    providers: [
      { id: "openai", type: "openai", baseUrl: openai.baseUrl, apiKey: "env:UPSTREAM_OPENAI_KEY", processingRegion: "eu-west-2", timeoutMs },
      { id: "anthropic", type: "anthropic", baseUrl: anthropic.baseUrl, apiKey: keys.anthropic, processingRegion: "eu-west-2", timeoutMs },
      { id: "reflect", type: "openai", baseUrl: reflect.baseUrl, apiKey: "reflect-key", processingRegion: "eu-west-2", timeoutMs },
    ],
    models: options.models.map((m) => ({
      modelId: m.modelId, provider: m.via, upstreamModel: m.upstreamModel, providerName: m.providerName,
      ...(m.embedding ? { outputModalities: ["EMBEDDING"], streaming: false } : {}),
    })),
  };
  const server = await startServer({ config, env: { UPSTREAM_OPENAI_KEY: keys.openai }, ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
  const base = () => ({ endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1 });
  const http1 = () => new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca }) });
  return {
    server, openai, anthropic, reflect, keys,
    runtime: (o = {}) => new BedrockRuntimeClient({
      ...base(), requestHandler: o.http1 ? http1() : new NodeHttp2Handler({ nodeHttp2ConnectOptions: { ca: server.ca } }),
    }),
    control: () => new BedrockClient({ ...base(), requestHandler: http1() }),
    stop: async () => {
      await server.stop();
      await Promise.all([openai.close(), anthropic.close(), reflect.close()]);
      // harness.ts writes the config file beside the data directory and leaves it there.
      await rm(`${server.dataDir}-config.json`, { force: true });
    },
  };
}

/** One line of the server's stdout access log per exchange, parsed. */
export function accessLines(stdout: string): Array<Record<string, unknown>> {
  return stdout.split("\n").flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      return parsed["msg"] === "request" || parsed["msg"] === "request failed" ? [parsed] : [];
    } catch {
      return [];
    }
  });
}

/** The access line for the exchange with this request id (waits briefly: logging is async). */
export async function accessLine(server: RunningServer, requestId: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 50; i++) {
    const line = accessLines(server.stdout()).find((l) => l["requestId"] === requestId);
    if (line) return line;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no access log line for request ${requestId}`);
}
