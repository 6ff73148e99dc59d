import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Recogniser } from "./recogniser.js";
import { awsAccessKeyRecogniser, awsSecretKeyRecogniser, passwordRecogniser, pinRecogniser, usernameRecogniser } from "./secrets.js";

/** What a finder would keep: the matched texts scoring at least 0.5. */
const found = (r: Recogniser, text: string) => r.find(text).filter((m) => m.score >= 0.5).map((m) => text.slice(m.start, m.end));

const cases: ReadonlyArray<readonly [Recogniser, string, readonly string[]]> = [
  [awsAccessKeyRecogniser, "key AKIAIOSFODNN7EXAMPLE", ["AKIAIOSFODNN7EXAMPLE"]],
  [awsAccessKeyRecogniser, "temp ASIAY34FZKBOKMUTVV7A", ["ASIAY34FZKBOKMUTVV7A"]],
  [awsAccessKeyRecogniser, "AKIAIOSFODNN7EXAMPLEX", []],
  [awsSecretKeyRecogniser, "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]],
  [awsSecretKeyRecogniser, "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]],
  [awsSecretKeyRecogniser, "commit 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12", []],
  [passwordRecogniser, "password: Hunter2!", ["Hunter2!"]],
  [passwordRecogniser, "my pwd is s3cret.", ["s3cret"]],
  [passwordRecogniser, "the password is stored safely", []],
  [pinRecogniser, "PIN 4821", ["4821"]],
  [pinRecogniser, "pin code: 004821", ["004821"]],
  [pinRecogniser, "pinned 4821", []],
  [usernameRecogniser, "username: jbloggs", ["jbloggs"]],
  [usernameRecogniser, "login = j.bloggs_42", ["j.bloggs_42"]],
  [usernameRecogniser, "the user is not logged in", []],
];

describe("Secret recognisers", () => {
  for (const [r, text, expected] of cases) {
    it(`${r.type}: ${text}`, () => assert.deepEqual(found(r, text), expected));
  }
});
