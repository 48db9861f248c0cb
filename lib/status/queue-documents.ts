/**
 * `/queues`, `/domains`, `/vmtas`, `/jobs`: one element per row, under PowerMTA's element name
 * (`data.queue[]`, `data.domain[]`, `data.vmta[]`, `data.job[]`), so `//domain/name`, `//domain/rcp`,
 * `//vmta/name`, `//vmta/rcp` (munin/zabbix/Scout scripts, powermta.md §1.8) read the same in XML.
 * PowerMTA's names: name, rcp, kb, conn, paused, mode, domain, vmta, id, msg (the `pmta show queues`
 * columns rcpt/kbytes/conn/mode/paused/retry/last error, UG5.0 §6.3.13). Hermod's own (not in
 * PowerMTA's documents) are marked below.
 */

import type { JobSnapshot, MtaSnapshot, QueueSnapshot } from "@/mta/index";
import { formatStatusTime, kb } from "./status-document";

/** `?queue=dom/vmta`, `dom`, `*` wildcards in either part (`*​/VMTA`), as PowerMTA's queue filter. */
export function queueMatcher(pattern: string | null | undefined): (q: Pick<QueueSnapshot, "domain" | "vmta">) => boolean {
  if (!pattern || pattern === "*" || pattern === "*/*") return () => true;
  const [dom, vmta] = pattern.toLowerCase().split("/", 2);
  const part = (p: string | undefined) => {
    if (p === undefined || p === "*") return () => true;
    const re = new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
    return (v: string) => re.test(v.toLowerCase());
  };
  const d = part(dom);
  const v = part(vmta);
  return (q) => d(q.domain) && v(q.vmta);
}

export interface QueueFilter {
  queue?: string | null;
  mode?: "normal" | "backoff" | null;
  paused?: boolean | null;
}

function queueRow(q: QueueSnapshot, now: number) {
  return {
    name: q.key,
    domain: q.domain,
    vmta: q.vmta,
    rcp: q.recipients,
    // Hermod: messages behind those recipients.
    msg: q.messages,
    kb: kb(q.bytes),
    conn: q.activeConnections,
    paused: q.paused,
    mode: q.mode,
    // Hermod: when the mode last changed, and why (PowerMTA shows the backoff reason on its queue page).
    modeSince: formatStatusTime(q.modeSince),
    modeReason: q.modeReason,
    // PowerMTA's "retry" column: when the next attempt is due (empty: now or idle).
    nextRetry: q.nextAttemptAt === null ? "" : formatStatusTime(q.nextAttemptAt),
    lastError: q.lastError ?? "",
    // Hermod: age of the oldest queued message in seconds, the connection ceiling, the rate against its limit.
    oldestAge: q.oldestQueuedAt === null ? 0 : Math.max(0, Math.round((now - q.oldestQueuedAt) / 1000)),
    maxSmtpOut: q.maxSmtpOut,
    rate: { lastMin: q.rate?.lastMinute ?? 0, limit: q.rate?.limit ?? "" },
    disabledSources: q.disabledSources.map((d) => ({ ip: d.ip, until: d.until === null ? "" : formatStatusTime(d.until) })),
  };
}

export type QueueRow = ReturnType<typeof queueRow>;

/** Most recipients first, then by name (PowerMTA's top-queues order). */
export function buildQueuesDocument(s: MtaSnapshot, filter: QueueFilter = {}) {
  const match = queueMatcher(filter.queue);
  const rows = s.queues
    .filter((q) => match(q) && (filter.mode ? q.mode === filter.mode : true) && (filter.paused === null || filter.paused === undefined ? true : q.paused === filter.paused))
    .sort((a, b) => b.recipients - a.recipients || a.key.localeCompare(b.key))
    .map((q) => queueRow(q, s.at));
  return { queue: rows };
}

/** Per destination domain, over all its VirtualMTAs. */
export function buildDomainsDocument(s: MtaSnapshot) {
  const byDomain = new Map<string, { name: string; rcp: number; msg: number; bytes: number; conn: number; vmtas: number; backoff: number }>();
  for (const q of s.queues) {
    const d = byDomain.get(q.domain) ?? { name: q.domain, rcp: 0, msg: 0, bytes: 0, conn: 0, vmtas: 0, backoff: 0 };
    d.rcp += q.recipients;
    d.msg += q.messages;
    d.bytes += q.bytes;
    d.conn += q.activeConnections;
    d.vmtas += 1;
    if (q.mode === "backoff") d.backoff += 1;
    byDomain.set(q.domain, d);
  }
  const rows = [...byDomain.values()]
    .sort((a, b) => b.rcp - a.rcp || a.name.localeCompare(b.name))
    // Hermod: msg, vmtas (queues of this domain) and backoffQueues.
    .map((d) => ({ name: d.name, rcp: d.rcp, msg: d.msg, kb: kb(d.bytes), conn: d.conn, vmtas: d.vmtas, backoffQueues: d.backoff }));
  return { domain: rows };
}

/** Every configured VirtualMTA (also idle ones), with what is queued on it. */
export function buildVmtasDocument(s: MtaSnapshot) {
  const rows = new Map<string, { name: string; rcp: number; msg: number; bytes: number; conn: number; dom: number; sourceIps: string[] }>();
  for (const v of s.vmtas) rows.set(v.name, { name: v.name, rcp: 0, msg: 0, bytes: 0, conn: 0, dom: 0, sourceIps: [...v.sourceIps] });
  for (const q of s.queues) {
    const r = rows.get(q.vmta) ?? { name: q.vmta, rcp: 0, msg: 0, bytes: 0, conn: 0, dom: 0, sourceIps: [] };
    r.rcp += q.recipients;
    r.msg += q.messages;
    r.bytes += q.bytes;
    r.conn += q.activeConnections;
    r.dom += 1;
    rows.set(q.vmta, r);
  }
  const pools = s.pools.map((p) => ({ name: p.name, members: [...p.members] }));
  return {
    // Hermod: msg, dom (queues), sourceIps; `pool` lists the configured pools and their members.
    vmta: [...rows.values()]
      .sort((a, b) => b.rcp - a.rcp || a.name.localeCompare(b.name))
      .map((r) => ({ name: r.name, rcp: r.rcp, msg: r.msg, kb: kb(r.bytes), conn: r.conn, dom: r.dom, sourceIps: r.sourceIps })),
    pool: pools,
  };
}

/** Jobs with queued mail or paused (`pmta show jobs`): id, rcp, msg, paused. */
export function buildJobsDocument(s: MtaSnapshot) {
  const jobs: JobSnapshot[] = s.jobs ?? [];
  return { job: jobs.map((j) => ({ id: j.id, rcp: j.recipients, msg: j.messages, paused: j.paused })) };
}
