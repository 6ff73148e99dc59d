import { join } from "node:path";
import type { AuditEvent } from "../audit/event.js";
import { pendingRow } from "./audit-rows.js";
import type { PendingRow } from "./audit-rows.js";
import { openStore } from "./open-store.js";
import { SQLITE_FILE } from "./sqlite.js";

/** A small data event named by `eventID`, as the audit writer's tests append them. */
export const auditEvent = (eventID: string): AuditEvent => ({
  eventVersion: "1.09", userIdentity: { type: "Unknown" }, eventTime: "2030-01-01T00:00:00Z", eventSource: "bedrock.amazonaws.com",
  eventName: "InvokeModel", awsRegion: "eu-west-2", sourceIPAddress: "192.0.2.1", requestParameters: null, responseElements: null,
  additionalEventData: {}, requestID: eventID, eventID, readOnly: false, eventType: "AwsApiCall", managementEvent: false,
  eventCategory: "Data", recipientAccountId: "111122223333",
  resources: [{ ARN: `arn:aws:bedrock:eu-west-2::foundation-model/${eventID}`, accountId: "", type: "AWS::Bedrock::Model" }],
});

/** Rows for those events: a leaf of `{"id":...}` and a leaf hash of the id's length repeated. */
export const auditRows = (...ids: string[]): PendingRow[] =>
  ids.map((id) => pendingRow(auditEvent(id), new TextEncoder().encode(`{"id":"${id}"}`), new Uint8Array(32).fill(id.length)));

/** A migrated database file in `root`/`name`, as the store leaves it once closed. */
export async function migratedDatabase(root: string, name: string): Promise<string> {
  const dir = join(root, name);
  await (await openStore({ dataDir: dir })).close();
  return join(dir, SQLITE_FILE);
}
