/**
 * `/status`: PowerMTA's status document (powermta.md §1.8, UG5.0 §5.3), built from the engine's
 * snapshot and the monitor's traffic. Every name below is PowerMTA's unless marked "Hermod": scripts
 * read `//status/traffic/lastMin/out/rcp`, `//status/conn/smtpOut/cur`, `//status/queue/smtp/rcp`,
 * `//status/spool/files/total`, `//status/spool/initPct` (Scout's powermta_stats plugin and munin's).
 * Pure: the caller gathers the inputs (lib/status/status-sources.ts).
 */

import type { MtaSnapshot } from "@/mta/index";
import type { TTraffic, TTrafficCounts } from "../schemas/monitor";

export interface HostInfo {
  productName: string;
  version: string;
  osName: string;
  osVersion: string;
  cpuType: string;
  cpuCount: number;
  /** Physical memory in bytes (reported in KB as PowerMTA's `ram.real`). */
  ramBytes: number;
  fullHostName: string;
}

export interface StatusInputs {
  snapshot: MtaSnapshot;
  traffic: TTraffic;
  host: HostInfo;
  /** Highest connection counts seen since start (`conn.*.top`). */
  peaks: { smtpIn: number; smtpOut: number };
  /** Configured ceilings (`conn.*.max`): total-max-smtp-out, and inbound when known (0: unlimited). */
  limits: { smtpIn: number; smtpOut: number };
  shuttingDown: boolean;
}

/** PowerMTA prints times as "YYYY-MM-DD HH:MM:SS" in local time; Hermod uses UTC with the same layout. */
export function formatStatusTime(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").slice(0, 19);
}

export function kb(bytes: number): number {
  return Math.round(bytes / 1024);
}

function inOut(t: { in: TTrafficCounts; out: TTrafficCounts }) {
  return { in: { ...t.in }, out: { ...t.out } };
}

export function buildStatusDocument(input: StatusInputs) {
  const { snapshot: s, traffic, host } = input;
  const domains = new Set(s.queues.filter((q) => q.recipients > 0).map((q) => q.domain));
  return {
    mta: {
      product: { name: host.productName, version: host.version, buildDate: "", revision: "", bits: 64 },
      os: { name: host.osName, version: host.osVersion, build: "" },
      cpu: { type: host.cpuType, count: host.cpuCount },
      ram: { real: kb(host.ramBytes) },
      fullHostName: host.fullHostName,
      userString: "",
      hostId: host.fullHostName,
    },
    status: {
      timeNow: formatStatusTime(s.at),
      startupTime: formatStatusTime(s.startedAt),
      shuttingDown: input.shuttingDown,
      traffic: {
        total: inOut(traffic.total),
        lastHr: inOut(traffic.lastHr),
        lastMin: inOut(traffic.lastMin),
        topPerHr: inOut(traffic.topPerHr),
        topPerMin: inOut(traffic.topPerMin),
        // Hermod: this process only (PowerMTA's counters reset at start; `total` here survives restarts).
        sinceStart: inOut(traffic.sinceStart),
      },
      conn: {
        smtpIn: { cur: s.connections.smtpIn, max: input.limits.smtpIn, top: Math.max(input.peaks.smtpIn, s.connections.smtpIn) },
        smtpOut: { cur: s.connections.smtpOut, max: input.limits.smtpOut, top: Math.max(input.peaks.smtpOut, s.connections.smtpOut) },
      },
      queue: {
        smtp: { rcp: s.totals.queuedRecipients, dom: domains.size, kb: kb(s.totals.spoolBytes) },
      },
      spool: {
        // The spool is recovered before the engine reports running, so initialisation is complete.
        initPct: 100,
        files: { inUse: s.totals.queuedMessages, total: s.totals.queuedMessages },
        totalRcp: s.totals.queuedRecipients,
      },
      status: input.shuttingDown ? "shutting down" : "running",
    },
  };
}

export type StatusDocument = ReturnType<typeof buildStatusDocument>;
