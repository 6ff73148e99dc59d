import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:https";
import { startTlsFloor } from "./tls-floor.js";
import { CHAT_PATH, chatBody, startUpstream } from "./upstream.js";

/**
 * The TLS floor must do what the bench says it does, or the ratio against it means nothing: a
 * TLS handshake with its own CA, the request parsed as JSON (refused when it is not) and the
 * upstream's answer passed back parsed and re-encoded.
 */
function post(url: string, ca: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url + CHAT_PATH);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: "POST", ca, headers: { "content-type": "application/json" } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => { text += d; });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("bench TLS floor", () => {
  it("forwards parsed JSON over TLS and answers the upstream's completion; refuses a body that is not JSON", async (t) => {
    const upstream = await startUpstream();
    t.after(() => { upstream.server.closeAllConnections(); upstream.server.close(); });
    const floor = await startTlsFloor(upstream.url);
    t.after(() => { floor.server.closeAllConnections(); floor.server.close(); });
    const cases = [
      { body: chatBody(false), status: 200, check: (text: string) => assert.equal((JSON.parse(text) as { choices: { message: { content: string } }[] }).choices[0]!.message.content, "Hello there.") },
      { body: "{not json", status: 400, check: (text: string) => assert.match(text, /not JSON/) },
    ];
    for (const c of cases) {
      const answer = await post(floor.url, floor.ca, c.body);
      assert.equal(answer.status, c.status, answer.text);
      c.check(answer.text);
    }
  });
});
