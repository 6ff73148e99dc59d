import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer as createTcpServer } from "node:net";
import type { AddressInfo, Server, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer as createTlsServer } from "node:tls";
import { Agent } from "node:https";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { ListFoundationModelsCommand } from "@aws-sdk/client-bedrock";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import type { Event } from "@aws-sdk/client-cloudtrail";
import { createCa, issueServerCert } from "../../src/http/tls/issue.js";
import { CANARY_CATALOGUE, CANARY_MODELS as M } from "./canary-setup.js";
import { startStack } from "./stack.js";
import type { Stack } from "./stack.js";

/**
 * The audit trail's syslog stream end to end: a loopback collector (plain TCP, then TLS) receives
 * one RFC 5424 message per audited call, octet-counted as RFC 6587 frames them, whose JSON is the
 * very event CloudTrail's LookupEvents returns; and none of it holds what was asked or answered.
 */
const CANARY = "canary-syslog-41d9e7";
const RFC5424 = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) - (.*)$/s;

interface Message { readonly pri: number; readonly timestamp: string; readonly app: string; readonly msgId: string; readonly json: string }

/** A collector: splits the stream into octet-counted frames and keeps every frame and byte. */
function collector(): { onSocket: (s: Socket) => void; messages: Message[]; bytes: () => Buffer; malformed: string[] } {
  const messages: Message[] = [];
  const malformed: string[] = [];
  const all: Buffer[] = [];
  const onSocket = (socket: Socket): void => {
    let pending = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      all.push(chunk);
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const space = pending.indexOf(0x20);
        if (space < 0) return;
        const length = pending.subarray(0, space).toString("ascii");
        if (!/^[1-9][0-9]{0,8}$/.test(length)) { malformed.push(`bad length ${length}`); socket.destroy(); return; }
        const end = space + 1 + Number(length);
        if (pending.length < end) return;
        const text = pending.subarray(space + 1, end).toString("utf8");
        pending = pending.subarray(end);
        const m = RFC5424.exec(text);
        if (!m) { malformed.push(text); continue; }
        messages.push({ pri: Number(m[1]), timestamp: m[2]!, app: m[4]!, msgId: m[6]!, json: m[7]! });
      }
    });
  };
  return { onSocket, messages, malformed, bytes: () => Buffer.concat(all) };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as AddressInfo).port;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(condition(), `waited for ${what}`);
}

async function lookupAll(trail: CloudTrailClient): Promise<Event[]> {
  const events: Event[] = [];
  let NextToken: string | undefined;
  do {
    const page = await trail.send(new LookupEventsCommand({ MaxResults: 50, NextToken }));
    events.push(...page.Events!);
    NextToken = page.NextToken;
  } while (NextToken);
  return events;
}

