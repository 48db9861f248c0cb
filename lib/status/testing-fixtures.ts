/** Test fixtures for the status documents: an engine snapshot and traffic with distinct numbers. */

import type { MtaSnapshot, QueueSnapshot } from "@/mta/index";
import type { TTraffic } from "../schemas/monitor";

export const T0 = Date.UTC(2026, 10, 28, 1, 0, 0);

export function queue(domain: string, vmta: string, over: Partial<QueueSnapshot> = {}): QueueSnapshot {
  return {
    key: `${domain}/${vmta}`,
    domain,
    vmta,
    recipients: 0,
    messages: 0,
    bytes: 0,
    oldestQueuedAt: null,
    activeConnections: 0,
    nextAttemptAt: null,
    lastError: null,
    mode: "normal",
    modeSince: T0 - 3_600_000,
    modeReason: null,
    paused: false,
    disabledSources: [],
    maxSmtpOut: 20,
    rate: { lastMinute: 0, limit: null, limitPerMinute: null },
    ...over,
  };
}

export function snapshot(over: Partial<MtaSnapshot> = {}): MtaSnapshot {
  return {
    at: T0,
    startedAt: T0 - 7_200_000,
    queues: [
      queue("gmail.com", "v1", { recipients: 30, messages: 10, bytes: 20_480, activeConnections: 2, oldestQueuedAt: T0 - 90_000, rate: { lastMinute: 12, limit: "120/m", limitPerMinute: 120 } }),
      queue("gmail.com", "v2", { recipients: 5, messages: 5, bytes: 4_096, mode: "backoff", modeReason: "421 try later", lastError: "421 4.7.0 try later" }),
      queue("yahoo.com", "v1", { recipients: 7, messages: 7, bytes: 2_048, paused: true }),
    ],
    totals: { queuedRecipients: 42, queuedMessages: 22, spoolBytes: 26_624 },
    connections: { smtpIn: 3, smtpOut: 2 },
    counters: { received: 100, delivered: 80, deferred: 6, bounced: 4 },
    jobs: [{ id: "spring-sale", recipients: 12, messages: 4, paused: true }],
    pools: [{ name: "pool-a", members: ["v1", "v2"] }],
    vmtas: [
      { name: "v1", sourceIps: ["192.0.2.1"] },
      { name: "v2", sourceIps: ["192.0.2.2"] },
      { name: "idle", sourceIps: [] },
    ],
    ...over,
  };
}

const c = (rcp: number, msg: number, kb: number) => ({ rcp, msg, kb });

export function traffic(): TTraffic {
  return {
    total: { in: c(1000, 900, 5000), out: c(950, 850, 4800) },
    sinceStart: { in: c(100, 90, 500), out: c(80, 70, 400) },
    lastHr: { in: c(60, 50, 300), out: c(55, 45, 280) },
    lastMin: { in: c(6, 5, 30), out: c(4, 3, 20) },
    topPerHr: { in: c(400, 350, 2000), out: c(390, 340, 1900) },
    topPerMin: { in: c(40, 35, 200), out: c(39, 34, 190) },
  };
}
