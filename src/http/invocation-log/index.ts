export { invocationLogRecorder } from "./recorder.js";
export type { RecorderLogging } from "./recorder.js";
export { converseRecord, converseStreamRecord } from "./converse-record.js";
export { invokeRecord, invokeStreamRecord } from "./native-record.js";
export { recordHead } from "./record-head.js";
export type { RecordHead } from "./record-head.js";
export { tapStream } from "./stream-tap.js";
export type { StreamEnd, TimedEvent } from "./stream-tap.js";
