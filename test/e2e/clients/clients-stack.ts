import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { keyHolder } from "../bearer-fixture.js";
import { startServer } from "../harness.js";
import type { RunningServer } from "../harness.js";
import { iamAs } from "../iam-admin.js";
import { CLIENT_MODEL, startAssistantLoopback } from "./assistant-loopback.js";
import type { Loopback, RecordedRequest } from "./assistant-loopback.js";
import type { Outcome, Report } from "./report.js";

const run = promisify(execFile);

/**
 * plinth in front of the assistant loopback, with the Anthropic models the clients pick their
 * behaviour by: Claude 3.5 Haiku (the AI SDK's generateObject through a forced `json` tool),
 * Claude Sonnet 4.5 (its native output_config.format), and Claude Sonnet 4.6, which Strands
 * reaches by default through `global.anthropic.claude-sonnet-4-6`. Also a user holding a Bedrock
 * API key, for the clients that take one.
 */
export const MODELS = {
  haiku: "anthropic.claude-3-5-haiku-20241022-v1:0",
  sonnet45: "anthropic.claude-sonnet-4-5-20250929-v1:0",
  sonnet46: "anthropic.claude-sonnet-4-6",
} as const;

export interface ClientsStack {
  readonly server: RunningServer;
  readonly upstream: Loopback;
  readonly apiKey: string;
  /** Runs dist/test/e2e/clients/<script>.js with the settings an ordinary user would set. */
  script(name: string, settings: Record<string, string>): Promise<Report>;
  stop(): Promise<void>;
}

/**
 * `capacity` gives the loopback provider model units (providers[].capacity), so its models can
 * be provisioned; without it the stack is the plain on-demand one. `models` adds catalogue
 * entries (other families' model ids, served by the same loopback through their native bodies).
 */
export async function startClientsStack(given: { capacity?: Record<string, number>; models?: readonly { modelId: string; name: string; providerName: string }[] } = {}): Promise<ClientsStack> {
  const upstreamKey = `sk-ant-${randomUUID()}`;
  const upstream = await startAssistantLoopback(upstreamKey);
  const config = {
    region: "eu-west-2",
    providers: [{ id: "anthropic", type: "anthropic", baseUrl: upstream.baseUrl, apiKey: upstreamKey, processingRegion: "eu-west-2", timeoutMs: 10_000, ...(given.capacity ? { capacity: given.capacity } : {}) }],
    models: [
      { modelId: MODELS.haiku, name: "Claude 3.5 Haiku" },
      { modelId: MODELS.sonnet45, name: "Claude Sonnet 4.5" },
      { modelId: MODELS.sonnet46, name: "Claude Sonnet 4.6" },
    ].map((m): { modelId: string; name: string; providerName: string } => ({ ...m, providerName: "Anthropic" }))
      .concat(given.models ?? [])
      .map((m) => ({ ...m, provider: "anthropic", upstreamModel: CLIENT_MODEL, inputModalities: ["TEXT", "IMAGE"] })),
  };
  const server = await startServer({ config });
  const iam = iamAs(server);
  const holder = await keyHolder(iam, server, "client-user").finally(() => iam.destroy());
  return {
    server, upstream, apiKey: holder.longTerm,
    script: async (name, settings) => {
      const env = {
        PATH: process.env["PATH"] ?? "",
        NODE_EXTRA_CA_CERTS: server.caPath,
        AWS_REGION: server.region,
        AWS_CONFIG_FILE: "/dev/null",
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
        PLINTH_URL: server.url,
        ...settings,
      };
      const { stdout, stderr } = await run(process.execPath, [`dist/test/e2e/clients/${name}.js`], { env, timeout: 300_000, maxBuffer: 16 << 20 })
        .catch((e: Error & { stderr?: string }) => { throw new Error(`${name} did not finish: ${e.message}\n${e.stderr ?? ""}`); });
      const line = stdout.trim().split("\n").pop() ?? "";
      try {
        return JSON.parse(line) as Report;
      } catch {
        throw new Error(`${name} printed no report:\n${stdout}\n${stderr}`);
      }
    },
    stop: async () => {
      await server.stop();
      await upstream.close();
    },
  };
}

/** The value a scenario produced; fails with the client's own error when the call failed. */
export function outcome<T = any>(report: Report | undefined, name: string): T {
  const o: Outcome | undefined = report?.[name];
  assert.ok(o, `scenario "${name}" did not run`);
  if (!o.ok) assert.fail(`the client failed: ${JSON.stringify(o.error, null, 1)}`);
  return o.value as T;
}

/** The Messages API requests the upstream saw whose last user turn contains `text`. */
export function upstreamAsked(upstream: Loopback, text: string): Array<Record<string, any>> {
  return upstream.requests.flatMap((r: RecordedRequest) => {
    const body = r.body as Record<string, any> | undefined;
    const last = body?.messages?.filter((m: { role: string }) => m.role === "user").pop();
    return last && JSON.stringify(last.content).includes(text) ? [body!] : [];
  });
}
