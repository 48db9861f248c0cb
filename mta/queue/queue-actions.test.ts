/**
 * Operator queue actions end to end (queue-actions.ts), against the loopback sink: pause and resume
 * a queue (across a restart) and a job, retry now, disable and enable a source address, and delete
 * waiting recipients with and without a DSN.
 */

import { afterEach, describe, expect, it } from "vitest";
import { startHarness, waitUntil, type Harness } from "../testing/harness";
import { sendRaw } from "../testing/raw-smtp";
import { loopbackRelayConfig } from "../testing/relay-config";
import { startSink, type Sink } from "../testing/sink";

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** A sink that answers 451 to the recipients in `refused` (changeable while it runs). */
async function refusingSink(refused: Set<string>): Promise<Sink> {
  const sink = await startSink({ script: { rcpt: (a) => (refused.has(a.toLowerCase()) ? "451 4.3.0 try later" : undefined) } });
  cleanup.push(() => sink.close());
  return sink;
}

async function harness(text: (port: number) => string, opts: { dataDir?: string; port?: number } = {}): Promise<Harness> {
  const h = await startHarness(text, opts);
  cleanup.push(() => h.stop());
  return h;
}

const relay = (sinkPort: number, ...domainExtra: string[]) => (port: number) =>
  loopbackRelayConfig({ smtpPort: port, sinkPort, sourceExtra: ["process-x-job yes"], domainExtra: ["retry-after 1s", ...domainExtra] });

const send = (h: Harness, to: string[], opts: { from?: string; job?: string } = {}) =>
  sendRaw(h.port, { from: opts.from ?? "", to, body: `${opts.job ? `X-Job: ${opts.job}\r\n` : ""}Subject: op\r\n\r\nx\r\n` });

const delivered = (h: Harness, rcpt: string) => h.records.some((r) => r.type === "d" && r.rcpt === rcpt);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const queueOf = (h: Harness, key: string) => h.mta.snapshot().queues.find((q) => q.key === key);

