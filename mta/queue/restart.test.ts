import { afterEach, describe, expect, it } from "vitest";
import { startHarness, waitUntil } from "../testing/harness";
import { loopbackRelayConfig } from "../testing/relay-config";
import { sendRaw } from "../testing/raw-smtp";
import { startSink, type SinkScript } from "../testing/sink";

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

const config = (sinkPort: number, ...domainExtra: string[]) => (port: number) =>
  loopbackRelayConfig({ smtpPort: port, sinkPort, domainExtra: ["retry-after 1s", ...domainExtra] });

describe("restart and expiry", () => {
  it("after a restart, delivers what was pending and never re-sends a delivered recipient", async () => {
    let refuse = true;
    const script: SinkScript = { rcpt: (a) => (refuse && a.endsWith("@two.test") ? "451 4.3.0 try later" : undefined) };
    const sink = await startSink({ script });
    cleanup.push(() => sink.close());
    const first = await startHarness(config(sink.port));
    await sendRaw(first.port, { from: "a@src.test", to: ["x@one.test", "y@two.test"], body: "Subject: r\r\n\r\nx" });
    await first.waitForRecords((rs) => rs.some((r) => r.type === "d") && rs.some((r) => r.type === "t"));
    await first.stop();
    expect(sink.messages.flatMap((m) => m.to)).toEqual(["x@one.test"]);

    refuse = false;
    const second = await startHarness(config(sink.port), { dataDir: first.dataDir, port: first.port });
    cleanup.push(() => second.stop());
    expect(second.mta.snapshot().totals).toMatchObject({ queuedMessages: 1, queuedRecipients: 1 });
    await second.waitForRecords((rs) => rs.some((r) => r.type === "d" && r.rcpt === "y@two.test"));
    expect(sink.messages.flatMap((m) => m.to).sort()).toEqual(["x@one.test", "y@two.test"]);
    await waitUntil(() => second.mta.snapshot().totals.queuedMessages === 0, 5_000, "an empty queue");
  });

  it("keeps a queue's retry hold across a restart: mail waiting for it is not all attempted at once", async () => {
    const sink = await startSink({ script: { rcpt: (a) => (a.endsWith("@down.test") ? "451 4.3.0 try later" : undefined) } });
    cleanup.push(() => sink.close());
    const hourly = (sinkPort: number) => (port: number) => loopbackRelayConfig({ smtpPort: port, sinkPort, domainExtra: ["retry-after 1h"] });
    const first = await startHarness(hourly(sink.port));
    await sendRaw(first.port, { from: "a@src.test", to: ["u0@down.test"], body: "Subject: h\r\n\r\nx" });
    await first.waitForRecords((rs) => rs.some((r) => r.type === "t"));
    for (let i = 1; i <= 5; i++) await sendRaw(first.port, { from: "a@src.test", to: [`u${i}@down.test`], body: "Subject: h\r\n\r\nx" });
    const holdUntil = first.mta.snapshot().queues.find((q) => q.key === "down.test/{default}")?.nextAttemptAt;
    expect(holdUntil).toBeGreaterThan(Date.now() + 59 * 60_000);
    await first.stop();

    const second = await startHarness(hourly(sink.port), { dataDir: first.dataDir, port: first.port });
    cleanup.push(() => second.stop());
    await new Promise((r) => setTimeout(r, 1_500));
    expect(sink.transactions).toHaveLength(1);
    expect(second.records).toEqual([]);
    expect(second.mta.snapshot().queues.find((q) => q.key === "down.test/{default}")).toMatchObject({ recipients: 6, nextAttemptAt: holdUntil });
  });

  it("expires a message after bounce-after with 4.4.7 and one DSN to the sender", async () => {
    const sink = await startSink({ script: { rcpt: (a) => (a.endsWith("@slow.test") ? "450 4.2.1 mailbox busy" : undefined) } });
    cleanup.push(() => sink.close());
    const h = await startHarness(config(sink.port, "bounce-after 2s"));
    cleanup.push(() => h.stop());
    await sendRaw(h.port, { from: "a@src.test", to: ["u@slow.test"], body: "Subject: e\r\n\r\nx" });
    const records = await h.waitForRecords((rs) => rs.some((r) => r.type === "b"), 10_000);
    const b = records.find((r) => r.type === "b")!;
    expect(b).toMatchObject({ dsnStatus: "4.4.7 (delivery time expired)", bounceCat: "message-expired" });
    expect(b.dsnDiag).toContain("450 4.2.1 mailbox busy");
    const [dsn] = await sink.waitFor(1);
    expect(dsn.to).toEqual(["a@src.test"]);
    expect(dsn.data.toString()).toMatch(/Status: 4\.4\.7/);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(sink.messages).toHaveLength(1);
  });
});
