/**
 * The alert evaluator: every `intervalMs` (15 s) it reads the enabled rules, the open alerts, the
 * engine's queues and (when a bounce-rate rule needs them) the last hour's per-minute rollups, lets
 * the pure rules (alert-rules.ts) decide what opens and what resolves, and writes that. Notifications
 * then go out in a pass of their own that the evaluation never waits for; a failure is recorded on
 * the Alert row and retried on the next ticks, at most `maxNotifyAttempts` times. Started once per
 * process by server.ts (startAlertEvaluator, a globalThis guard like the monitor's). No next/* imports.
 */

import type { AlertRecord, AlertRepository, AlertRuleRecord } from "../db/alert-repository";
import { GAVE_UP_PREFIX, createAlertRepository } from "../db/alert-repository";
import { getMta } from "../mta-host/handle";
import { ALERT_KINDS, BOUNCE_RATE_WINDOW_MINUTES, type TAlertKind } from "../schemas/alerts";
import type { AlertNotification } from "./alert-notification";
import { planAlerts, type AlertInputs, type QueueState, type RuleToEvaluate } from "./alert-rules";
import { mailRouteFromConfig, sendAlertEmail } from "./notify-email";
import { postWebhook } from "./notify-webhook";

export type AlertStore = Pick<
  AlertRepository,
  "enabledRules" | "getRule" | "openAlerts" | "openAlert" | "updateMessages" | "resolveAlerts" | "dueNotifications" | "markNotified" | "markNotifyError" | "domainOutcomesSince"
>;

/** Sends one notification on a rule's channel; rejects with a message fit for the Alert row. */
export type AlertSender = (channel: "email" | "webhook", destination: string, notification: AlertNotification) => Promise<void>;

export interface AlertEvaluatorOptions {
  store: AlertStore;
  /** The engine's queues now, or null when this process has no engine. */
  queues: () => readonly QueueState[] | null;
  send: AlertSender;
  now: () => number;
  intervalMs: number;
  maxNotifyAttempts: number;
  /** Notifications per pass (each bounded by its channel's timeout). */
  notifyBatch: number;
  logError: (message: string, err: unknown) => void;
}

export interface AlertEvaluator {
  /** Evaluates the rules once and starts a notification pass (not awaited: see `notified()`). */
  tick(): Promise<void>;
  /** Resolves when the notification pass under way, if any, has finished. */
  notified(): Promise<void>;
  /** Stops the timer and waits for the tick and notifications in flight. Idempotent. */
  stop(): Promise<void>;
}

const MINUTE_MS = 60_000;
/**
 * Alerts opened per tick at most: a rule such as "queue-size above 0 for *" on a server with 10,000
 * queues opens the rest on the following ticks instead of holding the database for seconds.
 */
export const MAX_NEW_ALERTS_PER_TICK = 200;
/** Notifications older than this are not retried after a restart. */
const NOTIFY_HORIZON_MS = 7 * 24 * 60 * MINUTE_MS;

function isKind(kind: string): kind is TAlertKind {
  return (ALERT_KINDS as readonly string[]).includes(kind);
}

