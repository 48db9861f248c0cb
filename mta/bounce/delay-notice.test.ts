/**
 * `notify-of-delay-every` end to end: mail the sink keeps deferring earns its sender a delay notice
 * (RFC 3464 Action: delayed) each interval, one per recipient and interval, whichever queue the
 * recipient waits in; none for NOTIFY without DELAY or for the null sender; and none twice across a
 * restart.
 */

import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../testing/harness";
import { loopbackRelayConfig } from "../testing/relay-config";
import { REPLIES, startSink, type Sink } from "../testing/sink";
import { injectWithParams } from "./test-inject";

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

const EVERY_MS = 2_000;

async function setup(dataDir?: string, port?: number, existing?: Sink): Promise<{ h: Harness; sink: Sink }> {
  const sink = existing ?? (await startSink({ plan: { domains: { "slow1.test": { rcpt: { reply: REPLIES.greylisted } }, "slow2.test": { rcpt: { reply: REPLIES.greylisted } } } } }));
  if (!existing) cleanup.push(() => sink.close());
  const h = await startHarness(
    (p) => loopbackRelayConfig({ smtpPort: p, sinkPort: sink.port, acctFile: false, domainExtra: ["retry-after 1s", `notify-of-delay-every ${EVERY_MS / 1000}s`] }),
    { ...(dataDir ? { dataDir } : {}), ...(port ? { port } : {}) },
  );
  cleanup.push(() => h.stop());
  return { h, sink };
}

/** Delay notices the sink received for `sender`, as text. */
const noticesTo = (sink: Sink, sender: string): string[] => sink.messages.filter((m) => m.from === "" && m.to.includes(sender)).map((m) => m.data.toString("utf8"));
const inject = (port: number, mail: string, rcpts: string[]) => injectWithParams(port, mail, rcpts, "Subject: slow\r\n\r\nthe body, not returned in a delay notice");
const reported = (notices: string[]): string[] => notices.flatMap((n) => [...n.matchAll(/^Final-Recipient: rfc822; (.*)$/gim)].map((m) => m[1].trim())).sort();

describe("delay notices", () => {
  it("reports every deferred recipient once per interval, across queues, honouring NOTIFY and the null sender", async () => {
    const { h, sink } = await setup();
    const t0 = Date.now();
    await inject(h.port, "<d@src.test> RET=FULL", ["<a@slow1.test>", "<b@slow2.test>"]);
    await inject(h.port, "<f@src.test>", ["<c@slow1.test> NOTIFY=FAILURE"]);
    await inject(h.port, "<>", ["<e@slow1.test>"]);
    await sink.until(() => reported(noticesTo(sink, "d@src.test")).length >= 2, EVERY_MS + 1_500, "notices for both queues");
    expect(Date.now() - t0).toBeLessThan(2 * EVERY_MS);
    const notices = noticesTo(sink, "d@src.test");
    expect(reported(notices)).toEqual(["a@slow1.test", "b@slow2.test"]);
    for (const n of notices) {
      expect(n).toMatch(/^Action: delayed$/m);
      expect(n).toMatch(/^Status: 4\.\d+\.\d+$/m);
      expect(n).toMatch(/^Will-Retry-Until: /m);
      expect(n).toMatch(/^Diagnostic-Code: smtp; 450 4\.2\.0 greylisted$/m);
      // RET=FULL asks for the message in a failure report, not in a warning.
      expect(n).toContain("Content-Type: text/rfc822-headers");
      expect(n).not.toContain("the body, not returned");
    }
    // The only notices are d@'s: none for NOTIFY=FAILURE, none to the null sender.
    expect(new Set(sink.messages.filter((m) => m.from === "").flatMap((m) => m.to))).toEqual(new Set(["d@src.test"]));
    expect(h.records.filter((r) => r.orig === "" && r.rcpt !== "e@slow1.test").every((r) => r.rcpt === "d@src.test")).toBe(true);
  });

  it("does not send a notice again after a restart", async () => {
    const first = await setup();
    const t0 = Date.now();
    await inject(first.h.port, "<r@src.test>", ["<a@slow1.test>"]);
    await first.sink.until(() => noticesTo(first.sink, "r@src.test").length === 1, EVERY_MS + 1_500, "notice 1");
    await first.h.stop();
    const again = await setup(first.h.dataDir, first.h.port, first.sink);
    // Attempts after the restart, still inside interval 1: with the notice state lost, each would
    // send notice 1 again.
    await again.h.waitForRecords((rs) => rs.some((r) => r.rcpt === "a@slow1.test" && r.type === "t"), 3_000);
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + 2 * EVERY_MS - 300 - Date.now())));
    expect(noticesTo(first.sink, "r@src.test")).toHaveLength(1);
    // Interval 2 still gets its notice.
    await first.sink.until(() => noticesTo(first.sink, "r@src.test").length === 2, EVERY_MS + 1_500, "notice 2");
  });
});
