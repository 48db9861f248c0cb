/**
 * One Hermod and one scriptable sink on loopback for the reply-policy, backoff, retry and routing
 * tests: the relay config of relay-config.ts (or a config of the test's own), the queue-mode events
 * collected, and everything stopped after each test. Test-only.
 *
 *   const fx = policyFixtures();
 *   afterEach(() => fx.close());
 *   const { h, sink, modes } = await fx.start({ plan, domainExtra: ["retry-after 1s"], blocks: [...] });
 */

import type { QueueModeEvent } from "../events";
import type { MtaOptions } from "../runtime";
import { startHarness, waitUntil, type Harness } from "./harness";
import { sendRaw } from "./raw-smtp";
import { loopbackRelayConfig } from "./relay-config";
import { startSink, type Sink, type SinkOptions } from "./sink";

export interface PolicyFixture {
  h: Harness;
  sink: Sink;
  /** Every queue-mode event, in order. */
  modes: QueueModeEvent[];
}

export interface PolicyStart extends Pick<SinkOptions, "plan" | "script" | "host" | "port"> {
  /** Lines for `<domain *>` (every domain goes to the sink). */
  domainExtra?: string[];
  /** Lines for `<source 127.0.0.1>`. */
  sourceExtra?: string[];
  global?: string[];
  blocks?: string[];
  /** The whole config instead of the relay config: `(listenerPort, sinkPort) => text`. */
  config?: (port: number, sinkPort: number) => string;
  mta?: Partial<MtaOptions>;
}

export function policyFixtures() {
  let cleanup: (() => Promise<unknown>)[] = [];
  return {
    /** Something else to stop after the test (a second sink, a server). */
    onClose(fn: () => Promise<unknown>): void {
      cleanup.push(fn);
    },
    async start(opts: PolicyStart = {}): Promise<PolicyFixture> {
      const sink = await startSink({ plan: opts.plan, script: opts.script, host: opts.host, port: opts.port });
      cleanup.push(() => sink.close());
      const text = (port: number) =>
        opts.config?.(port, sink.port) ??
        loopbackRelayConfig({ smtpPort: port, sinkPort: sink.port, acctFile: false, ...opts });
      const h = await startHarness(text, opts.mta);
      cleanup.push(() => h.stop());
      const modes: QueueModeEvent[] = [];
      h.mta.events.on("queue-mode", (e) => modes.push(e));
      return { h, sink, modes };
    },
    async close(): Promise<void> {
      for (const c of cleanup.reverse()) await c();
      cleanup = [];
    },
  };
}

/** Sends one message to `to`, from the null sender unless told (so bounces make no DSNs). */
export function sendTo(h: Harness, to: string[], from = "") {
  return sendRaw(h.port, { from, to, body: `Subject: policy\r\n\r\nx\r\n` });
}

/** Waits for a queue-mode event matching `predicate` and returns it. */
export async function waitForMode(modes: QueueModeEvent[], predicate: (e: QueueModeEvent) => boolean, timeoutMs = 10_000): Promise<QueueModeEvent> {
  await waitUntil(() => modes.some(predicate), timeoutMs, "a queue-mode event");
  return modes.find(predicate)!;
}
