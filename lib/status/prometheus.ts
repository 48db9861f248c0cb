/**
 * `/metrics`: Prometheus text exposition format 0.0.4. Queue gauges per (domain, vmta), traffic
 * counters (all time, from persisted rollups plus this process), connections and spool. Label values
 * are escaped as the format requires (backslash, double quote, newline).
 */

import type { MtaSnapshot } from "@/mta/index";
import type { TTraffic } from "../schemas/monitor";

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function labels(pairs: Record<string, string>): string {
  const inner = Object.entries(pairs)
    .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
    .join(",");
  return inner ? `{${inner}}` : "";
}

class Exposition {
  private lines: string[] = [];
  metric(name: string, type: "gauge" | "counter", help: string, samples: { labels?: Record<string, string>; value: number }[]): void {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const s of samples) this.lines.push(`${name}${labels(s.labels ?? {})} ${Number.isFinite(s.value) ? s.value : 0}`);
  }
  toString(): string {
    return `${this.lines.join("\n")}\n`;
  }
}

export function buildMetrics(s: MtaSnapshot, traffic: TTraffic | null): string {
  const e = new Exposition();
  const q = (pick: (x: MtaSnapshot["queues"][number]) => number) => s.queues.map((x) => ({ labels: { domain: x.domain, vmta: x.vmta }, value: pick(x) }));
  e.metric("hermod_queue_recipients", "gauge", "Recipients waiting in the queue.", q((x) => x.recipients));
  e.metric("hermod_queue_messages", "gauge", "Messages waiting in the queue.", q((x) => x.messages));
  e.metric("hermod_queue_bytes", "gauge", "Bytes of the messages waiting in the queue.", q((x) => x.bytes));
  e.metric("hermod_queue_connections", "gauge", "Open SMTP connections of the queue.", q((x) => x.activeConnections));
  e.metric("hermod_queue_oldest_age_seconds", "gauge", "Age of the oldest waiting message (0 when empty).", q((x) => (x.oldestQueuedAt === null ? 0 : Math.max(0, (s.at - x.oldestQueuedAt) / 1000))));
  e.metric("hermod_queue_backoff", "gauge", "1 when the queue is in backoff mode.", q((x) => (x.mode === "backoff" ? 1 : 0)));
  e.metric("hermod_queue_paused", "gauge", "1 when an operator paused the queue.", q((x) => (x.paused ? 1 : 0)));
  if (traffic) {
    for (const [dir, help] of [["in", "received"], ["out", "delivered"]] as const) {
      e.metric(`hermod_traffic_${dir}_recipients_total`, "counter", `Recipients ${help}, all time.`, [{ value: traffic.total[dir].rcp }]);
      e.metric(`hermod_traffic_${dir}_messages_total`, "counter", `Messages ${help}, all time.`, [{ value: traffic.total[dir].msg }]);
      e.metric(`hermod_traffic_${dir}_kilobytes_total`, "counter", `Kilobytes ${help}, all time.`, [{ value: traffic.total[dir].kb }]);
    }
  }
  e.metric("hermod_engine_deferred_total", "counter", "Transient failures since this process started.", [{ value: s.counters.deferred }]);
  e.metric("hermod_engine_bounced_total", "counter", "Permanent failures since this process started.", [{ value: s.counters.bounced }]);
  e.metric("hermod_connections", "gauge", "Open SMTP connections.", [
    { labels: { direction: "in" }, value: s.connections.smtpIn },
    { labels: { direction: "out" }, value: s.connections.smtpOut },
  ]);
  e.metric("hermod_spool_recipients", "gauge", "Recipients waiting in the spool.", [{ value: s.totals.queuedRecipients }]);
  e.metric("hermod_spool_messages", "gauge", "Messages in the spool.", [{ value: s.totals.queuedMessages }]);
  e.metric("hermod_spool_bytes", "gauge", "Bytes of the messages in the spool.", [{ value: s.totals.spoolBytes }]);
  e.metric("hermod_start_time_seconds", "gauge", "When this process started (Unix time).", [{ value: Math.floor(s.startedAt / 1000) }]);
  return e.toString();
}
