import assert from "node:assert/strict";
import { createServer } from "node:net";
import type { Server, Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { SyslogSender } from "./syslog-sender.js";
import type { SyslogReport } from "./syslog-sender.js";

/** A collector that keeps every byte it receives. */
function collector(): { server: Server; bytes: () => string; connections: Socket[] } {
  const chunks: Buffer[] = [];
  const connections: Socket[] = [];
  const server = createServer((socket) => { connections.push(socket); socket.on("data", (d: Buffer) => chunks.push(d)); });
  return { server, bytes: () => Buffer.concat(chunks).toString("ascii"), connections };
}

async function listen(server: Server, port = 0): Promise<number> {
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return (server.address() as AddressInfo).port;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
}

function recorder(): SyslogReport & { log: string[] } {
  const log: string[] = [];
  return { log, connected: () => log.push("connected"), lost: (reason) => log.push(`lost ${reason}`), dropped: (n) => log.push(`dropped ${n}`) };
}

/** A port nothing listens on: bound, then closed. */
async function freePort(): Promise<number> {
  const s = createServer();
  const port = await listen(s);
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe("SyslogSender", () => {
  it("delivers frames in order over one connection", async () => {
    const c = collector();
    const port = await listen(c.server);
    const report = recorder();
    const sender = new SyslogSender({ host: "127.0.0.1", port, tls: false }, 100, report);
    for (let i = 0; i < 50; i++) sender.send(Buffer.from(`${String(i).length + 1} m${i}`));
    const expected = Array.from({ length: 50 }, (_, i) => `${String(i).length + 1} m${i}`).join("");
    await until(() => c.bytes() === expected);
    await sender.close(1000);
    assert.equal(c.connections.length, 1);
    assert.deepEqual(report.log, ["connected"]);
    c.server.close();
  });

  it("holds at most its capacity while the collector is down, counts what it dropped, and sends the rest once it is up", async () => {
    const port = await freePort();
    const report = recorder();
    const sender = new SyslogSender({ host: "127.0.0.1", port, tls: false }, 3, report);
    for (let i = 0; i < 5; i++) sender.send(Buffer.from(`2 m${i}`));
    assert.equal(sender.queued, 3);
    assert.equal(sender.dropped, 2);
    await until(() => report.log.length > 0);
    assert.match(report.log[0]!, /^lost ECONNREFUSED$/);
    const c = collector();
    await listen(c.server, port);
    await until(() => c.bytes() === "2 m02 m12 m2");
    sender.send(Buffer.from("2 m5"));
    await until(() => c.bytes().endsWith("2 m5"));
    assert.deepEqual(report.log, ["lost ECONNREFUSED", "connected", "dropped 2"], "one line per change, not one per attempt");
    await sender.close(1000);
    c.server.close();
  });

  it("reconnects after the collector drops the connection", async () => {
    const c = collector();
    const port = await listen(c.server);
    const report = recorder();
    const sender = new SyslogSender({ host: "127.0.0.1", port, tls: false }, 10, report);
    sender.send(Buffer.from("2 m0"));
    await until(() => c.bytes() === "2 m0");
    c.connections[0]!.destroy();
    await until(() => report.log.includes("lost closed"));
    sender.send(Buffer.from("2 m1"));
    await until(() => c.bytes() === "2 m02 m1");
    assert.equal(c.connections.length, 2);
    await sender.close(1000);
    c.server.close();
  });

  it("closes promptly when the collector is unreachable, and takes nothing after close", async () => {
    const sender = new SyslogSender({ host: "127.0.0.1", port: await freePort(), tls: false }, 10, recorder());
    sender.send(Buffer.from("2 m0"));
    await sender.close(1000);
    sender.send(Buffer.from("2 m1"));
    assert.equal(sender.queued, 1);
  });
});