/** Drives a few audited calls (allowed, failed, control plane, the trail read) and compares the stream with the trail. */
function suite(name: string, transport: "tcp" | "tls"): void {
  describe(name, () => {
    let stack: Stack;
    let server: Server;
    let dir: string;
    let trail: CloudTrailClient;
    const c = collector();

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), "plinth-syslog-"));
      let syslog: Record<string, unknown>;
      if (transport === "tls") {
        const ca = await createCa(new Date(), [{ type: "ip", address: "127.0.0.0", prefix: 8 }]);
        const cert = await issueServerCert(ca, [{ type: "ip", value: "127.0.0.1" }], new Date());
        server = createTlsServer({ cert: cert.certPem, key: cert.keyPem, minVersion: "TLSv1.2" }, c.onSocket);
        await writeFile(join(dir, "collector-ca.pem"), ca.certPem);
        syslog = { host: "127.0.0.1", port: await listen(server), tls: true, caFile: join(dir, "collector-ca.pem"), facility: "audit" };
      } else {
        server = createTcpServer(c.onSocket);
        syslog = { host: "127.0.0.1", port: await listen(server) };
      }
      stack = await startStack({ models: CANARY_CATALOGUE, audit: { syslog } });
      const { url, region, credentials, ca } = stack.server;
      trail = new CloudTrailClient({ endpoint: url, region, credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca }) }) });
      const runtime = stack.runtime();
      await runtime.send(new ConverseCommand({ modelId: M.llama, messages: [{ role: "user", content: [{ text: `echo ${CANARY}` }] }] }));
      await assert.rejects(runtime.send(new ConverseCommand({ modelId: M.throttled, messages: [{ role: "user", content: [{ text: CANARY }] }] })), { name: "ThrottlingException" });
      await assert.rejects(runtime.send(new ConverseCommand({ modelId: `meta.${CANARY}-v1:0`, messages: [{ role: "user", content: [{ text: CANARY }] }] })), { name: "ResourceNotFoundException" });
      await stack.control().send(new ListFoundationModelsCommand({}));
      runtime.destroy();
    });

    after(async () => {
      await stack?.stop();
      server?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it("sends one well-formed message per audited call, whose JSON is the event LookupEvents returns", async () => {
      // The trail read is itself audited: the second read returns the first one's events too.
      await lookupAll(trail);
      const events = await lookupAll(trail);
      assert.ok(events.length >= 5, `${events.length} events`);
      // The LookupEvents calls are audited too: wait for every message the trail now holds, then one per page read.
      await until(() => c.messages.length >= events.length, "the messages of every event in the trail");
      assert.deepEqual(c.malformed, []);
      const byId = new Map<string, unknown[]>();
      for (const message of c.messages) {
        const event = JSON.parse(message.json) as { eventID: string; eventName: string; eventTime: string; errorCode?: string };
        byId.set(event.eventID, [...(byId.get(event.eventID) ?? []), event]);
        assert.equal(message.app, "plinth");
        assert.equal(message.msgId, event.eventName);
        assert.equal(message.timestamp, event.eventTime);
        const facility = transport === "tls" ? 13 : 16;
        assert.equal(message.pri, facility * 8 + (event.errorCode === undefined ? 6 : 5));
      }
      for (const event of events) {
        const copies = byId.get(event.EventId!);
        assert.equal(copies?.length, 1, `one message for ${event.EventName} ${event.EventId}`);
        assert.deepEqual(copies[0], JSON.parse(event.CloudTrailEvent!));
      }
      const names = events.map((e) => e.EventName);
      for (const expected of ["Converse", "ListFoundationModels", "LookupEvents"]) assert.ok(names.includes(expected), expected);
      assert.ok(events.some((e) => JSON.parse(e.CloudTrailEvent!).errorCode === "ThrottlingException"));
    });

    it("holds none of the prompt or the completion", () => {
      assert.ok(c.bytes().length > 0);
      assert.equal(c.bytes().indexOf(CANARY), -1);
    });
  });
}

describe("audit events to syslog with the collector down", () => {
  it("answers every call, and says once that the collector cannot be reached", async () => {
    const gone = createTcpServer();
    const port = await listen(gone);
    await new Promise<void>((r) => gone.close(() => r()));
    const stack = await startStack({ models: CANARY_CATALOGUE, audit: { syslog: { host: "127.0.0.1", port } } });
    try {
      const runtime = stack.runtime();
      for (let i = 0; i < 3; i++) {
        const out = await runtime.send(new ConverseCommand({ modelId: M.llama, messages: [{ role: "user", content: [{ text: CANARY }] }] }));
        assert.ok(out.output?.message);
      }
      runtime.destroy();
    } finally {
      await stack.stop();
    }
    const log = stack.server.stdout();
    assert.equal(log.split("\n").filter((l) => l.includes("the syslog collector cannot be reached")).length, 1, log);
    assert.ok(!log.includes(CANARY));
  });
});

suite("audit events to syslog over TCP (RFC 5424, RFC 6587 octet counting)", "tcp");
suite("audit events to syslog over TLS (RFC 5425)", "tls");