describe("operator queue actions", () => {
  it("pauses one queue while another goes on, keeps the pause across a restart, and drains it on resume", async () => {
    const refused = new Set(["a@held.test"]);
    const sink = await refusingSink(refused);
    const first = await startHarness(relay(sink.port));
    await send(first, ["a@held.test"]);
    await first.waitForRecords((rs) => rs.some((r) => r.type === "t"));
    refused.clear();
    expect(await first.mta.pauseQueue("held.test")).toBe(true);
    expect(await first.mta.pauseQueue("nowhere.test")).toBe(false);
    await send(first, ["b@held.test", "c@free.test"]);
    await first.waitForRecords((rs) => delivered(first, "c@free.test"));
    // Past the queue's 1s retry hold: still nothing for the paused queue.
    await sleep(1_500);
    expect(sink.attemptsFor("a@held.test")).toHaveLength(1);
    expect(sink.attemptsFor("b@held.test")).toHaveLength(0);
    expect(queueOf(first, "held.test/{default}")).toMatchObject({ paused: true, recipients: 2 });
    await first.stop();

    const second = await harness(relay(sink.port), { dataDir: first.dataDir, port: first.port });
    await sleep(1_500);
    expect(second.records).toEqual([]);
    expect(queueOf(second, "held.test/{default}")).toMatchObject({ paused: true, recipients: 2 });
    const resumedAt = Date.now();
    expect(await second.mta.resumeQueue("held.test/{default}")).toBe(true);
    await second.waitForRecords((rs) => rs.filter((r) => r.type === "d").length === 2, 3_000);
    expect(Date.now() - resumedAt).toBeLessThan(1_500);
    // Gone once its idle connections quit; then there is nothing left to resume.
    await waitUntil(() => second.mta.snapshot().queues.length === 0, 3_000, "no queues");
    expect(await second.mta.resumeQueue("held.test")).toBe(false);
  });

  it("pauses a job in every queue while other mail goes on, and delivers it on resume", async () => {
    const refused = new Set(["j1@one.test"]);
    const sink = await refusingSink(refused);
    const h = await harness(relay(sink.port));
    await send(h, ["j1@one.test"], { job: "camp1" });
    await h.waitForRecords((rs) => rs.some((r) => r.type === "t"));
    refused.clear();
    expect(await h.mta.pauseJob("nojob")).toBe(false);
    expect(await h.mta.pauseJob("camp1")).toBe(true);
    await send(h, ["j2@two.test"], { job: "camp1" });
    await send(h, ["o@two.test"], { job: "other" });
    await send(h, ["p@one.test"]);
    await h.waitForRecords(() => delivered(h, "o@two.test") && delivered(h, "p@one.test"));
    await sleep(1_500);
    expect(sink.attemptsFor("j1@one.test")).toHaveLength(1);
    expect(sink.attemptsFor("j2@two.test")).toHaveLength(0);
    expect(h.mta.snapshot().totals.queuedRecipients).toBe(2);
    expect(await h.mta.resumeJob("camp1")).toBe(true);
    await h.waitForRecords(() => delivered(h, "j1@one.test") && delivered(h, "j2@two.test"), 3_000);
    expect(await h.mta.resumeJob("camp1")).toBe(false);
  });

  it("retries a queue now (pmta schedule) after a refusal held it for retry-after 1h", async () => {
    const refused = new Set(["r@slow.test"]);
    const sink = await refusingSink(refused);
    const h = await harness(relay(sink.port, "retry-after 1h", "retry-recipients-after 1h"));
    await send(h, ["r@slow.test"]);
    await h.waitForRecords((rs) => rs.some((r) => r.type === "t"));
    await send(h, ["s@slow.test"]);
    refused.clear();
    expect(queueOf(h, "slow.test/{default}")?.nextAttemptAt).toBeGreaterThan(Date.now() + 59 * 60_000);
    await sleep(500);
    expect(sink.attemptsFor("s@slow.test")).toHaveLength(0);
    expect(await h.mta.retryNow("nowhere.test")).toBe(false);
    expect(await h.mta.retryNow("slow.test")).toBe(true);
    await h.waitForRecords(() => delivered(h, "r@slow.test") && delivered(h, "s@slow.test"), 3_000);
    expect(sink.attemptsFor("r@slow.test")).toHaveLength(2);
  });

  it("disables a source address for a queue, and enables it again", async () => {
    const refused = new Set(["first@dst.test"]);
    const sink = await refusingSink(refused);
    const text = (port: number) => `smtp-listener 127.0.0.1:${port}
<virtual-mta v2>
    smtp-source-host 127.0.0.2 a.hermod.test
    smtp-source-host 127.0.0.3 b.hermod.test
</virtual-mta>
<source 127.0.0.1>
    always-allow-relaying yes
    default-virtual-mta v2
</source>
<domain *>
    smtp-hosts [127.0.0.1]:${sink.port}
    retry-after 1s
    max-msg-per-connection 1
</domain>`;
    const h = await harness(text);
    await send(h, ["first@dst.test"]);
    await h.waitForRecords((rs) => rs.some((r) => r.type === "t"));
    refused.clear();
    expect(await h.mta.disableSource("127.0.0.2", "dst.test/v2")).toBe(true);
    expect(queueOf(h, "dst.test/v2")?.disabledSources).toEqual([{ ip: "127.0.0.2", until: null, reason: "disabled by operator" }]);
    for (let i = 0; i < 4; i++) await send(h, [`d${i}@dst.test`]);
    await sink.waitFor(5);
    expect(new Set(sink.messages.map((m) => m.remoteAddress))).toEqual(new Set(["127.0.0.3"]));
    expect(await h.mta.enableSource("127.0.0.2", "dst.test/v2")).toBe(true);
    expect(queueOf(h, "dst.test/v2")?.disabledSources ?? []).toEqual([]);
    for (let i = 0; i < 4; i++) await send(h, [`e${i}@dst.test`]);
    await sink.waitFor(9);
    expect(new Set(sink.messages.slice(5).map((m) => m.remoteAddress))).toEqual(new Set(["127.0.0.2", "127.0.0.3"]));

    refused.add("later@dst.test");
    await send(h, ["later@dst.test"]);
    await waitUntil(() => queueOf(h, "dst.test/v2")?.recipients === 1, 3_000, "a waiting recipient");
    expect(await h.mta.disableSource("127.0.0.3", "dst.test/v2", 60_000)).toBe(true);
    const [disabled] = queueOf(h, "dst.test/v2")!.disabledSources;
    expect(disabled.until).toBeGreaterThan(Date.now() + 55_000);
    expect(await h.mta.enableSource("127.0.0.2", "dst.test/v2")).toBe(false);
    expect(await h.mta.disableSource("127.0.0.2", "nowhere.test/v2")).toBe(false);
  });

  it("deletes waiting recipients with a b record, a DSN only with dsn, and for good across a restart", async () => {
    const sink = await refusingSink(new Set(["a@stuck.test", "b@stuck.test", "c@stuck.test"]));
    const first = await startHarness(relay(sink.port, "retry-after 1h"));
    await send(first, ["a@stuck.test"], { from: "x@src.test" });
    await send(first, ["b@stuck.test"], { from: "y@src.test" });
    await send(first, ["c@stuck.test"], { from: "z@src.test", job: "keep" });
    // The first refusal holds the queue for an hour: the other two wait without an attempt.
    await first.waitForRecords((rs) => rs.some((r) => r.type === "t"));
    await waitUntil(() => first.mta.snapshot().totals.queuedRecipients === 3, 3_000, "three waiting recipients");
    expect(await first.mta.deleteRecipients({ queue: "stuck.test", olderThanMs: 3_600_000, dsn: true })).toBe(0);
    expect(await first.mta.deleteRecipients({ queue: "nowhere.test", dsn: true })).toBe(0);
    expect(await first.mta.deleteRecipients({ queue: "stuck.test", sender: "X@src.test", dsn: false })).toBe(1);
    expect(await first.mta.deleteRecipients({ queue: "stuck.test/{default}", jobId: "none", dsn: true })).toBe(0);
    expect(await first.mta.deleteRecipients({ sender: "y@src.test", dsn: true })).toBe(1);
    const bounces = first.records.filter((r) => r.type === "b");
    expect(bounces.map((r) => r.rcpt).sort()).toEqual(["a@stuck.test", "b@stuck.test"]);
    for (const b of bounces) expect(b).toMatchObject({ dsnStatus: expect.stringMatching(/^5\.0\.0/), bounceCat: "other", dsnDiag: expect.stringContaining("deleted by operator") });
    const [dsn] = await sink.waitFor(1);
    expect(dsn.to).toEqual(["y@src.test"]);
    expect(dsn.data.toString()).toMatch(/Status: 5\.0\.0/);
    expect(queueOf(first, "stuck.test/{default}")).toMatchObject({ recipients: 1, lastError: expect.stringContaining("451") });
    await waitUntil(() => first.mta.snapshot().totals.queuedMessages === 1, 3_000, "the DSN delivered");
    await first.stop();

    const second = await harness(relay(sink.port, "retry-after 1h"), { dataDir: first.dataDir, port: first.port });
    expect(second.mta.snapshot().totals).toMatchObject({ queuedMessages: 1, queuedRecipients: 1 });
    await sleep(1_000);
    expect(sink.messages).toHaveLength(1);
    expect(sink.attemptsFor("a@stuck.test")).toHaveLength(1);
    expect(sink.attemptsFor("b@stuck.test")).toHaveLength(0);
    expect(await second.mta.deleteRecipients({ jobId: "keep", dsn: false })).toBe(1);
    await waitUntil(() => second.mta.snapshot().totals.queuedMessages === 0, 3_000, "an empty spool");
    expect(sink.messages).toHaveLength(1);
  });
});
