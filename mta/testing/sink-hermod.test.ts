/**
 * The sink as Hermod's tests use it: a real engine on loopback delivering into a scripted sink, and
 * the assertions the sink makes short (retry spacing, connections per domain).
 */

import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness";
import { sendRaw } from "./raw-smtp";
import { loopbackRelayConfig } from "./relay-config";
import { greylist, startSink, type Sink, type SinkPlan } from "./sink";

const body = "From: a@src.test\r\nSubject: t\r\n\r\nhello\r\n";
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup(plan: SinkPlan, blocks: string[] = []): Promise<{ h: Harness; sink: Sink }> {
  const sink = await startSink({ plan });
  cleanup.push(() => sink.close());
  const h = await startHarness((port) =>
    loopbackRelayConfig({ smtpPort: port, sinkPort: sink.port, domainExtra: ["retry-after 1s"], blocks: [...sink.routes(), ...blocks] }),
  );
  cleanup.push(() => h.stop());
  return { h, sink };
}

describe("Hermod against the scripted sink", () => {
  it("retries a greylisted recipient after retry-after and is accepted the second time", async () => {
    const { h, sink } = await setup({ domains: { "grey.test": { rcpt: greylist() } } });
    await sendRaw(h.port, { from: "a@src.test", to: ["u@grey.test"], body });
    await sink.waitFor(1, 10_000);
    expect(sink.attemptsFor("u@grey.test").map((a) => a.accepted)).toEqual([false, true]);
    expect(sink.spacingMs("u@grey.test")[0]).toBeGreaterThanOrEqual(900);
  });

  it("keeps a domain within its max-smtp-out", async () => {
    const { h, sink } = await setup({ domains: { "cap.test": { rcpt: { delayMs: 150 } } } }, ["<domain cap.test>\n    max-smtp-out 2\n</domain>"]);
    await Promise.all(Array.from({ length: 12 }, (_, i) => sendRaw(h.port, { from: "a@src.test", to: [`u${i}@cap.test`], body })));
    await sink.waitFor(12, 15_000);
    expect(sink.maxConcurrentConnections("cap.test")).toBe(2);
  });
});
