/**
 * Alert rules as pure code: given the rules, the alerts now open and what the engine and the rollups
 * say at `now`, which alerts to open and which to resolve. No I/O and no clock of its own, so every
 * kind is unit-tested with plain data (lib/alerts/alert-rules.test.ts). Units per kind are documented
 * in lib/schemas/alerts.ts.
 */

import { BOUNCE_RATE_MIN_OUTCOMES, type TAlertKind } from "../schemas/alerts";
import { parseTargetPattern } from "./target-pattern";

const MINUTE_MS = 60_000;

export interface RuleToEvaluate {
  id: number;
  kind: TAlertKind;
  threshold: number;
  target: string;
}

/** The part of the engine's QueueSnapshot the rules read. */
export interface QueueState {
  key: string;
  domain: string;
  vmta: string;
  recipients: number;
  oldestQueuedAt: number | null;
  mode: "normal" | "backoff";
  modeSince: number;
}

/** Outcomes for one recipient domain over the bounce-rate window, from the per-minute rollups. */
export interface DomainOutcomes {
  domain: string;
  delivered: number;
  bounced: number;
}

/**
 * What the rules see. `null` means "unknown" (no engine in this process, or the rollups could not be
 * read): rules that need it neither open nor resolve anything, so an outage does not resolve alerts.
 */
export interface AlertInputs {
  now: number;
  queues: readonly QueueState[] | null;
  outcomes: readonly DomainOutcomes[] | null;
}

/** A condition that holds now: one per rule and subject (a queue key or a recipient domain). */
export interface Firing {
  ruleId: number;
  subject: string;
  message: string;
}

export interface OpenAlertRef {
  id: number;
  ruleId: number;
  subject: string;
  /** The message as last written; a firing alert's message follows the condition (size, age). */
  message: string;
}

export interface AlertPlan {
  open: Firing[];
  /** Open alerts still firing whose message changed (the queue grew, the backoff lasted longer). */
  update: { id: number; message: string }[];
  /** `silent`: the rule was disabled or deleted, so nobody is told the condition cleared. */
  resolve: (OpenAlertRef & { silent: boolean })[];
}

/** "3 h 5 min", "12 min", "40 s". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / MINUTE_MS);
  if (minutes < 1) return `${Math.max(0, Math.floor(ms / 1000))} s`;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The firings of one rule now, or null when its inputs are unknown. */
export function evaluateRule(rule: RuleToEvaluate, inputs: AlertInputs): Firing[] | null {
  const target = parseTargetPattern(rule.target);
  const fire = (subject: string, message: string): Firing => ({ ruleId: rule.id, subject, message });
  const queues = () => inputs.queues?.filter((q) => target.matchesQueue(q.domain, q.vmta)) ?? null;

  switch (rule.kind) {
    case "backoff-duration": {
      const limitMs = rule.threshold * MINUTE_MS;
      return (
        queues()
          ?.filter((q) => q.mode === "backoff" && inputs.now - q.modeSince > limitMs)
          .map((q) => fire(q.key, `Queue ${q.key} has been in backoff for ${formatDuration(inputs.now - q.modeSince)} (threshold ${rule.threshold} min).`)) ?? null
      );
    }
    case "spool-age": {
      const limitMs = rule.threshold * MINUTE_MS;
      return (
        queues()
          ?.filter((q) => q.oldestQueuedAt !== null && inputs.now - q.oldestQueuedAt > limitMs)
          .map((q) =>
            fire(q.key, `The oldest message queued for ${q.key} is ${formatDuration(inputs.now - (q.oldestQueuedAt ?? inputs.now))} old (threshold ${rule.threshold} min).`),
          ) ?? null
      );
    }
    case "queue-size":
      return (
        queues()
          ?.filter((q) => q.recipients > rule.threshold)
          .map((q) => fire(q.key, `Queue ${q.key} holds ${plural(q.recipients, "recipient", "recipients")} (threshold ${rule.threshold}).`)) ?? null
      );
    case "bounce-rate": {
      if (!inputs.outcomes) return null;
      const firings: Firing[] = [];
      for (const o of inputs.outcomes) {
        const total = o.delivered + o.bounced;
        if (!target.matchesDomain(o.domain) || total < BOUNCE_RATE_MIN_OUTCOMES) continue;
        const percent = (o.bounced / total) * 100;
        if (percent <= rule.threshold) continue;
        firings.push(fire(o.domain, `Bounce rate for ${o.domain} is ${percent.toFixed(1)}% over the last hour (${o.bounced} of ${total} outcomes bounced; threshold ${rule.threshold}%).`));
      }
      return firings;
    }
  }
}

/**
 * Reconciles the enabled rules' firings with the open alerts: one open alert per (rule, subject) — a
 * condition that still holds opens nothing new — and an open alert whose condition cleared resolves.
 * Open alerts of rules that are no longer enabled resolve silently.
 */
export function planAlerts(enabledRules: readonly RuleToEvaluate[], openAlerts: readonly OpenAlertRef[], inputs: AlertInputs): AlertPlan {
  const plan: AlertPlan = { open: [], update: [], resolve: [] };
  const openByRule = new Map<number, OpenAlertRef[]>();
  for (const a of openAlerts) openByRule.set(a.ruleId, [...(openByRule.get(a.ruleId) ?? []), a]);

  for (const rule of enabledRules) {
    const open = openByRule.get(rule.id) ?? [];
    openByRule.delete(rule.id);
    const firings = evaluateRule(rule, inputs);
    if (firings === null) continue;
    const firingSubjects = new Set<string>();
    const openBySubject = new Map(open.map((a) => [a.subject, a]));
    for (const f of firings) {
      if (firingSubjects.has(f.subject)) continue;
      firingSubjects.add(f.subject);
      const already = openBySubject.get(f.subject);
      if (!already) plan.open.push(f);
      else if (already.message !== f.message) plan.update.push({ id: already.id, message: f.message });
    }
    for (const a of open) if (!firingSubjects.has(a.subject)) plan.resolve.push({ ...a, silent: false });
  }
  for (const orphans of openByRule.values()) for (const a of orphans) plan.resolve.push({ ...a, silent: true });
  return plan;
}
