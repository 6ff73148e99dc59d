import type { CommitmentDuration, ProvisionedRecord, ProvisionedStatus } from "../../store/index.js";

/**
 * A provisioned throughput as it is at `now`: a Creating or Updating one whose activation time
 * has passed is InService, serving the model it was changing to. Derived on read rather than
 * written by a timer, so every node and worker sees the same status with no background job.
 */
export function asOf(record: ProvisionedRecord, now: Date): ProvisionedRecord {
  if ((record.status === "Creating" || record.status === "Updating") && now.getTime() >= record.readyAt.getTime()) {
    return { ...record, status: "InService" as ProvisionedStatus, modelId: record.desiredModelId };
  }
  return record;
}

/** When a commitment taken at `from` ends: one or six calendar months later (UTC). */
export function commitmentEnd(from: Date, duration: CommitmentDuration): Date {
  const end = new Date(from.getTime());
  end.setUTCMonth(end.getUTCMonth() + (duration === "OneMonth" ? 1 : 6));
  return end;
}
