/**
 * The email channel end to end: a real engine on loopback and the test sink. An alert about a queue
 * the sink keeps deferring is mailed through the engine's own listener, so it arrives at the sink as
 * ordinary mail from the postmaster, with a delivery record like any other message.
 */

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "@/mta/testing/harness";
import { sendRaw } from "@/mta/testing/raw-smtp";
import { loopbackRelayConfig } from "@/mta/testing/relay-config";
import { startSink } from "@/mta/testing/sink";
import { createAlertRepository } from "../db/alert-repository";
import { createTestDatabase } from "../db/testing/test-database";
import { alertEvaluatorOptions, createAlertEvaluator } from "./alert-evaluator";
import { mailRouteFromConfig, sendAlertEmail } from "./notify-email";

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function engineAndSink(): Promise<{ h: Harness; configPath: string; messages: () => { from: string; to: string[]; text: string }[] }> {
  const sink = await startSink({ script: { rcpt: (a) => (a.toLowerCase().endsWith("@held.test") ? "451 4.3.0 try later" : undefined) } });
  cleanup.push(() => sink.close());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hermod-alert-mail-"));
  cleanup.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const configPath = path.join(dir, "hermod.conf");
  const text = (port: number) =>
    loopbackRelayConfig({ smtpPort: port, sinkPort: sink.port, global: ["host-name mta.hermod.test", "postmaster alerts@hermod.test"], domainExtra: ["retry-after 1h"] });
  const h = await startHarness((port) => {
    fs.writeFileSync(configPath, text(port));
    return text(port);
  }, { dataDir: dir });
  cleanup.push(() => h.stop());
  return { h, configPath, messages: () => sink.messages.map((m) => ({ from: m.from, to: m.to, text: m.data.toString("utf8") })) };
}

describe("email channel through Hermod itself", () => {
  it("finds the first listener and the postmaster in the config file", async () => {
    const { h, configPath } = await engineAndSink();
    expect(await mailRouteFromConfig(configPath)).toEqual({ host: "127.0.0.1", port: h.port, from: "alerts@hermod.test", hostName: "mta.hermod.test" });
  });

  it("an alert's email is queued and delivered by the engine like any mail", async () => {
    const { h, configPath, messages } = await engineAndSink();
    await sendRaw(h.port, { from: "app@example.org", to: ["a@held.test"], body: "Subject: x\r\n\r\nx\r\n" });
    await h.waitForRecords((rs) => rs.some((r) => r.type === "t" && r.rcpt === "a@held.test"));

    const t = await createTestDatabase("sqlite");
    cleanup.push(() => t.cleanup());
    const repo = createAlertRepository(t.db);
    await repo.createRule({ name: "Stuck held.test", kind: "queue-size", threshold: 0, target: "held.test", channel: "email", destination: "ops@alerts.test", enabled: true, createdBy: "op" });
    const evaluator = createAlertEvaluator(alertEvaluatorOptions(configPath, { store: repo, queues: () => h.mta.snapshot().queues }));
    cleanup.push(() => evaluator.stop());
    await evaluator.tick();
    await evaluator.notified();

    const [alert] = await repo.recentAlerts(1);
    expect(alert).toMatchObject({ subject: "held.test/{default}", resolvedAt: null, notifyError: "" });
    expect(alert.notifiedAt).toBeInstanceOf(Date);
    await h.waitForRecords((rs) => rs.some((r) => r.type === "d" && r.rcpt === "ops@alerts.test"));
    const [mail] = messages().filter((m) => m.to.includes("ops@alerts.test"));
    expect(mail.from).toBe("alerts@hermod.test");
    expect(mail.text).toContain("Subject: [Hermod] FIRING: Stuck held.test - held.test/{default}\r\n");
    expect(mail.text).toContain("Queue held.test/{default} holds 1 recipient (threshold 0).");
    expect(mail.text).toMatch(/^Received: from mta\.hermod\.test/m);
  });

  it("reports a refused submission with the server's reply", async () => {
    const { h } = await engineAndSink();
    const route = { host: "127.0.0.1", port: h.port, from: "alerts@hermod.test", hostName: "mta.hermod.test" };
    const n = { rule: "r", kind: "queue-size", subject: "s", message: "m", state: "firing" as const, firedAt: new Date().toISOString(), resolvedAt: null };
    await expect(sendAlertEmail(route, "not an address", n)).rejects.toThrow(/could not submit the alert email to 127\.0\.0\.1:\d+/);
  });
});
