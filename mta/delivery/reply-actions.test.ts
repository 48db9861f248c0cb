/**
 * The `<smtp-pattern-list>` actions that act on the queue or its source addresses, end to end against
 * the sink on loopback: disable-source-ip with reenable-after, bounce-rcpt, bounce-queue, defer-queue
 * and backoff-reroute-to-virtual-mta. (skip-mx is in mx-preference.test.ts, with the MX hosts.)
 */

import { afterEach, describe, expect, it } from "vitest";
import { waitUntil } from "../testing/harness";
import { policyFixtures, sendTo, waitForMode } from "../testing/policy-fixture";
import { greylist, REPLIES } from "../testing/sink";

const fx = policyFixtures();
afterEach(() => fx.close());

const RULES = `<smtp-pattern-list actions>
    reply /ip blocked/ disable-source-ip,reenable-after=2s
    reply /mailbox full/ bounce-rcpt
    reply /domain suspended/ bounce-queue
    reply /queue deferred/ defer-queue
    reply /rate limited/ mode=backoff
</smtp-pattern-list>`;

const TWO_SOURCES = `<virtual-mta vmta-a>
    smtp-source-host 127.0.0.2 a.hermod.test
</virtual-mta>
<virtual-mta vmta-b>
    smtp-source-host 127.0.0.3 b.hermod.test
</virtual-mta>
<virtual-mta vmta-ab>
    smtp-source-host 127.0.0.2 a.hermod.test
    smtp-source-host 127.0.0.3 b.hermod.test
</virtual-mta>`;