function toRule(r: AlertRuleRecord): RuleToEvaluate | null {
  return isKind(r.kind) ? { id: r.id, kind: r.kind, threshold: r.threshold, target: r.target } : null;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createAlertEvaluator(opts: AlertEvaluatorOptions): AlertEvaluator {
  /** Failed attempts per alert and state, in memory: a restart allows `maxNotifyAttempts` more. */
  const attempts = new Map<string, number>();
  let evaluating: Promise<void> | undefined;
  let notifying: Promise<void> | undefined;
  let stopped = false;

  async function evaluate(): Promise<void> {
    const now = opts.now();
    const records = await opts.store.enabledRules();
    const rules = records.map(toRule).filter((r): r is RuleToEvaluate => r !== null);
    const open = await opts.store.openAlerts();
    let queues: readonly QueueState[] | null = null;
    try {
      queues = opts.queues();
    } catch (err) {
      opts.logError("alerts: engine snapshot failed", err);
    }
    let outcomes: AlertInputs["outcomes"] = null;
    if (rules.some((r) => r.kind === "bounce-rate")) {
      outcomes = await opts.store.domainOutcomesSince(now - BOUNCE_RATE_WINDOW_MINUTES * MINUTE_MS).catch((err: unknown) => {
        opts.logError("alerts: could not read the rollups", err);
        return null;
      });
    }

    const plan = planAlerts(rules, open, { now, queues, outcomes });
    const channelOf = new Map(records.map((r) => [r.id, r.channel]));
    const at = new Date(now);
    for (const f of plan.open.slice(0, MAX_NEW_ALERTS_PER_TICK)) {
      const consoleOnly = channelOf.get(f.ruleId) === "console";
      await opts.store.openAlert({ ruleId: f.ruleId, subject: f.subject, message: f.message, firedAt: at, notifiedAt: consoleOnly ? at : null });
    }
    await opts.store.updateMessages(plan.update);
    const toNotify = plan.resolve.filter((a) => !a.silent && channelOf.get(a.ruleId) !== "console").map((a) => a.id);
    const quiet = plan.resolve.filter((a) => !toNotify.includes(a.id)).map((a) => a.id);
    await opts.store.resolveAlerts(toNotify, at, true);
    await opts.store.resolveAlerts(quiet, at, false);
  }

  async function notifyOne(alert: AlertRecord, rules: Map<number, AlertRuleRecord | null>): Promise<void> {
    if (!rules.has(alert.ruleId)) rules.set(alert.ruleId, await opts.store.getRule(alert.ruleId));
    const rule = rules.get(alert.ruleId);
    const state = alert.resolvedAt ? "resolved" : "firing";
    if (!rule) return opts.store.markNotifyError(alert.id, state, `${GAVE_UP_PREFIX}: the rule was deleted`);
    if (rule.channel !== "email" && rule.channel !== "webhook") return opts.store.markNotified(alert.id, state, new Date(opts.now()));

    const notification: AlertNotification = {
      rule: rule.name,
      kind: rule.kind,
      subject: alert.subject,
      message: alert.message,
      state,
      firedAt: alert.firedAt.toISOString(),
      resolvedAt: alert.resolvedAt?.toISOString() ?? null,
    };
    const key = `${alert.id}:${state}`;
    try {
      await opts.send(rule.channel, rule.destination, notification);
      attempts.delete(key);
      await opts.store.markNotified(alert.id, state, new Date(opts.now()));
    } catch (err) {
      const tries = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, tries);
      const gaveUp = tries >= opts.maxNotifyAttempts;
      if (gaveUp) attempts.delete(key);
      const text = gaveUp ? `${GAVE_UP_PREFIX} after ${tries} attempts: ${errorText(err)}` : `${errorText(err)} (attempt ${tries} of ${opts.maxNotifyAttempts}; retrying)`;
      await opts.store.markNotifyError(alert.id, state, text);
    }
  }

  function startNotifying(): void {
    notifying ??= (async () => {
      const due = await opts.store.dueNotifications(new Date(opts.now() - NOTIFY_HORIZON_MS), opts.notifyBatch);
      const rules = new Map<number, AlertRuleRecord | null>();
      for (const alert of due) {
        if (stopped) break;
        await notifyOne(alert, rules).catch((err: unknown) => opts.logError(`alerts: could not record the notification of alert ${alert.id}`, err));
      }
    })()
      .catch((err: unknown) => opts.logError("alerts: notification pass failed", err))
      .finally(() => {
        notifying = undefined;
      });
  }

  function tick(): Promise<void> {
    evaluating ??= evaluate()
      .catch((err: unknown) => opts.logError("alerts: evaluation failed", err))
      .then(() => {
        if (!stopped) startNotifying();
      })
      .finally(() => {
        evaluating = undefined;
      });
    return evaluating;
  }

  const timer = setInterval(() => void tick(), opts.intervalMs);
  timer.unref();

  let stopping: Promise<void> | undefined;
  return {
    tick,
    notified: () => notifying ?? Promise.resolve(),
    stop() {
      stopping ??= (async () => {
        stopped = true;
        clearInterval(timer);
        await evaluating;
        await notifying;
      })();
      return stopping;
    },
  };
}

export const ALERT_INTERVAL_MS = 15_000;
export const MAX_NOTIFY_ATTEMPTS = 5;

/**
 * The production wiring: the database, the registered engine, email through our own listener.
 * `overrides` win; the process's database client is only created when no store is given.
 */
export function alertEvaluatorOptions(configPath: string, overrides: Partial<AlertEvaluatorOptions> = {}): AlertEvaluatorOptions {
  return {
    store: overrides.store ?? createAlertRepository(),
    queues: () => getMta()?.snapshot().queues ?? null,
    send: async (channel, destination, notification) => {
      if (channel === "webhook") return postWebhook(destination, notification);
      return sendAlertEmail(await mailRouteFromConfig(configPath), destination, notification);
    },
    now: () => Date.now(),
    intervalMs: ALERT_INTERVAL_MS,
    maxNotifyAttempts: MAX_NOTIFY_ATTEMPTS,
    notifyBatch: 20,
    logError: (message, err) => console.error(`hermod: ${message}`, err),
    ...overrides,
  };
}

const KEY = Symbol.for("hermod.alert-evaluator");
type Registry = { [KEY]?: AlertEvaluator };

/**
 * server.ts: start the evaluator once per process (a second call returns the running one, as on dev
 * reloads); call `stop()` on shutdown, before closing the database.
 */
export function startAlertEvaluator(configPath: string, overrides: Partial<AlertEvaluatorOptions> = {}): AlertEvaluator {
  const registry = globalThis as Registry;
  const running = registry[KEY];
  if (running) return running;
  const evaluator = createAlertEvaluator(alertEvaluatorOptions(configPath, overrides));
  const stop = evaluator.stop;
  const registered: AlertEvaluator = {
    ...evaluator,
    stop: async () => {
      await stop();
      if (registry[KEY] === registered) registry[KEY] = undefined;
    },
  };
  registry[KEY] = registered;
  void evaluator.tick();
  return registered;
}
