import { needsTool } from "../../../test/support/tools.js";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { compareNameConstraints, encodeNameConstraints, permittedSubtrees, subtreeText } from "./constraints.js";
import { ensureTlsMaterial } from "./index.js";
import { serverSanEntries } from "./names.js";

const root = mkdtempSync(join(tmpdir(), "plinth-tls-constraints-"));
after(() => rmSync(root, { recursive: true, force: true }));

const texts = (serverNames: string[]) => permittedSubtrees(serverSanEntries(serverNames)).map(subtreeText);

/** True when an openssl command is on PATH (the text of a certificate is checked with it). */
function hasOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("the CA's permitted subtrees", () => {
  const table: [string[], string[]][] = [
    [[], ["DNS:localhost", "IP:127.0.0.0/8", "IP:::1/128"]],
    [["plinth.internal"], ["DNS:localhost", "DNS:plinth.internal", "IP:127.0.0.0/8", "IP:::1/128"]],
    [["*.svc.example"], ["DNS:localhost", "DNS:svc.example", "IP:127.0.0.0/8", "IP:::1/128"]],
    [["10.1.2.3", "FD00::0:1"], ["DNS:localhost", "IP:10.1.2.3/32", "IP:127.0.0.0/8", "IP:::1/128", "IP:fd00::1/128"]],
    // Within loopback already: no subtree of their own.
    [["127.0.0.9", "0:0:0:0:0:0:0:1", "LOCALHOST"], ["DNS:localhost", "IP:127.0.0.0/8", "IP:::1/128"]],
  ];
  for (const [names, expected] of table) {
    it(`${JSON.stringify(names)} -> ${expected.join(" ")}`, () => assert.deepEqual(texts(names), expected));
  }

  it("are the same however the names were spelled or ordered", () => {
    assert.deepEqual(texts(["b.example", "A.example", "10.0.0.1"]), texts(["10.0.0.1", "a.example", "B.EXAMPLE"]));
  });

  it("encode as RFC 5280 NameConstraints: permittedSubtrees [0] of dNSName [2] and iPAddress [7] address+mask", () => {
    const der = encodeNameConstraints(permittedSubtrees(serverSanEntries([])));
    const expected =
      "303f" + "a03d" +
      "300b" + "8209" + Buffer.from("localhost").toString("hex") +
      "300a" + "8708" + "7f000000" + "ff000000" +
      "3022" + "8720" + "00".repeat(15) + "01" + "ff".repeat(16);
    assert.equal(der.toString("hex"), expected);
  });
});

describe("the generated CA's NameConstraints extension", () => {
  it("is critical and permits exactly the configured names and loopback", async (t) => {
    const serverNames = ["plinth.internal", "*.svc.example", "10.1.2.3", "fd00::1"];
    const material = await ensureTlsMaterial({ dataDir: join(root, "a"), serverNames });
    const raw = new X509Certificate(material.ca).raw;
    assert.equal(compareNameConstraints(raw, permittedSubtrees(serverSanEntries(serverNames))), "same");
    assert.equal(compareNameConstraints(raw, permittedSubtrees(serverSanEntries([]))), "different");
    const server = new X509Certificate(material.cert);
    assert.equal(compareNameConstraints(server.raw, []), "none", "the server certificate has none");

    if (!needsTool(t, hasOpenssl(), "the openssl command (its reading of the extension is checked)")) return;
    const text = execFileSync("openssl", ["x509", "-noout", "-ext", "nameConstraints"], { input: material.ca, encoding: "utf8" });
    assert.deepEqual(text.split("\n").map((l) => l.trim()).filter(Boolean), [
      "X509v3 Name Constraints: critical",
      "Permitted:",
      "DNS:localhost",
      "DNS:plinth.internal",
      "DNS:svc.example",
      "IP:10.1.2.3/255.255.255.255",
      "IP:127.0.0.0/255.0.0.0",
      "IP:0:0:0:0:0:0:0:1/FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF",
      "IP:FD00:0:0:0:0:0:0:1/FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF",
    ]);
  });
});
