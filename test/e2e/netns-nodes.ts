import { execFile, spawn, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import type { ChildProcess } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createConnection, createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { permittedSubtrees } from "../../src/http/tls/constraints.js";
import { createCa, issueServerCert } from "../../src/http/tls/issue.js";
import { serverSanEntries } from "../../src/http/tls/names.js";
import { startOpenAiLoopback } from "../loopback/openai.js";
import type { Loopback } from "../loopback/openai.js";
import { REPO } from "./harness.js";

/**
 * Several plinth nodes on this machine, each `plinth start --workers 1` in a network namespace of
 * its own (a veth pair to the root namespace), behind HAProxy in TCP mode (TLS passes through to
 * the nodes), sharing one PostgreSQL schema (through its unix socket, a file every namespace sees)
 * and, when given, one Redis (a unix socket too).
 *
 * What the nodes share besides the database, as an operator deploying several would arrange it:
 * one root key (copied into each data directory before its first start: secrets sealed by one
 * node are opened by the others) and one configured certificate for the balancer's address
 * (`server.tls`), so a client trusts whichever node its connection reaches. Each node has its
 * own audit log name and its own upstream, whose answer names the node ("node-2"), so a test
 * can tell which node served a call without any product feature for it.
 */
export interface Nodes {
  /** The balancer's URL: the only address clients use. */
  readonly url: string;
  readonly region: string;
  /** The CA that issued the nodes' shared certificate. */
  readonly ca: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly nodes: readonly Node[];
  readonly haproxyPid: number;
  /** The PostgreSQL server processes serving the nodes now (their pool connections), for a benchmark's CPU figures. */
  postgresBackends(): Promise<number[]>;
  /** HAProxy's view of each node ("UP", "DOWN", ...), by node name. */
  serverStatus(): Promise<Map<string, string>>;
  stop(): Promise<void>;
}

export interface Node {
  /** `node-1`, `node-2`, ...: its audit node, its HAProxy server name and what its upstream answers. */
  readonly name: string;
  readonly pid: number;
  readonly upstream: Upstream;
  stderr(): string;
  /** Ends the node with `signal` and resolves once it has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** A node's model server, listening where its namespace reaches the root one. */
export interface Upstream {
  /** An OpenAI-compatible base URL, up to and including /v1. */
  readonly baseUrl: string;
  /** Its process, when it has one of its own (a benchmark charges its CPU). */
  readonly pid?: number;
  close(): Promise<void>;
}

export interface NodesOptions {
  readonly count: number;
  /** Top-level config keys added to every node's config (quotas, ...). */
  readonly config?: Record<string, unknown>;
  /**
   * Share one Redis: a `redis-server` of the test's own, listening only on a unix socket (which
   * every namespace sees) and keeping nothing on disk, named in each node's `redis.url`.
   */
  readonly redis?: boolean;
  /**
   * Starts node `name`'s upstream on `host` (the root end of its link). Default: the test
   * loopback, answering `chat-model` with the node's name.
   */
  readonly upstream?: (host: string, name: string) => Promise<Upstream>;
  /**
   * `postgres://user@host:port/db` (no `schema`): the test's own connection. The nodes reach the
   * same server through its unix socket in `PLINTH_TEST_PG_SOCKET_DIR` (default
   * /var/run/postgresql, Debian's): a socket is a file, so it crosses network namespaces, where
   * 127.0.0.1 would be each namespace's own loopback. A schema of its own is made and dropped.
   */
  readonly databaseUrl: string;
}

export const NODE_MODEL = "meta.llama3-1-8b-instruct-v1:0";
/** A second model on the same upstream, for a test's quotas to limit without touching NODE_MODEL. */
export const OTHER_MODEL = "meta.llama3-2-3b-instruct-v1:0";
const NODE_PORT = 8443;
const run = promisify(execFile);

/**
 * Why the several-nodes tests cannot run here, or false. Under CI it is always false: .ci/run
 * installs what they need, so there a missing piece must fail them, not skip them.
 */
export async function nodesUnavailable(): Promise<false | string> {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push("root (ip netns add)");
  if (!(await succeeds("ip", ["netns", "list"]))) missing.push("ip netns (iproute2)");
  if (!(await succeeds("haproxy", ["-v"]))) missing.push("haproxy (apt-get install haproxy)");
  if (!(await succeeds("redis-server", ["--version"]))) missing.push("redis-server (apt-get install redis-server)");
  return missing.length === 0 ? false : `several nodes need ${missing.join(", ")}`;
}

async function succeeds(command: string, args: readonly string[]): Promise<boolean> {
  return run(command, [...args]).then(() => true, () => false);
}

/**
 * Starts `count` nodes and the balancer. Everything made is recorded as it is made, so a failure
 * part way still removes what exists (`stop` is also called on failure before rethrowing).
 */
export async function startNodes(options: NodesOptions): Promise<Nodes> {
  const id = randomBytes(3).toString("hex");
  const undo: (() => Promise<unknown>)[] = [];
  const children: ChildProcess[] = [];
  const namespaces: string[] = [];
  let workDir: string | undefined;
  // If the test process ends without `stop` (an uncaught error, a signal the runner relays), the
  // children and namespaces must not outlive it: killed and deleted synchronously on the way out.
  const lastResort = (): void => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    for (const ns of namespaces) spawnSync("ip", ["netns", "delete", ns]);
    if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
  };
  // A runner's timeout ends the test process with SIGTERM (or an operator's ^C with SIGINT):
  // 'exit' does not run then unless the signal is handled.
  const onSignal = (signal: NodeJS.Signals): void => {
    lastResort();
    process.kill(process.pid, signal);
  };
  process.once("exit", lastResort);
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  const stop = async (): Promise<void> => {
    // The balancer, then the nodes, then the Redis they use.
    for (const child of [...children].reverse()) await endChild(child, "SIGTERM");
    // Newest first: haproxy and the nodes before the links and namespaces they use.
    for (const step of undo.reverse()) await step().catch(() => undefined);
    undo.length = 0;
    namespaces.length = 0;
    process.removeListener("exit", lastResort);
    process.removeListener("SIGTERM", onSignal);
    process.removeListener("SIGINT", onSignal);
  };
  try {
    const work = await mkdtemp(join(tmpdir(), `plinth-nodes-${id}-`));
    workDir = work;
    undo.push(() => rm(work, { recursive: true, force: true }));

    const schema = `plinth_nodes_${id}`;
    const database = await throughSocket(options.databaseUrl);
    database.searchParams.set("schema", schema);
    // So the server's processes serving these nodes can be told from everyone else's.
    database.searchParams.set("application_name", `plinth-nodes-${id}`);
    undo.push(() => dropSchema(options.databaseUrl, schema));

    // One certificate for the balancer's address, held by every node; one root key for all.
    const now = new Date();
    const names = serverSanEntries([]);
    const ca = await createCa(now, permittedSubtrees(names));
    const leaf = await issueServerCert(ca, names, now);
    const certFile = join(work, "server.pem");
    const keyFile = join(work, "server.key");
    await writeFile(certFile, leaf.certPem, { mode: 0o600 });
    await writeFile(keyFile, leaf.keyPem, { mode: 0o600 });
    const rootKey = randomBytes(32);

    let redisUrl: string | undefined;
    if (options.redis) {
      const socket = join(work, "redis.sock");
      const redis = spawn("redis-server", ["--port", "0", "--unixsocket", socket, "--unixsocketperm", "700", "--save", "", "--appendonly", "no"], { cwd: work, stdio: ["ignore", "pipe", "pipe"] });
      children.push(redis);
      let redisOut = "";
      redis.stdout!.on("data", (d: Buffer) => { redisOut += d.toString(); });
      redis.stderr!.on("data", (d: Buffer) => { redisOut += d.toString(); });
      await waitUntil(async () => {
        if (redis.exitCode !== null) throw new Error(`redis-server exited with ${redis.exitCode}:\n${redisOut}`);
        return /ready to accept connections/i.test(redisOut);
      }, 10_000, () => `redis-server did not start:\n${redisOut}`);
      redisUrl = `unix://${socket}`;
    }

    const address = await freeSubnets(options.count);
    const nodes: Node[] = [];
    for (let i = 1; i <= options.count; i++) {
      const name = `node-${i}`;
      const ns = `plinth-${id}-${i}`;
      const outer = `pl${id}r${i}`;
      const inner = `pl${id}n${i}`;
      const hostAddress = address(i, 1);
      const nodeAddress = address(i, 2);
      await ip("netns", "add", ns);
      namespaces.push(ns);
      undo.push(() => ip("netns", "delete", ns));
      await ip("link", "add", outer, "type", "veth", "peer", "name", inner, "netns", ns);
      undo.push(() => ip("link", "delete", outer)); // gone with the namespace already, unless that failed
      await ip("addr", "add", `${hostAddress}/24`, "dev", outer);
      await ip("link", "set", outer, "up");
      await ip("-n", ns, "addr", "add", `${nodeAddress}/24`, "dev", inner);
      await ip("-n", ns, "link", "set", inner, "up");
      await ip("-n", ns, "link", "set", "lo", "up");

      // The node's upstream listens on the root end of its own veth: a namespace's loopback is its own.
      const upstream = await (options.upstream ?? loopback)(hostAddress, name);
      undo.push(() => upstream.close());

      const dataDir = join(work, name);
      await mkdirPrivate(dataDir);
      await writeFile(join(dataDir, "root.key"), rootKey, { mode: 0o600 });
      const config = {
        region: "eu-west-2",
        server: { host: nodeAddress, port: NODE_PORT, tls: { certFile, keyFile } },
        audit: { node: name },
        providers: [{
          id: "upstream", type: "openai", baseUrl: upstream.baseUrl, apiKey: "sk-loopback-openai",
          processingRegion: "eu-west-2", timeoutMs: 5000, allowInsecureHttp: true,
        }],
        models: [NODE_MODEL, OTHER_MODEL].map((modelId) => ({ modelId, provider: "upstream", upstreamModel: "chat-model", providerName: "Meta" })),
        ...(redisUrl === undefined ? {} : { redis: { url: redisUrl, keyPrefix: `plinth-${id}:` } }),
        ...options.config,
      };
      const configFile = join(work, `${name}.json`);
      await writeFile(configFile, JSON.stringify(config), { mode: 0o600 });
      const child = spawn("ip", [
        "netns", "exec", ns, process.execPath, "bin/plinth.js", "start",
        "--data-dir", dataDir, "--workers", "1", "--config", configFile, "--database-url", database.toString(),
      ], { cwd: REPO, env: { PATH: process.env["PATH"] ?? "", PLINTH_LOG_LEVEL: "info" }, stdio: ["ignore", "pipe", "pipe"] });
      children.push(child);
      let err = "";
      child.stdout!.resume();
      child.stderr!.on("data", (d: Buffer) => { err += d.toString(); });
      // The first node bootstraps the shared database (administrator, organisation, schema)
      // alone; the others find it done. So each waits for the one before it.
      await listening(child, () => err, name);
      nodes.push({
        name, upstream, pid: child.pid!,
        stderr: () => err,
        kill: (signal) => endChild(child, signal),
      });
    }

    const port = await freePort();
    const haproxyDir = join(work, "haproxy");
    await mkdirPrivate(haproxyDir);
    const statsSocket = join(haproxyDir, "stats.sock");
    const haproxyConfig = join(haproxyDir, "haproxy.cfg");
    await writeFile(haproxyConfig, haproxyText(port, statsSocket, nodes.map((n, i) => [n.name, `${address(i + 1, 2)}:${NODE_PORT}`])));
    const haproxy = spawn("haproxy", ["-db", "-f", haproxyConfig], { stdio: ["ignore", "pipe", "pipe"] });
    children.push(haproxy);
    let haproxyOut = "";
    haproxy.stdout!.on("data", (d: Buffer) => { haproxyOut += d.toString(); });
    haproxy.stderr!.on("data", (d: Buffer) => { haproxyOut += d.toString(); });
    const serverStatus = (): Promise<Map<string, string>> => stats(statsSocket);
    await waitUntil(async () => {
      if (haproxy.exitCode !== null) throw new Error(`haproxy exited with ${haproxy.exitCode}:\n${haproxyOut}`);
      const status = await serverStatus().catch(() => new Map<string, string>());
      return nodes.every((n) => status.get(n.name) === "UP");
    }, 20_000, () => `haproxy did not see every node up:\n${haproxyOut}`);

    const credentials = await readFile(join(work, "node-1", "credentials"), "utf8");
    return {
      url: `https://127.0.0.1:${port}`,
      region: "eu-west-2",
      ca: ca.certPem,
      credentials: {
        accessKeyId: /aws_access_key_id = (\S+)/.exec(credentials)![1]!,
        secretAccessKey: /aws_secret_access_key = (\S+)/.exec(credentials)![1]!,
      },
      nodes, serverStatus, stop, haproxyPid: haproxy.pid!,
      postgresBackends: () => backendsOf(options.databaseUrl, `plinth-nodes-${id}`),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function loopback(host: string, name: string): Promise<Loopback> {
  return startOpenAiLoopback({ apiKey: "sk-loopback-openai", text: name, host });
}

/**
 * TCP mode: the balancer never sees inside TLS. A node is checked by a TCP connect every 200 ms
 * and taken out at the first failure; a connection whose server refuses it is sent to another
 * (`option redispatch`), so only requests already on a dead node's connections are lost.
 */
function haproxyText(port: number, statsSocket: string, servers: readonly (readonly [string, string])[]): string {
  return [
    "global",
    "  maxconn 4096",
    `  stats socket ${statsSocket} mode 600 level admin`,
    "defaults",
    "  mode tcp",
    "  timeout connect 1s",
    "  timeout client 60s",
    "  timeout server 60s",
    "  retries 3",
    "  option redispatch",
    "frontend plinth",
    `  bind 127.0.0.1:${port}`,
    "  default_backend nodes",
    "backend nodes",
    "  balance roundrobin",
    "  default-server check inter 200ms fall 1 rise 2",
    ...servers.map(([name, address]) => `  server ${name} ${address}`),
    "",
  ].join("\n");
}

/** `show stat` over HAProxy's stats socket: each server's status (UP, DOWN, ...). */
async function stats(socket: string): Promise<Map<string, string>> {
  const text = await new Promise<string>((resolve, reject) => {
    let out = "";
    const connection = createConnection(socket, () => connection.write("show stat\n"));
    connection.on("data", (d: Buffer) => { out += d.toString(); });
    connection.on("end", () => resolve(out));
    connection.on("error", reject);
  });
  const [header, ...rows] = text.split("\n").filter((l) => l.length > 0);
  const columns = (header ?? "").replace(/^# /, "").split(",");
  const proxy = columns.indexOf("pxname");
  const server = columns.indexOf("svname");
  const status = columns.indexOf("status");
  const found = new Map<string, string>();
  for (const row of rows) {
    const cells = row.split(",");
    if (cells[proxy] === "nodes" && cells[server] !== "BACKEND") found.set(cells[server]!, cells[status]!);
  }
  return found;
}

async function ip(...args: string[]): Promise<void> {
  await run("ip", args).catch((error: { stderr?: string }) => {
    throw new Error(`ip ${args.join(" ")}: ${error.stderr?.trim() ?? String(error)}`);
  });
}

/**
 * The node links' addresses: node i's is `10.a.(b+i).0/24` (.1 the root end, .2 the node), with
 * a and b picked so that no range overlaps a route on this machine (two runs at once, or a real
 * network, are not disturbed).
 */
async function freeSubnets(count: number): Promise<(node: number, end: 1 | 2) => string> {
  const { stdout } = await run("ip", ["-4", "route", "show", "table", "all"]);
  const routes = stdout.split("\n").map((line) => line.split(" ")[0]!).filter((r) => r.startsWith("10."));
  for (let attempt = 0; attempt < 50; attempt++) {
    const a = randomInt(64, 250);
    const b = randomInt(0, 50) * 5;
    const ours = Array.from({ length: count }, (_, i) => `10.${a}.${b + i + 1}.0/24`);
    // Any route under 10. with a shorter prefix than /24 might cover ours: avoid those too.
    const clash = routes.some((r) => ours.includes(r) || (r.includes("/") && Number(r.split("/")[1]) < 24 && covers(r, a)));
    if (!clash) return (node, end) => `10.${a}.${b + node}.${end}`;
  }
  throw new Error("no free 10.x.y.0/24 ranges for the node links");
}

function covers(route: string, a: number): boolean {
  const [address, bits] = route.split("/") as [string, string];
  const second = Number(address.split(".")[1]);
  const prefix = Number(bits);
  if (prefix <= 8) return true;
  const span = 2 ** (16 - Math.min(prefix, 16));
  return a >= second && a < second + span;
}

async function mkdirPrivate(dir: string): Promise<void> {
  await mkdir(dir, { mode: 0o700 });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function listening(child: ChildProcess, err: () => string, name: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${err()}`)), 60_000);
    const check = (): void => {
      if (/plinth listening on (\S+)/.test(err())) { clearTimeout(timer); resolve(); }
    };
    child.stderr!.on("data", check);
    child.once("exit", (code) => { clearTimeout(timer); reject(new Error(`${name} exited with ${code}:\n${err()}`)); });
  });
}

async function endChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signal);
  await exited;
}

export async function waitUntil(probe: () => Promise<boolean>, ms: number, why: () => string): Promise<void> {
  const until = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(why());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function throughSocket(databaseUrl: string): Promise<URL> {
  const dir = process.env["PLINTH_TEST_PG_SOCKET_DIR"] ?? "/var/run/postgresql";
  const url = new URL(databaseUrl);
  const socket = join(dir, `.s.PGSQL.${url.port || "5432"}`);
  if (!(await stat(socket).then((s) => s.isSocket(), () => false))) {
    throw new Error(`no PostgreSQL socket at ${socket} for the nodes in their namespaces (set PLINTH_TEST_PG_SOCKET_DIR)`);
  }
  url.searchParams.set("host", dir);
  return url;
}

async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  await query(databaseUrl, `drop schema if exists "${schema}" cascade`);
}

async function backendsOf(databaseUrl: string, applicationName: string): Promise<number[]> {
  const rows = await query(databaseUrl, "select pid from pg_stat_activity where application_name = $1", [applicationName]);
  return rows.map((row) => Number(row["pid"]));
}

async function query(databaseUrl: string, text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}
