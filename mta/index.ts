/**
 * The only entry other layers may import from `mta/` (tests may also use `mta/testing`).
 */

export type { MtaHandle, MtaSnapshot, QueueSnapshot, MtaCounters } from "./handle";
export type { MtaEvents, MtaEventName, ReceivedEvent, ConfigAppliedEvent } from "./events";
export { MtaEventBus } from "./events";
export type { RecordSink, Resolver, Clock, Logger } from "./ports";
export type { AcctRecord, DeliveryRecordType } from "./records/acct-record";
export type { MtaConfig, Diagnostic, CompileResult } from "./config/types";
export { createMta, type MtaOptions } from "./runtime";
export { loadConfigFile, compileConfigText, formatDiagnostic, defaultConfigText } from "./config/index";
export { formatQueueKey, parseQueueKey, DEFAULT_VMTA } from "./queue/queue-key";
export { createRecordPipeline, type RecordPipeline } from "./records/record-pipeline";
