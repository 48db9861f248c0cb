/**
 * Messages between the console's thread and the engine's worker thread (engine-thread.ts and
 * engine-worker.ts). Everything here is plain data: it crosses threads by structured clone.
 */

import type { AcctRecord, FeedbackRecord, MtaConfig, MtaHandle, MtaSnapshot, QueueModeEvent, ReceivedEvent } from "@/mta/index";
import type { SnapshotDelta } from "./snapshot-delta";

export interface EngineWorkerData {
  config: MtaConfig;
  dataDir: string;
}

/** Engine → console. */
export type FromEngine =
  | { t: "ready"; snapshot: MtaSnapshot }
  | { t: "failed"; message: string }
  /** Events since the last batch, in order of occurrence. */
  | { t: "events"; events: EngineEvent[] }
  /** The whole snapshot (at start and stop); in between, twice a second, what changed (snapshot-delta.ts). */
  | { t: "snapshot"; snapshot: MtaSnapshot }
  | { t: "snapshot-delta"; delta: SnapshotDelta }
  | { t: "reply"; id: number; error?: string; value?: unknown };

export type EngineEvent =
  | { kind: "received"; event: ReceivedEvent }
  | { kind: "record"; record: AcctRecord }
  | { kind: "feedback"; record: FeedbackRecord }
  | { kind: "config-applied"; at: number; warnings: number }
  | { kind: "queue-mode"; event: QueueModeEvent };

/** Console → engine. */
export type ToEngine =
  | { t: "stop"; id: number; graceMs: number }
  | { t: "reload"; id: number; config: MtaConfig }
  | CommandMessage;

/** The handle's operator commands (queue actions), carried by name with their arguments. */
export type EngineCommand = "setQueueMode" | "pauseQueue" | "resumeQueue" | "pauseJob" | "resumeJob" | "retryNow" | "disableSource" | "enableSource" | "deleteRecipients" | "listRecipients" | "queueSettings" | "setSuppressionLists" | "addSuppressionEntries" | "removeSuppressionEntries";

/** One command; the reply's `value` is what the engine's method resolved to. */
export type CommandMessage = { [K in EngineCommand]: { t: "command"; id: number; name: K; args: Parameters<MtaHandle[K]> } }[EngineCommand];
