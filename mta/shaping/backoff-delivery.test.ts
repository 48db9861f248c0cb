/**
 * Backoff mode end to end, against the scriptable sink on loopback: what a `mode=backoff` rule
 * changes (backoff-max-smtp-out, backoff-max-connect-rate, backoff-retry-after), every way back to
 * normal (the rule's and the domain's backoff-to-normal-after, backoff-to-normal-after-delivery, a
 * `mode=normal` rule, an operator), and the queue-mode event of each change with its cause.
 */

import { afterEach, describe, expect, it } from "vitest";
import { policyFixtures, sendTo, waitForMode } from "../testing/policy-fixture";
import { greylist, REPLIES } from "../testing/sink";

const fx = policyFixtures();
afterEach(() => fx.close());

const LISTS = `<smtp-pattern-list limits>
    reply /rate limited/ mode=backoff
    reply /mailbox busy/ mode=normal
</smtp-pattern-list>
<smtp-pattern-list quick>
    reply /rate limited/ mode=backoff,backoff-to-normal-after=2s
</smtp-pattern-list>`;

const limited = greylist(1, REPLIES.rateLimited);

describe("backoff mode", () => {
  it("swaps in backoff-max-smtp-out, backoff-max-connect-rate and backoff-retry-after", async () => {
    const { h, sink, modes } = await fx.start({
      plan: { recipients: { "first@push.test": { rcpt: limited } }, default: { data: { delayMs: 100 } } },
      domainExtra: ["smtp-pattern-list limits", "max-msg-per-connection 1", "retry-after 20s", "backoff-retry-after 1s"],
      blocks: [LISTS, `<domain push.test>\n    max-smtp-out 10\n    backoff-max-smtp-out 1\n    backoff-max-connect-rate 120/m\n</domain>`],
    });
    await sendTo(h, ["first@push.test"]);
    const entered = await waitForMode(modes, (m) => m.mode === "backoff");
    expect(entered).toMatchObject({ queue: "push.test/{default}", cause: "reply", reason: expect.stringContaining("rate limited") });
    // Retried after backoff-retry-after (1s), not retry-after (20s).
    await h.waitForRecords((rs) => rs.some((r) => r.type === "d"), 5_000);
    expect(sink.spacingMs("first@push.test")[0]).toBeLessThan(3_000);
    await Promise.all([0, 1, 2, 3].map((i) => sendTo(h, [`p${i}@push.test`, `o${i}@other.test`])));
    await h.waitForRecords((rs) => rs.filter((r) => r.type === "d").length === 9, 10_000);
    const opened = sink.connectionsFor("push.test").filter((c) => c.openedAt >= entered.at).map((c) => c.openedAt).sort((a, b) => a - b);
    expect(opened.length).toBeGreaterThanOrEqual(4);
    // One connection at a time, at most one every 500 ms; the other domain opens several at once.
    expect(sink.maxConcurrentConnections("push.test")).toBe(1);
    expect(Math.min(...opened.slice(1).map((t, i) => t - opened[i]))).toBeGreaterThanOrEqual(400);
    expect(sink.maxConcurrentConnections("other.test")).toBeGreaterThan(1);
    expect(modes).toHaveLength(1);
  });

  it("returns to normal after the rule's backoff-to-normal-after=, which wins over the domain's, or after the domain's", async () => {
    const { h, modes } = await fx.start({
      plan: { recipients: { "a@rule.test": { rcpt: limited }, "b@setting.test": { rcpt: limited } } },
      domainExtra: ["retry-after 1s", "backoff-retry-after 1s"],
      blocks: [
        LISTS,
        `<domain rule.test>\n    smtp-pattern-list quick\n    backoff-to-normal-after 1h\n</domain>`,
        `<domain setting.test>\n    smtp-pattern-list limits\n    backoff-to-normal-after 1s\n</domain>`,
      ],
    });
    await sendTo(h, ["a@rule.test", "b@setting.test"]);
    const normal = (queue: string) => waitForMode(modes, (m) => m.queue === queue && m.mode === "normal", 6_000);
    const [rule, setting] = await Promise.all([normal("rule.test/{default}"), normal("setting.test/{default}")]);
    const since = (queue: string) => modes.find((m) => m.queue === queue && m.mode === "backoff")!;
    expect(since("rule.test/{default}")).toMatchObject({ cause: "reply", reason: expect.stringContaining("rate limited") });
    expect(rule).toMatchObject({ cause: "timer" });
    expect(rule.at - since("rule.test/{default}").at).toBeGreaterThanOrEqual(2_000);
    expect(rule.at - since("rule.test/{default}").at).toBeLessThan(3_500);
    expect(setting).toMatchObject({ cause: "timer" });
    expect(setting.at - since("setting.test/{default}").at).toBeGreaterThanOrEqual(1_000);
    expect(setting.at - since("setting.test/{default}").at).toBeLessThan(2_500);
    // Their mail went on the first retry; back in normal mode the empty queues are gone.
    expect(h.records.filter((r) => r.type === "d")).toHaveLength(2);
    expect(h.mta.snapshot().queues).toEqual([]);
  });

  it("returns to normal at the first delivery with backoff-to-normal-after-delivery, and only then", async () => {
    const { h, modes } = await fx.start({
      plan: { recipients: { "a@after.test": { rcpt: limited }, "b@sticky.test": { rcpt: limited } } },
      domainExtra: ["smtp-pattern-list limits", "retry-after 1s", "backoff-retry-after 1s"],
      blocks: [LISTS, `<domain after.test>\n    backoff-to-normal-after-delivery yes\n</domain>`],
    });
    await sendTo(h, ["a@after.test", "b@sticky.test"]);
    await h.waitForRecords((rs) => rs.filter((r) => r.type === "d").length === 2, 6_000);
    await waitForMode(modes, (m) => m.queue === "after.test/{default}" && m.mode === "normal");
    expect(modes.filter((m) => m.queue === "after.test/{default}").map((m) => [m.mode, m.cause])).toEqual([
      ["backoff", "reply"],
      ["normal", "delivery"],
    ]);
    const delivered = h.records.find((r) => r.rcpt === "a@after.test" && r.type === "d")!;
    expect(modes.find((m) => m.mode === "normal")!.at).toBeGreaterThanOrEqual(delivered.timeLogged);
    expect(modes.filter((m) => m.queue === "sticky.test/{default}").map((m) => m.mode)).toEqual(["backoff"]);
  });

  it("returns to normal on a mode=normal rule, with the reply that matched", async () => {
    const { h, modes } = await fx.start({
      plan: { recipients: { "a@push.test": { rcpt: limited }, "b@push.test": { rcpt: { reply: "452 4.2.2 mailbox busy" } } } },
      domainExtra: ["smtp-pattern-list limits", "retry-after 1s", "backoff-retry-after 1s"],
      blocks: [LISTS],
    });
    await sendTo(h, ["a@push.test"]);
    await waitForMode(modes, (m) => m.mode === "backoff");
    await sendTo(h, ["b@push.test"]);
    const normal = await waitForMode(modes, (m) => m.mode === "normal");
    expect(normal).toMatchObject({ queue: "push.test/{default}", cause: "reply", reason: expect.stringContaining("452 4.2.2 mailbox busy") });
    expect(h.mta.snapshot().queues.find((q) => q.key === "push.test/{default}")).toMatchObject({ mode: "normal", modeReason: expect.stringContaining("mailbox busy") });
  });

  it("lets an operator set a queue's mode", async () => {
    const { h, modes } = await fx.start({
      plan: { recipients: { "a@push.test": { rcpt: { reply: REPLIES.rateLimited } } } },
      domainExtra: ["smtp-pattern-list limits", "retry-after 10s", "backoff-retry-after 10s"],
      blocks: [LISTS],
    });
    await sendTo(h, ["a@push.test"]);
    await waitForMode(modes, (m) => m.mode === "backoff");
    expect(await h.mta.setQueueMode("push.test/{default}", "normal")).toBe(true);
    expect(modes[1]).toMatchObject({ queue: "push.test/{default}", mode: "normal", cause: "operator" });
    expect(h.mta.snapshot().queues.find((q) => q.key === "push.test/{default}")).toMatchObject({ mode: "normal" });
    expect(await h.mta.setQueueMode("PUSH.test", "backoff")).toBe(true);
    expect(modes[2]).toMatchObject({ queue: "push.test/{default}", mode: "backoff", cause: "operator" });
    expect(await h.mta.setQueueMode("nowhere.test/{default}", "normal")).toBe(false);
    expect(modes).toHaveLength(3);
  });
});