describe("reply actions", () => {
  it("disable-source-ip keeps the address out of the queue until reenable-after while another source of the VirtualMTA takes the mail", async () => {
    let blockedAt = 0;
    const { h, sink } = await fx.start({
      script: {
        rcpt: (_a, session) => {
          if (session.remoteAddress !== "127.0.0.2" || blockedAt) return undefined;
          blockedAt = Date.now();
          return "451 4.7.1 IP blocked";
        },
      },
      sourceExtra: ["default-virtual-mta vmta-ab"],
      domainExtra: ["smtp-pattern-list actions", "retry-after 20s", "max-msg-per-connection 1"],
      blocks: [RULES, TWO_SOURCES],
    });
    await sendTo(h, ["u0@dst.test"]);
    // Delivered through the other address at once, not after retry-after.
    await h.waitForRecords((rs) => rs.some((r) => r.type === "d"), 3_000);
    expect(h.records.map((r) => [r.type, r.dlvSourceIp])).toEqual([
      ["t", "127.0.0.2"],
      ["d", "127.0.0.3"],
    ]);
    await Promise.all([1, 2, 3].map((i) => sendTo(h, [`u${i}@dst.test`])));
    await h.waitForRecords((rs) => rs.filter((r) => r.type === "d").length === 4, 3_000);
    const fromA = () => sink.connections.filter((c) => c.clientAddress === "127.0.0.2" && c.openedAt > blockedAt);
    expect(fromA()).toEqual([]);
    await waitUntil(() => Date.now() > blockedAt + 2_100, 3_000);
    await Promise.all([4, 5, 6, 7].map((i) => sendTo(h, [`u${i}@dst.test`])));
    await h.waitForRecords((rs) => rs.filter((r) => r.type === "d").length === 8, 3_000);
    expect(fromA().length).toBeGreaterThan(0);
  });

  it("bounce-rcpt bounces a recipient refused with a matching 4xx; others are retried", async () => {
    const { h, sink } = await fx.start({
      plan: { recipients: { "full@dst.test": { rcpt: { reply: "452 4.2.2 mailbox full" } }, "quota@dst.test": { rcpt: { reply: "452 4.2.2 over quota" } } } },
      domainExtra: ["smtp-pattern-list actions", "retry-after 1s"],
      blocks: [RULES],
    });
    await sendTo(h, ["full@dst.test", "quota@dst.test"]);
    await h.waitForRecords((rs) => rs.filter((r) => r.rcpt === "quota@dst.test").length >= 2, 5_000);
    expect(h.records.filter((r) => r.rcpt === "full@dst.test").map((r) => [r.type, r.dsnDiag])).toEqual([["b", expect.stringContaining("mailbox full")]]);
    expect(h.records.filter((r) => r.rcpt === "quota@dst.test").map((r) => r.type)).toEqual(["t", "t"]);
    expect(sink.attemptsFor("full@dst.test")).toHaveLength(1);
  });

  it("bounce-queue bounces every recipient waiting in the queue, leaving other queues alone", async () => {
    let first = true;
    const { h, sink } = await fx.start({
      script: {
        rcpt: (a) => {
          if (!a.endsWith("@q.test")) return undefined;
          if (!first) return "451 4.7.1 domain suspended";
          first = false;
          return "451 4.3.0 busy";
        },
      },
      domainExtra: ["smtp-pattern-list actions", "retry-after 1s"],
      blocks: [RULES, `<domain q.test>\n    max-smtp-out 1\n</domain>`],
    });
    await sendTo(h, ["x@q.test"]);
    await h.waitForRecords((rs) => rs.length === 1);
    // These wait for the queue's retry; then the first attempt's reply bounces them all.
    for (const to of ["q1@q.test", "q2@q.test", "q3@q.test", "o@other.test"]) await sendTo(h, [to]);
    await h.waitForRecords((rs) => rs.filter((r) => r.type === "b").length === 4, 5_000);
    const bounced = h.records.filter((r) => r.type === "b");
    expect(bounced.map((r) => r.rcpt).sort()).toEqual(["q1@q.test", "q2@q.test", "q3@q.test", "x@q.test"]);
    for (const r of bounced) expect(r.dsnDiag).toContain("domain suspended");
    expect(sink.transactions.filter((t) => t.rcpts.some((r) => r.reply?.includes("suspended")))).toHaveLength(1);
    expect(h.records.find((r) => r.rcpt === "o@other.test")).toMatchObject({ type: "d" });
    await waitUntil(() => !h.mta.snapshot().queues.some((q) => q.domain === "q.test"), 2_000, "the empty queue");
  });

  it("defer-queue puts the queue into retry mode: mail behind the refused one waits for retry-after", async () => {
    const { h } = await fx.start({
      plan: { recipients: { "b@defer.test": { rcpt: greylist(1, "451 4.7.0 queue deferred") }, "b@plain.test": { rcpt: greylist(1, "451 4.7.0 queue deferred") } } },
      domainExtra: ["retry-after 2s", "retry-recipients-after 5s", "max-smtp-out 1"],
      blocks: [RULES, `<domain defer.test>\n    smtp-pattern-list actions\n</domain>`],
      mta: { deliveryIdleMs: 3_000 },
    });
    for (const d of ["defer.test", "plain.test"]) {
      await sendTo(h, [`a@${d}`]);
      await h.waitForRecords((rs) => rs.some((r) => r.rcpt === `a@${d}`));
      await sendTo(h, [`b@${d}`]);
      await h.waitForRecords((rs) => rs.some((r) => r.rcpt === `b@${d}`));
      await sendTo(h, [`c@${d}`]);
    }
    await h.waitForRecords((rs) => rs.filter((r) => r.type === "d").length === 6, 8_000);
    const at = (rcpt: string, type: string) => h.records.find((r) => r.rcpt === rcpt && r.type === type)!.timeLogged;
    // defer.test: c waits for the queue's retry, and b comes back with it (retry-after, not retry-recipients-after).
    expect(at("c@defer.test", "d") - at("b@defer.test", "t")).toBeGreaterThanOrEqual(1_800);
    expect(at("b@defer.test", "d") - at("b@defer.test", "t")).toBeLessThan(3_500);
    // plain.test: only the refused recipient waits (retry-recipients-after); c goes at once.
    expect(at("c@plain.test", "d") - at("b@plain.test", "t")).toBeLessThan(1_000);
    expect(at("b@plain.test", "d") - at("b@plain.test", "t")).toBeGreaterThanOrEqual(4_800);
  }, 15_000);

  it("backoff-reroute-to-virtual-mta sends the queue's mail from the reroute VirtualMTA's address while in backoff", async () => {
    let pushback = true;
    const { h, modes } = await fx.start({
      script: { rcpt: (a, session) => (pushback && a.endsWith("@push.test") && session.remoteAddress === "127.0.0.2" ? REPLIES.rateLimited : undefined) },
      sourceExtra: ["default-virtual-mta vmta-a"],
      domainExtra: ["smtp-pattern-list actions", "retry-after 1s"],
      blocks: [RULES, TWO_SOURCES, `<domain push.test>\n    backoff-reroute-to-virtual-mta vmta-b\n    backoff-retry-after 1h\n    backoff-to-normal-after 3s\n</domain>`],
    });
    await sendTo(h, ["first@push.test"]);
    const entered = await waitForMode(modes, (m) => m.mode === "backoff");
    expect(entered).toMatchObject({ queue: "push.test/vmta-a", cause: "reply", reason: expect.stringContaining("rate limited") });
    // The message that got the pushback leaves through vmta-b at once: the reroute wins over backoff-retry-after.
    await h.waitForRecords((rs) => rs.some((r) => r.type === "d"), 3_000);
    for (const to of ["a@push.test", "b@push.test", "c@other.test"]) await sendTo(h, [to]);
    await h.waitForRecords((rs) => rs.filter((r) => r.type === "d").length === 4, 3_000);
    pushback = false;
    const delivered = (rcpt: string) => h.records.find((r) => r.rcpt === rcpt && r.type === "d")!;
    for (const rcpt of ["first@push.test", "a@push.test", "b@push.test"]) expect(delivered(rcpt)).toMatchObject({ dlvSourceIp: "127.0.0.3", vmta: "vmta-b" });
    expect(delivered("c@other.test")).toMatchObject({ dlvSourceIp: "127.0.0.2", vmta: "vmta-a" });
    await waitForMode(modes, (m) => m.mode === "normal", 5_000);
    await sendTo(h, ["d@push.test"]);
    await h.waitForRecords((rs) => rs.some((r) => r.rcpt === "d@push.test" && r.type === "d"), 3_000);
    expect(delivered("d@push.test")).toMatchObject({ dlvSourceIp: "127.0.0.2", vmta: "vmta-a" });
  });
});
