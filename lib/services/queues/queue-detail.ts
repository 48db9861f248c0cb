import "server-only";

/**
 * One queue's page: its live snapshot row, its last errors and recent recipient events (newest 50
 * DeliveryRecords of the queue, through the queue index with a LIMIT), its mode history, its
 * effective settings with their origin, the source IPs it may use, and the audit trail of actions on it.
 */

import { parseQueueKey, type EffectiveSetting, type QueuedRecipient, type QueueSnapshot } from "@/mta/index";
import { createAuditRepository, type AuditEventDto } from "../../db/audit-repository";
import { createDeliveryRecordRepository } from "../../db/delivery-record-repository";
import { createQueueModeChangeRepository, type QueueModeChangeDto } from "../../db/queue-mode-change-repository";
import { getMta } from "../../mta-host/handle";
import type { TRecordRow } from "../../schemas/records";
import { toRecordRow } from "../records/search-records";

/** Rows per section of the detail page. */
export const DETAIL_ROWS = 50;

export interface TQueueDetail {
  key: string;
  domain: string;
  vmta: string;
  engineRunning: boolean;
  /** Null when the queue holds no mail and is in normal mode (the engine forgets such queues). */
  snapshot: QueueSnapshot | null;
  snapshotAt: number | null;
  errors: TRecordRow[];
  events: TRecordRow[];
  modeHistory: QueueModeChangeDto[];
  settings: { ok: true; settings: EffectiveSetting[] } | { ok: false; message: string };
  /** The oldest waiting recipients (`pmta list`), at most DETAIL_ROWS. */
  waiting: QueuedRecipient[];
  /** The VirtualMTA's configured source addresses, for "disable source". */
  sourceIps: string[];
  audit: AuditEventDto[];
}

let settingsErrorLogged = false;

async function settingsOf(key: string): Promise<TQueueDetail["settings"]> {
  const mta = getMta();
  if (!mta) return { ok: false, message: "The MTA is not running in this process." };
  try {
    const settings = await mta.queueSettings(key);
    return settings ? { ok: true, settings } : { ok: false, message: "No such VirtualMTA in the running configuration." };
  } catch (err) {
    // The page polls every 2 s: log the first failure, not one per refresh.
    if (!settingsErrorLogged) console.error("hermod: queue settings", err);
    settingsErrorLogged = true;
    return { ok: false, message: "This engine cannot report effective settings." };
  }
}

async function waitingOf(key: string): Promise<QueuedRecipient[]> {
  const mta = getMta();
  if (!mta) return [];
  try {
    return await mta.listRecipients({ queue: key, maxItems: DETAIL_ROWS });
  } catch (err) {
    console.error("hermod: list recipients", err);
    return [];
  }
}

export async function getQueueDetail(key: string): Promise<TQueueDetail> {
  const parsed = parseQueueKey(key)!;
  const mta = getMta();
  const s = mta?.snapshot() ?? null;
  const records = createDeliveryRecordRepository();
  const audit = createAuditRepository();
  // Actions may name a {default} queue by its domain alone: both spellings are this queue's trail.
  const targets = parsed.vmta === "{default}" ? [key, parsed.domain] : [key];
  const [errors, events, modeHistory, settings, waiting, ...trails] = await Promise.all([
    records.search({ queue: key, types: ["t", "b"] }, { limit: DETAIL_ROWS }),
    records.search({ queue: key }, { limit: DETAIL_ROWS }),
    createQueueModeChangeRepository().ofQueue(key, DETAIL_ROWS),
    settingsOf(key),
    waitingOf(key),
    ...targets.map((target) => audit.list({ limit: DETAIL_ROWS, target })),
  ]);
  return {
    key,
    domain: parsed.domain,
    vmta: parsed.vmta,
    engineRunning: mta !== null,
    snapshot: s?.queues.find((q) => q.key === key) ?? null,
    snapshotAt: s?.at ?? null,
    errors: errors.map(toRecordRow),
    events: events.map(toRecordRow),
    modeHistory,
    settings,
    waiting,
    sourceIps: s?.vmtas.find((v) => v.name === parsed.vmta)?.sourceIps ?? [],
    audit: trails.flat().sort((a, b) => b.id - a.id).slice(0, DETAIL_ROWS),
  };
}
