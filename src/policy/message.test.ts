import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { denialMessage } from "./message.js";

const WHO = "arn:aws:iam::111122223333:user/alice";
const WHAT = "bedrock:InvokeModel";
const WHERE = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
const head = `User: ${WHO} is not authorized to perform: ${WHAT} on resource: ${WHERE}`;

describe("AccessDenied wording, as AWS gives it", () => {
  const cases = [
    ["ImplicitDeny", "identity", `${head} because no identity-based policy allows the ${WHAT} action`],
    ["ImplicitDeny", "scp", `${head} because no service control policy allows the ${WHAT} action`],
    ["ImplicitDeny", "boundary", `${head} because no permissions boundary allows the ${WHAT} action`],
    ["ImplicitDeny", "session", `${head} because no session policy allows the ${WHAT} action`],
    ["ImplicitDeny", "resource", `${head} because no resource-based policy allows the ${WHAT} action`],
    ["ImplicitDeny", "trust", `${head} because no resource-based policy allows the ${WHAT} action`],
    ["ExplicitDeny", "scp", `${head} with an explicit deny in a service control policy`],
    ["ExplicitDeny", "identity", `${head} with an explicit deny in an identity-based policy`],
    ["ExplicitDeny", "resource", `${head} with an explicit deny in a resource-based policy`],
    ["ExplicitDeny", "boundary", `${head} with an explicit deny in a permissions boundary`],
    ["ExplicitDeny", "session", `${head} with an explicit deny in a session policy`],
  ] as const;
  for (const [decision, deniedBy, expected] of cases) {
    it(`${decision} by ${deniedBy}`, () => {
      assert.equal(denialMessage(WHO, WHAT, WHERE, { decision, deniedBy, matched: [] }), expected);
    });
  }
});
