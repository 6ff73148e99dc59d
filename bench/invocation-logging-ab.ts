import { join } from "node:path";
import Database from "better-sqlite3";
import { DeleteModelInvocationLoggingConfigurationCommand, PutModelInvocationLoggingConfigurationCommand } from "@aws-sdk/client-bedrock";
import { SQLITE_FILE } from "../src/store/index.js";
import { controlClient } from "./control.js";
import { comparisonOf, runInterleaved } from "./paired.js";
import type { Comparison, PairedRuns } from "./paired.js";
import { MODEL_ID } from "./plinth.js";
import type { Plinth } from "./plinth.js";
import { converseBody, signConverse } from "./sign.js";

/**
 * Issue 10: what model invocation logging adds to a Converse call. One server, the account's
 * logging switched through the API before each run (PutModelInvocationLoggingConfiguration with
 * text delivery on; DeleteModelInvocationLoggingConfiguration for off), in interleaved rounds.
 * With it on, each answer waits for its record to be sealed under the account's default KMS key
 * and written to the store. Afterwards the store must hold one record per answer of the "on"
 * runs and none of the "off" runs, or the comparison measured nothing.
 */
export interface InvocationLoggingPair {
  readonly at1: Comparison;
  readonly at16: Comparison;
  readonly recordsWritten: number;
  readonly answersWithLoggingOn: number;
  readonly paired: PairedRuns;
}

export async function runInvocationLoggingPair(o: {
  plinth: Plinth; upstreamPid: number; rounds: number; durationSeconds: number; warmupSeconds: number;
  progress: (text: string) => void; problems: string[];
}): Promise<InvocationLoggingPair> {
  const p = o.plinth;
  const control = controlClient(p);
  try {
    const signed = await signConverse({ url: p.url, region: p.region, credentials: p.credentials, modelId: MODEL_ID, operation: "converse", body: converseBody() });
    const target = { url: p.url, ...signed, tlsCa: p.ca, pids: { plinth: p.pid, upstream: o.upstreamPid } };
    const records = (): number => {
      const db = new Database(join(p.dataDir, SQLITE_FILE), { readonly: true, fileMustExist: true });
      try {
        return (db.prepare("SELECT count(*) AS n FROM invocation_logs").get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    const before = records();
    const paired = await runInterleaved({
      label: "invocation logging off/on", rounds: o.rounds, connections: [16, 1], durationSeconds: o.durationSeconds, warmupSeconds: o.warmupSeconds,
      serverKey: "plinth", progress: o.progress, problems: o.problems,
      variants: [
        { name: "logging-off", target, before: async () => void await control.send(new DeleteModelInvocationLoggingConfigurationCommand({})) },
        { name: "logging-on", target, before: async () => void await control.send(new PutModelInvocationLoggingConfigurationCommand({ loggingConfig: { textDataDeliveryEnabled: true } })) },
      ],
    });
    await control.send(new DeleteModelInvocationLoggingConfigurationCommand({}));
    const written = records() - before;
    const on = paired.runs.reduce((s, r) => s + r.results["logging-on"]!.requests + r.results["logging-on"]!.warmupAnswers, 0);
    // autocannon stops counting at its deadline with requests still in flight: the server may have
    // answered (and logged) one per connection at the end of the warm-up and of the measured run
    // that no count here includes. Twice that is still far below the "off" answers, which must
    // not be logged at all, so the check still tells a switch that failed either way.
    const slack = paired.runs.reduce((s, r) => s + 4 * r.connections, 0);
    if (written < on || written > on + slack) {
      o.problems.push(`invocation logging pair: ${written} records written for ${on} answers with logging on (expected ${on} to ${on + slack}): the switch did not take effect as asked`);
    }
    return { at1: comparisonOf(paired, "logging-on", 1), at16: comparisonOf(paired, "logging-on", 16), recordsWritten: written, answersWithLoggingOn: on, paired };
  } finally {
    control.destroy();
  }
}
