import { test } from "node:test";
import assert from "node:assert/strict";
import { isFault } from "../../kernel/index.js";
import { allowsAsyncStreaming, ASYNC_STREAMING_TAG, checkPlinthTags, REDACT_AND_RESTORE_TAG, redactsAndRestores } from "./opt-in-tags.js";

test("opt-in tags take true or false only, refused by field where they are written", () => {
  for (const key of [REDACT_AND_RESTORE_TAG, ASYNC_STREAMING_TAG]) {
    for (const value of ["true", "false"]) assert.doesNotThrow(() => checkPlinthTags([{ key, value }]));
    for (const value of ["yes", "TRUE", "true ", "1", ""]) {
      assert.throws(() => checkPlinthTags([{ key: "team", value: "a" }, { key, value }], "tags"),
        (e: unknown) => isFault(e) && e.kind === "validation" && e.detail.field === "tags.1.value" && e.message.includes(key), `${key}=${value}`);
    }
  }
  assert.doesNotThrow(() => checkPlinthTags([{ key: "plinth:other", value: "maybe" }]), "other keys are the owner's own");
});

test("each opt-in is read from its own tag, and only `true` opts in", () => {
  const table: [readonly { key: string; value: string }[], boolean, boolean][] = [
    [[], false, false],
    [[{ key: ASYNC_STREAMING_TAG, value: "true" }], false, true],
    [[{ key: REDACT_AND_RESTORE_TAG, value: "true" }], true, false],
    [[{ key: ASYNC_STREAMING_TAG, value: "false" }, { key: REDACT_AND_RESTORE_TAG, value: "false" }], false, false],
    [[{ key: "Plinth:Async-Streaming", value: "true" }], false, false],
  ];
  for (const [tags, redact, async] of table) {
    assert.equal(redactsAndRestores(tags), redact, JSON.stringify(tags));
    assert.equal(allowsAsyncStreaming(tags), async, JSON.stringify(tags));
  }
});
