/**
 * A scriptable loopback SMTP sink for tests, on smtp-server. Its behaviour is a plan (data, see
 * sink-plan.ts): per recipient or destination domain, the reply at RCPT and at the end of DATA
 * (421 and hang up, greylisting per sender+recipient, 550, 552, any reply), delays, silence, and per
 * listener the greeting delay, silence and STARTTLS (none, offered, failing). It records every
 * connection and transaction attempt, accepted or not (sink-log.ts), so tests can assert rates per
 * domain, retry spacing and connection concurrency in a line.
 *
 *   const sink = await startSink({ plan: { domains: { "grey.test": { rcpt: greylist() } } } });
 *   ...
 *   expect(sink.attemptsFor("a@grey.test").map((a) => a.accepted)).toEqual([false, true]);
 *   expect(sink.spacingMs("a@grey.test")[0]).toBeGreaterThanOrEqual(1_000);
 *
 * Connection-level behaviour happens before the sink knows the destination, so a domain that needs it
 * gets a listener (port) of its own: `sink.portOf(domain)`, and `sink.routes()` gives the config
 * blocks that route each such domain there. Test-only: nothing in production imports it.
 */

import { SinkLog, type SinkMessage } from "./sink-log";
import { startListener, type SinkListener, type SinkScript, type SinkShared } from "./sink-listener";
import { AttemptCounter, TrailingRate, type SinkListenerBehaviour, type SinkPlan } from "./sink-plan";

export type { SinkConnection, SinkMessage, SinkRcpt, SinkTls, SinkTransaction, RecipientAttempt, RateUnit } from "./sink-log";
export type { SinkScript } from "./sink-listener";
export { REPLIES, greylist, type SinkDomainRule, type SinkListenerBehaviour, type SinkPlan, type SinkRule, type SinkStep, type SinkSteps } from "./sink-plan";

export interface SinkOptions {
  host?: string;
  /** The shared listener's port; 0 (default) picks a free one. */
  port?: number;
  plan?: SinkPlan;
  /** Callbacks consulted before the plan (the original sink's API). */
  script?: SinkScript;
  /** The shared listener's connection behaviour. */
  listener?: SinkListenerBehaviour;
  /** Certificate and key for STARTTLS; given alone, the shared listener offers STARTTLS with them. */
  tls?: { key: Buffer | string; cert: Buffer | string };
}

type LogQueries = Pick<
  SinkLog,
  | "connections"
  | "transactions"
  | "messages"
  | "attemptsFor"
  | "spacingMs"
  | "acceptedTimes"
  | "ratePerSecond"
  | "connectionsFor"
  | "maxConcurrentConnections"
  | "openConnections"
  | "until"
>;

export interface Sink extends LogQueries {
  /** The shared listener's port: where every domain without a listener of its own goes. */
  port: number;
  /** The live plan: a test may change it while the sink runs (listeners are fixed at start). */
  plan: SinkPlan;
  /** The port of `domain`'s own listener, or the shared port when it has none. */
  portOf(domain: string): number;
  /** `<domain>` blocks routing each domain with its own listener to it (for relay-config `blocks`). */
  routes(host?: string): string[];
  /** Resolves when at least `n` messages have been accepted, or rejects after `timeoutMs`. */
  waitFor(n: number, timeoutMs?: number): Promise<SinkMessage[]>;
  /** Stops every listener and drops open connections, silent ones included. */
  close(): Promise<void>;
}

export async function startSink(opts: SinkOptions = {}): Promise<Sink> {
  const host = opts.host ?? "127.0.0.1";
  const log = new SinkLog();
  let connectionIds = 0;
  const shared: SinkShared = {
    plan: opts.plan ?? {},
    script: opts.script ?? {},
    log,
    attempts: new AttemptCounter(),
    rate: new TrailingRate(),
    nextConnectionId: () => ++connectionIds,
  };
  const listenerBehaviour: SinkListenerBehaviour = { ...(opts.tls ? { tls: "offer" as const } : {}), ...opts.listener };
  const listeners: SinkListener[] = [];
  const own = new Map<string, number>();
  try {
    listeners.push(await startListener({ host, port: opts.port ?? 0, domain: null, behaviour: listenerBehaviour, tlsCredentials: opts.tls, shared }));
    for (const [name, rule] of Object.entries(shared.plan.domains ?? {})) {
      if (!rule.listener) continue;
      const domain = name.toLowerCase();
      const listener = await startListener({ host, port: 0, domain, behaviour: rule.listener, tlsCredentials: opts.tls, shared });
      listeners.push(listener);
      own.set(domain, listener.port);
    }
  } catch (err) {
    await Promise.all(listeners.map((l) => l.close()));
    throw err;
  }
  const port = listeners[0].port;
  return {
    port,
    get plan() {
      return shared.plan;
    },
    set plan(plan: SinkPlan) {
      shared.plan = plan;
    },
    connections: log.connections,
    transactions: log.transactions,
    messages: log.messages,
    attemptsFor: (rcpt) => log.attemptsFor(rcpt),
    spacingMs: (rcpt) => log.spacingMs(rcpt),
    acceptedTimes: (domain, unit) => log.acceptedTimes(domain, unit),
    ratePerSecond: (domain, fromMs, toMs, unit) => log.ratePerSecond(domain, fromMs, toMs, unit),
    connectionsFor: (domain) => log.connectionsFor(domain),
    maxConcurrentConnections: (domain) => log.maxConcurrentConnections(domain),
    openConnections: (domain) => log.openConnections(domain),
    until: (predicate, timeoutMs, what) => log.until(predicate, timeoutMs, what),
    portOf: (domain) => own.get(domain.toLowerCase()) ?? port,
    routes: (routeHost = host) => [...own].map(([domain, p]) => `<domain ${domain}>\n    smtp-hosts [${routeHost}]:${p}\n</domain>`),
    waitFor(n, timeoutMs = 10_000) {
      return log.until(() => log.messages.length >= n && log.messages, timeoutMs, `${n} accepted messages`);
    },
    close: async () => {
      await Promise.all(listeners.map((l) => l.close()));
    },
  };
}
