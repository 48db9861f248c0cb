/** `pmta list` through a running engine: filters, order, limits and each recipient's retry state. */

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

async function refusingEngine(): Promise<Harness> {
  const sink: Sink = await startSink({ script: { rcpt: () => "451 4.3.0 later" } });
  cleanup.push(() => sink.close());
  const h = await startHarness((port) =>
    loopbackRelayConfig({ smtpPort: port, sinkPort: sink.port, sourceExtra: ["process-x-job yes"], domainExtra: ["retry-after 1h"] }),
  );
  cleanup.push(() => h.stop());
  return h;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("listRecipients", () => {
  it("lists queued recipients oldest first, with their queue, job and retry state, and filters them", async () => {
    const h = await refusingEngine();
    const send = (from: string, to: string[], job?: string) =>
      sendRaw(h.port, { from, to, body: `${job ? `X-Job: ${job}\r\n` : ""}Subject: s\r\n\r\nx\r\n` });
    await send("alice@src.test", ["a1@one.test", "a2@two.test"], "camp1");
    await h.waitForRecords((rs) => rs.length === 2);
    await sleep(30);
    await send("Bob@src.test", ["B1@one.test"]);
    await sleep(30);
    await send("alice@src.test", ["c1@two.test"], "camp2");
    await waitUntil(() => h.mta.snapshot().totals.queuedRecipients === 4, 5_000, "4 queued");

    const all = await h.mta.listRecipients({ maxItems: 100 });
    expect(all.map((r) => r.rcpt)).toEqual(["a1@one.test", "a2@two.test", "B1@one.test", "c1@two.test"]);
    const first = all.find((r) => r.rcpt === "a1@one.test")!;
    expect(first).toMatchObject({ orig: "alice@src.test", queue: "one.test/{default}", jobId: "camp1", envId: "", attempts: 1 });
    expect(first.size).toBeGreaterThan(0);
    // Refused once: its retry is an hour away; the later mail waits for the queue's retry mode.
    expect(first.nextAttemptAt).toBeGreaterThan(Date.now() + 3_000_000);
    expect(all.find((r) => r.rcpt === "B1@one.test")).toMatchObject({ attempts: 0, jobId: "" });
    expect(all.find((r) => r.rcpt === "B1@one.test")!.nextAttemptAt).toBeGreaterThan(Date.now() + 3_000_000);
    expect(all.map((r) => r.queuedAt)).toEqual([...all.map((r) => r.queuedAt)].sort((x, y) => x - y));

    const rcpts = async (filter: Parameters<Harness["mta"]["listRecipients"]>[0]) => (await h.mta.listRecipients(filter)).map((r) => r.rcpt);
    expect(await rcpts({ queue: "one.test", maxItems: 10 })).toEqual(["a1@one.test", "B1@one.test"]);
    expect(await rcpts({ queue: "TWO.test/{default}", maxItems: 10 })).toEqual(["a2@two.test", "c1@two.test"]);
    expect(await rcpts({ queue: "none.test", maxItems: 10 })).toEqual([]);
    expect(await rcpts({ jobId: "camp2", maxItems: 10 })).toEqual(["c1@two.test"]);
    expect(await rcpts({ orig: "BOB@src.test", maxItems: 10 })).toEqual(["B1@one.test"]);
    expect(await rcpts({ rcpt: "b1@ONE.test", maxItems: 10 })).toEqual(["B1@one.test"]);
    expect(await rcpts({ maxItems: 2 })).toHaveLength(2);
    expect(await rcpts({ maxItems: 0 })).toEqual([]);
    expect(await rcpts({ olderThanMs: 60_000, maxItems: 10 })).toEqual([]);
    const oldest = all[0].queuedAt;
    expect(await rcpts({ olderThanMs: Date.now() - oldest, maxItems: 10 })).toEqual(expect.arrayContaining(["a1@one.test", "a2@two.test"]));
  });
});

describe("queueSettings through the engine", () => {
  it("answers for any queue, queued or not, with the config's blocks; null for an unknown VirtualMTA", async () => {
    const h = await refusingEngine();
    const settings = await h.mta.queueSettings("nothing-queued.test");
    expect(settings).toContainEqual({ directive: "retry-after", value: "1h", from: "<domain *> hermod.conf:6" });
    expect(settings).toContainEqual({ directive: "smtp-hosts", value: expect.stringMatching(/^\[127\.0\.0\.1\]:\d+$/), from: "<domain *> hermod.conf:6" });
    expect(settings).toContainEqual({ directive: "max-smtp-out", value: "20", from: "default" });
    expect(await h.mta.queueSettings("x.test/{default}")).toEqual(settings);
    expect(await h.mta.queueSettings("x.test/no-such-vmta")).toBeNull();
    await expect(h.mta.queueSettings("a/b/c")).rejects.toThrow('invalid queue name "a/b/c"');
  });
});
