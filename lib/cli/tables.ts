/**
 * Human output of the `show` commands: plain aligned columns like `pmta show …`, numbers right-aligned.
 * Pure: documents in, lines out.
 */

import type { QueueRow } from "../status/queue-documents";
import type { StatusDocument } from "../status/status-document";

type Cell = string | number;

/** Aligns rows under a header; numeric columns are right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly Cell[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? "").length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === "number"));
  const line = (cells: readonly Cell[]) =>
    cells
      .map((c, i) => (numeric[i] ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

export function formatQueues(rows: readonly QueueRow[]): string[] {
  if (rows.length === 0) return ["No queues match."];
  return table(
    ["queue", "rcpt", "kbytes", "conn", "mode", "paused", "oldest", "retry", "last error"],
    rows.map((q) => [q.name, q.rcp, q.kb, q.conn, q.mode, q.paused ? "yes" : "no", age(q.oldestAge), q.nextRetry || "-", q.lastError || "-"]),
  );
}

export function formatVmtas(rows: readonly { name: string; rcp: number; kb: number; conn: number; dom: number; sourceIps: string[] }[]): string[] {
  if (rows.length === 0) return ["No VirtualMTAs."];
  return table(["vmta", "rcpt", "kbytes", "conn", "queues", "source IPs"], rows.map((v) => [v.name, v.rcp, v.kb, v.conn, v.dom, v.sourceIps.join(",") || "-"]));
}

export function formatJobs(rows: readonly { id: string; rcp: number; msg: number; paused: boolean }[]): string[] {
  if (rows.length === 0) return ["No jobs with queued mail."];
  return table(["job", "rcpt", "msgs", "paused"], rows.map((j) => [j.id, j.rcp, j.msg, j.paused ? "yes" : "no"]));
}

export function formatRecipients(rows: readonly { rcpt: string; orig: string; queue: string; jobId: string; queuedAt: string; attempts: number }[]): string[] {
  if (rows.length === 0) return ["No queued recipients match."];
  return table(["recipient", "sender", "queue", "job", "queued", "attempts"], rows.map((r) => [r.rcpt, r.orig || "<>", r.queue, r.jobId || "-", r.queuedAt.replace("T", " ").slice(0, 19), r.attempts]));
}

function age(seconds: number): string {
  if (seconds <= 0) return "-";
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h${Math.floor((seconds % 3600) / 60)}m`;
  return `${Math.floor(seconds / 86_400)}d${Math.floor((seconds % 86_400) / 3600)}h`;
}

export function formatStatus(doc: StatusDocument): string[] {
  const s = doc.status;
  const t = s.traffic;
  const traffic = table(
    ["traffic", "in rcpt", "in msgs", "in kbytes", "out rcpt", "out msgs", "out kbytes"],
    (
      [
        ["Total", t.total],
        ["Last hour", t.lastHr],
        ["Last min.", t.lastMin],
        ["Top/hour", t.topPerHr],
        ["Top/min.", t.topPerMin],
      ] as const
    ).map(([label, p]) => [label, p.in.rcp, p.in.msg, p.in.kb, p.out.rcp, p.out.msg, p.out.kb]),
  );
  const conn = table(
    ["connections", "cur", "max", "top"],
    [
      // max 0: no configured ceiling.
      ["SMTP in", s.conn.smtpIn.cur, s.conn.smtpIn.max || "-", s.conn.smtpIn.top],
      ["SMTP out", s.conn.smtpOut.cur, s.conn.smtpOut.max || "-", s.conn.smtpOut.top],
    ],
  );
  const queue = table(["queue", "rcpt", "domains", "kbytes"], [["SMTP", s.queue.smtp.rcp, s.queue.smtp.dom, s.queue.smtp.kb]]);
  return [
    `${doc.mta.product.name} ${doc.mta.product.version} on ${doc.mta.fullHostName}: ${s.status}, started ${s.startupTime} UTC, now ${s.timeNow} UTC`,
    "",
    ...traffic,
    "",
    ...conn,
    "",
    ...queue,
    "",
    `spool: ${s.spool.files.total} files, ${s.spool.totalRcp} recipients, initialised ${s.spool.initPct}%`,
  ];
}
