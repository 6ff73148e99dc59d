import { Agent, request } from "node:http";
import { createServer } from "node:https";
import type { Server } from "node:https";
import type { AddressInfo } from "node:net";
import { createCa, issueServerCert } from "../src/http/tls/issue.js";

/**
 * The TLS floor of issue 13: the least a gateway that reads what it forwards must do. HTTPS in
 * (an ECDSA P-256 certificate from a local CA, as plinth's), the request body parsed as JSON and
 * encoded again, sent to the upstream over a keep-alive node:http agent, the answer parsed and
 * encoded again. No authentication, no policy, no audit: plinth ÷ this is what plinth's own
 * pipeline costs beyond the unavoidable hop.
 */
export async function startTlsFloor(upstream: string, port = 0): Promise<{ server: Server; url: string; ca: string }> {
  const now = new Date();
  const ca = await createCa(now, [{ type: "ip", address: "127.0.0.1", prefix: 32 }]);
  const leaf = await issueServerCert(ca, [{ type: "ip", value: "127.0.0.1" }], now);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(upstream);
  const server = createServer({ key: leaf.keyPem, cert: leaf.certPem, minVersion: "TLSv1.2" }, (req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (d: Buffer) => parts.push(d));
    req.on("end", () => {
      let body: string;
      try {
        body = JSON.stringify(JSON.parse(Buffer.concat(parts).toString("utf8")));
      } catch {
        res.writeHead(400, { "content-type": "application/json" }).end('{"message":"not JSON"}');
        return;
      }
      const headers: Record<string, string> = { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) };
      if (req.headers.authorization) headers["authorization"] = req.headers.authorization;
      const out = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, agent, headers }, (answer) => {
        const back: Buffer[] = [];
        answer.on("data", (d: Buffer) => back.push(d));
        answer.on("end", () => {
          let encoded: string;
          try {
            encoded = JSON.stringify(JSON.parse(Buffer.concat(back).toString("utf8")));
          } catch {
            res.writeHead(502).end();
            return;
          }
          res.writeHead(answer.statusCode ?? 502, { "content-type": "application/json", "content-length": Buffer.byteLength(encoded) }).end(encoded);
        });
        answer.on("error", () => res.destroy());
      });
      out.on("error", () => { if (!res.headersSent) res.writeHead(502).end(); else res.destroy(); });
      out.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, ca: ca.certPem };
}
