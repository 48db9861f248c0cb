/**
 * The engine's outward events, one typed map (commands flow in through `MtaHandle`, events flow out
 * here). Listeners run synchronously on the engine's thread, so they must be cheap: count, buffer,
 * and hand off.
 */

import { EventEmitter } from "node:events";
import type { FeedbackRecord } from "./processors/feedback-record";
import type { AcctRecord } from "./records/acct-record";

export interface ReceivedEvent {
  id: string;
  at: number;
  mailFrom: string;
  recipients: number;
  size: number;
  sourceIp: string;
}

/** A queue changed mode (normal ↔ backoff), with what caused it. */
export interface QueueModeEvent {
  queue: string;
  mode: "normal" | "backoff";
  at: number;
  /** The remote reply that matched a rule, or another reason. */
  reason: string;
  cause: "reply" | "timer" | "delivery" | "operator";
}

export interface ConfigAppliedEvent {
  at: number;
  warnings: number;
}

export interface MtaEvents {
  /** A message was accepted (250 sent) and is durable in the spool. */
  received: ReceivedEvent;
  /** A delivery outcome for one recipient: d, b or t. */
  record: AcctRecord;
  /** A report a `<feedback-loop-processor>` or `<bounce-processor>` read: one f, rb or rs record per reported recipient. */
  feedback: FeedbackRecord;
  "config-applied": ConfigAppliedEvent;
  "queue-mode": QueueModeEvent;
}

export type MtaEventName = keyof MtaEvents;

/** A typed wrapper over EventEmitter: emit and on accept only the names and payloads of MtaEvents. */
export class MtaEventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // The console may hold one listener per open SSE stream.
    this.emitter.setMaxListeners(0);
  }

  emit<K extends MtaEventName>(name: K, payload: MtaEvents[K]): void {
    this.emitter.emit(name, payload);
  }

  on<K extends MtaEventName>(name: K, listener: (payload: MtaEvents[K]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
