/**
 * The entry other layers import from `mta/` (tests may also use `mta/testing`). The engine itself is
 * built through `mta/engine.ts`, by lib/mta-host/engine-worker.ts only.
 */

export type { MtaHandle, MtaSnapshot, QueueSnapshot, MtaCounters, DeleteRecipientsFilter, EffectiveSetting, JobSnapshot, ListRecipientsFilter, QueuedRecipient } from "./handle";
export type { MtaEvents, MtaEventName, ReceivedEvent, ConfigAppliedEvent, QueueModeEvent } from "./events";
export { MtaEventBus } from "./events";
export type { RecordSink, Resolver, Clock, Logger, SuppressionLookup, SuppressionScope } from "./ports";
export type { SuppressionKind, SuppressionListInfo, SuppressionScopeKind, SuppressionValue } from "./suppression/suppression-index";
export type { AcctRecord, DeliveryRecordType } from "./records/acct-record";
export type { FeedbackRecord, FeedbackRecordType } from "./processors/feedback-record";
export { ACCT_COLUMNS, acctTime, csvField } from "./records/acct-csv-format";
export { BOUNCE_CATEGORIES } from "./bounce/categories";
export type { MtaConfig, Diagnostic, CompileResult, HttpMgmtConfig, HttpAccessLevel } from "./config/types";
export { loadConfigFile, compileConfigText, formatDiagnostic, defaultConfigText, httpAccessLevel } from "./config/index";
export { formatQueueKey, parseQueueKey, DEFAULT_VMTA } from "./queue/queue-key";
export { createRecordPipeline, type RecordPipeline } from "./records/record-pipeline";
// The config language's parser and value syntaxes, for the console's editors (block edits by line
// range, field checks as you type) and the `hermod` CLI.
export type { ConfigNode, BlockNode, DirectiveNode, Word, SourceLocation, Parsed, ConfigSummary, ExportResult } from "./config/index";
export {
  parse as parseConfigText,
  configSummary,
  exportConfig as exportConfigText,
  parseInterval,
  parseIntervalList,
  parseSize,
  parseBoolean,
  parseCount,
  parseCidr,
  parseIp,
  parseDomainPattern,
  normalizeDomain,
  parseSmtpHosts,
} from "./config/index";
export { parseVirtualMtaName, parseBlockName, parseHeaderName } from "./config/names";
// DKIM keys (issue 6): checking, DNS records, generation, and the console's keys in the engine's config.
export type { DomainKeyConfig, DkimAlgorithm } from "./config/types";
export { checkDkimPrivateKey, dkimDnsRecord, generateDkimKey, isDkimSelector } from "./dkim/dkim-key";
export { withConsoleDomainKeys, consoleKeyFile, type StoredDkimKey } from "./dkim/console-keys";
