/**
 * The monitor's view of a queue's limits: the effective connection limit (mode, startup ramp) and the
 * trailing minute's attempts against the mode's max-msg-rate; then the same through a running engine.
 */

import { afterEach, describe, expect, it } from "vitest";
import { resolveDomain } from "../config/resolve";
import { compileOk } from "../config/test-helpers";
import { startHarness, waitUntil, type Harness } from "../testing/harness";
import { sendRaw } from "../testing/raw-smtp";
import { loopbackRelayConfig } from "../testing/relay-config";
import { startSink } from "../testing/sink";
import { DeliveryQueue } from "./delivery-queue";
import { queueSnapshot } from "./queue-snapshot";

const T0 = 1_700_000_000_000;
const config = compileOk(
  "<domain *>\n  max-smtp-out 10\n  max-msg-rate 120/m\n</domain>\n<domain slow.test>\n  max-msg-rate 83/10m\n  backoff-max-msg-rate 10/h\n  backoff-max-smtp-out 3\n</domain>",
);

describe("queueSnapshot limits", () => {
  it("reports max-smtp-out and max-msg-rate in normal mode, scaled by the startup ramp for connections only", () => {
    const q = new DeliveryQueue("any.test/{default}", "any.test", "{default}");
    const settings = resolveDomain(config, "any.test");
    expect(queueSnapshot(q, T0, settings, 1)).toMatchObject({ maxSmtpOut: 10, rate: { lastMinute: 0, limit: "120/m", limitPerMinute: 120 } });
    expect(queueSnapshot(q, T0, settings, 0.25)).toMatchObject({ maxSmtpOut: 3, rate: { limit: "120/m", limitPerMinute: 120 } });
  });

  it("switches to the backoff limits in backoff", () => {
    const q = new DeliveryQueue("slow.test/{default}", "slow.test", "{default}");
    const settings = resolveDomain(config, "slow.test");
    expect(queueSnapshot(q, T0, settings, 1)).toMatchObject({ maxSmtpOut: 10, rate: { limit: "83/10m", limitPerMinute: 8.3 } });
    q.backoff.enterBackoff(T0, "421 slow down", { toNormalAfter: null, toNormalAfterDelivery: false });
    expect(queueSnapshot(q, T0, settings, 1)).toMatchObject({ mode: "backoff", maxSmtpOut: 3, rate: { limit: "10/h", limitPerMinute: 10 / 60 } });
  });

  it("is null for an unlimited rate, and counts the attempts of the last minute", () => {
    const q = new DeliveryQueue("x.test/{default}", "x.test", "{default}");
    const settings = resolveDomain(compileOk(""), "x.test");
    q.attempts.add(T0 - 70_000, 5);
    q.attempts.add(T0 - 20_000, 2);
    q.attempts.add(T0, 1);
    expect(queueSnapshot(q, T0, settings, 1)).toMatchObject({ maxSmtpOut: 20, rate: { lastMinute: 3, limit: null, limitPerMinute: null } });
  });
});

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

describe("a running engine's queue snapshot", () => {
  it("counts every recipient handed to a connection, delivered or refused", async () => {
    const sink = await startSink({ script: { rcpt: (a) => (a.startsWith("no") ? "451 4.3.0 later" : undefined) } });
    try {
      harness = await startHarness((port) =>
        loopbackRelayConfig({ smtpPort: port, sinkPort: sink.port, domainExtra: ["retry-after 1h", "max-smtp-out 4", "max-msg-rate 600/m"] }),
      );
      const h = harness;
      await sendRaw(h.port, { from: "", to: ["ok1@r.test", "ok2@r.test", "no1@r.test"], body: "Subject: s\r\n\r\nx\r\n" });
      await h.waitForRecords((rs) => rs.length === 3);
      const q = h.mta.snapshot().queues.find((x) => x.key === "r.test/{default}");
      expect(q).toMatchObject({ recipients: 1, maxSmtpOut: 4, rate: { lastMinute: 3, limit: "600/m", limitPerMinute: 600 } });
    } finally {
      await sink.close();
    }
  });

  it("tallies queued mail per job across queues, shows paused jobs, and drops a job once its mail is gone", async () => {
    const sink = await startSink({ script: { rcpt: () => "451 4.3.0 later" } });
    try {
      harness = await startHarness((port) =>
        loopbackRelayConfig({ smtpPort: port, sinkPort: sink.port, sourceExtra: ["process-x-job yes"], domainExtra: ["retry-after 1h"] }),
      );
      const h = harness;
      const send = (to: string[], job: string) => sendRaw(h.port, { from: "", to, body: `X-Job: ${job}\r\nSubject: s\r\n\r\nx\r\n` });
      await send(["a@one.test", "b@two.test"], "camp1");
      await send(["c@one.test"], "camp1");
      await send(["d@one.test"], "camp2");
      // The first refusal puts one.test in retry mode (1h): the rest wait in their queues.
      await waitUntil(() => h.mta.snapshot().totals.queuedRecipients === 4, 5_000, "4 queued");
      // A second connection may already hold a recipient when the first refusal arrives; delete skips
      // recipients in flight, so wait until every attempt has ended (under load this takes a while).
      await waitUntil(() => h.mta.snapshot().queues.every((q) => q.activeConnections === 0), 15_000, "no attempt in flight");
      expect(h.mta.snapshot().jobs).toEqual([
        { id: "camp1", recipients: 3, messages: 2, paused: false },
        { id: "camp2", recipients: 1, messages: 1, paused: false },
      ]);
      expect(await h.mta.pauseJob("camp2")).toBe(true);
      expect(await h.mta.deleteRecipients({ jobId: "camp2", dsn: false })).toBe(1);
      expect(await h.mta.deleteRecipients({ queue: "two.test", dsn: false })).toBe(1);
      expect(h.mta.snapshot().jobs).toEqual([
        { id: "camp1", recipients: 2, messages: 2, paused: false },
        { id: "camp2", recipients: 0, messages: 0, paused: true },
      ]);
      await h.mta.resumeJob("camp2");
      expect(await h.mta.deleteRecipients({ dsn: false })).toBe(2);
      expect(h.mta.snapshot().jobs).toEqual([]);
    } finally {
      await sink.close();
    }
  });
});
