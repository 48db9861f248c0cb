/** Disabled source addresses across restarts: the store alone, then a real engine stopped and started again. */

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { quietLogger, startHarness, type Harness } from "../testing/harness";
import { sendRaw } from "../testing/raw-smtp";
import { loopbackRelayConfig } from "../testing/relay-config";
import { startSink, type Sink } from "../testing/sink";
import { DeliveryQueue } from "./delivery-queue";
import { SourceDisables } from "./source-disables";

const tmp = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hermod-disables-")), "source-disables.json");
const clockAt = (t: { now: number }) => ({ now: () => t.now });

describe("SourceDisables", () => {
  it("saves operator and rule disables, restores those still in force, and forgets enabled and expired ones", () => {
    const file = tmp();
    const t = { now: 1_000 };
    const first = new SourceDisables(file, clockAt(t), quietLogger);
    const q = new DeliveryQueue("a.test/v1", "a.test", "v1");
    first.restoreInto(q);
    q.disableSource("192.0.2.1", Infinity, "disabled by operator");
    q.disableSource("192.0.2.2", 61_000, "451 ip blocked");
    q.disableSource("192.0.2.3", 5_000, "451 short");
    q.disableSource("192.0.2.4", Infinity, "disabled by operator");
    q.enableSource("192.0.2.4");
    first.flush();
    expect(JSON.parse(fs.readFileSync(file, "utf8"))["a.test/v1"]).toEqual({
      "192.0.2.1": { until: null, reason: "disabled by operator" },
      "192.0.2.2": { until: 61_000, reason: "451 ip blocked" },
      "192.0.2.3": { until: 5_000, reason: "451 short" },
    });

    t.now = 10_000;
    const second = new SourceDisables(file, clockAt(t), quietLogger);
    expect(second.queues()).toEqual([{ domain: "a.test", vmta: "v1" }]);
    const again = new DeliveryQueue("a.test/v1", "a.test", "v1");
    second.restoreInto(again);
    expect([...again.sourceIps].map(([ip, s]) => [ip, s.disabledUntil, s.disabledReason])).toEqual([
      ["192.0.2.1", Infinity, "disabled by operator"],
      ["192.0.2.2", 61_000, "451 ip blocked"],
    ]);
    const other = new DeliveryQueue("b.test/v1", "b.test", "v1");
    second.restoreInto(other);
    expect(other.sourceIps.size).toBe(0);

    t.now = 70_000;
    const third = new SourceDisables(file, clockAt(t), quietLogger);
    const last = new DeliveryQueue("a.test/v1", "a.test", "v1");
    third.restoreInto(last);
    expect([...last.sourceIps.keys()]).toEqual(["192.0.2.1"]);
    last.enableSource("192.0.2.1");
    third.flush();
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({});
    expect(new SourceDisables(file, clockAt(t), quietLogger).queues()).toEqual([]);
  });

  it("starts empty from a broken file", () => {
    const file = tmp();
    fs.writeFileSync(file, '{"a.test/v1": {"192.0.2.1": {"until": "soon"}}}');
    expect(new SourceDisables(file, clockAt({ now: 0 }), quietLogger).queues()).toEqual([]);
  });
});

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe("disabled source addresses across an engine restart", () => {
  it("are still disabled after a restart, with their reason and end, even for a queue without mail; expired ones are not", async () => {
    const sink: Sink = await startSink({ script: { rcpt: () => "451 4.3.0 later" } });
    cleanup.push(() => sink.close());
    const relay = (port: number) => loopbackRelayConfig({ smtpPort: port, sinkPort: sink.port, domainExtra: ["retry-after 1h"] });
    const first = await startHarness(relay);
    await sendRaw(first.port, { from: "", to: ["a@held.test"], body: "Subject: s\r\n\r\nx\r\n" });
    await first.waitForRecords((rs) => rs.length === 1);
    expect(await first.mta.disableSource("192.0.2.1", "held.test")).toBe(true);
    expect(await first.mta.disableSource("192.0.2.2", "held.test", 3_600_000)).toBe(true);
    expect(await first.mta.disableSource("192.0.2.3", "held.test", 300)).toBe(true);
    await first.mta.deleteRecipients({ dsn: false });
    await first.stop();

    await new Promise((r) => setTimeout(r, 400));
    const second: Harness = await startHarness(relay, { dataDir: first.dataDir, port: first.port });
    cleanup.push(() => second.stop());
    const queue = second.mta.snapshot().queues.find((q) => q.key === "held.test/{default}");
    expect(queue?.recipients).toBe(0);
    expect(queue?.disabledSources).toEqual([
      { ip: "192.0.2.1", until: null, reason: "disabled by operator" },
      { ip: "192.0.2.2", until: expect.any(Number), reason: "disabled by operator" },
    ]);
    expect(queue!.disabledSources[1].until).toBeGreaterThan(Date.now() + 3_000_000);
    expect(await second.mta.enableSource("192.0.2.1", "held.test")).toBe(true);
  });
});
