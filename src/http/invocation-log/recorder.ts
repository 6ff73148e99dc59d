import { clientWatch } from "../../kernel/index.js";
import type { ConverseResult, RequestContext, StreamEvent } from "../../kernel/index.js";
import type { ConverseCommand } from "../../service/commands.js";
import { deliversAnything } from "../../service/invocation-logging/index.js";
import type { AccountInvocationLogging, LoggingConfig, ModelInvocationLog } from "../../service/invocation-logging/index.js";
import type { RequestedService } from "../bedrock-runtime/codec/index.js";
import type { NativeOutput, NativeStreamOutput } from "../bedrock-runtime/invoke-routes.js";
import type { Admission, OutputGuard, Step } from "../hooks.js";
import { converseRecord, converseStreamRecord } from "./converse-record.js";
import { invokeRecord, invokeStreamRecord } from "./native-record.js";
import { recordHead } from "./record-head.js";
import { tapStream } from "./stream-tap.js";

/** The operations Bedrock's invocation logging covers (bedrock-runtime only). */
const LOGGED: ReadonlySet<string> = new Set(["Converse", "ConverseStream", "InvokeModel", "InvokeModelWithResponseStream"]);

/** What the Converse operations hand the output guards (converse-routes.ts). */
interface TimedConverse<T> { readonly value: T; readonly startedAt: number; readonly requested: RequestedService }

export type RecorderLogging = Pick<AccountInvocationLogging, "config" | "record">;

/**
 * Writes a ModelInvocationLog record for each logged call of an account whose invocation logging
 * delivers some kind of content. Two seats in the pipeline:
 * - admission starts reading the account's configuration, so the read overlaps the provider call
 *   instead of delaying the answer (it never refuses);
 * - guard output (a "guard" only by its seat: it sees the resolved input and the result together)
 *   writes the record of a whole answer before handing it on unchanged, or wraps a stream so its
 *   record is written when it ends, however it ends. With logging off nothing is wrapped or kept.
 * A record that cannot be read or written is reported (`onFault`) and never fails the call: the
 * log observes the request, it does not decide it.
 */
export function invocationLogRecorder(logging: RecorderLogging, onFault: (error: unknown) => void, now: () => number = () => performance.now()): { readonly admission: Admission; readonly guard: OutputGuard } {
  const lookups = new WeakMap<RequestContext, Promise<LoggingConfig | undefined>>();
  const lookup = (ctx: RequestContext): Promise<LoggingConfig | undefined> =>
    logging.config(ctx.principal.accountId).catch((error: unknown) => (onFault(error), undefined));
  const write = async (build: () => ModelInvocationLog): Promise<void> => {
    try {
      await logging.record(build());
    } catch (error) {
      onFault(error);
    }
  };

  const admission: Admission = {
    name: "invocation-log-lookup",
    admit: async ({ op, ctx }: Step) => {
      if (LOGGED.has(op.name)) lookups.set(ctx, lookup(ctx));
    },
  };

  const guard: OutputGuard = {
    name: "invocation-log-recorder",
    async guardOutput(step: Step, output: unknown): Promise<unknown> {
      const { op, ctx } = step;
      if (!LOGGED.has(op.name)) return output;
      const config = await (lookups.get(ctx) ?? lookup(ctx));
      lookups.delete(ctx);
      if (!deliversAnything(config)) return output;
      switch (op.name) {
        case "Converse": {
          const cmd = step.input as ConverseCommand;
          const out = output as TimedConverse<ConverseResult>;
          await write(() => converseRecord(recordHead(ctx, op.name, cmd.modelId), cmd, out.value, config));
          return output;
        }
        case "InvokeModel": {
          const out = output as NativeOutput;
          await write(() => invokeRecord(recordHead(ctx, op.name, out.input.modelId), out, config));
          return output;
        }
        case "ConverseStream": {
          const cmd = step.input as ConverseCommand;
          const out = output as TimedConverse<AsyncIterable<StreamEvent>>;
          const head = recordHead(ctx, op.name, cmd.modelId);
          const value = tapStream(out.value, clientWatch(ctx), (seen, end) =>
            write(() => converseStreamRecord(head, cmd, seen.reveal(), end, config, out.startedAt, out.requested)), now);
          return { ...out, value };
        }
        default: {
          const out = output as NativeStreamOutput;
          const head = recordHead(ctx, op.name, out.input.modelId);
          const startedAt = now();
          const events = tapStream(out.events, clientWatch(ctx), (seen, end) =>
            write(() => invokeStreamRecord(head, out.input, seen.reveal(), end, config, startedAt)), now);
          return { ...out, events };
        }
      }
    },
  };
  return { admission, guard };
}
