/**
 * The console's path to the engine: EngineThread starts engine-worker.ts in a worker thread (through
 * engine-worker-ts.mjs and tsx) on a loopback config, and every command and the pushed snapshot
 * cross the thread boundary by structured clone, as in production.
 */

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compileConfigText, type MtaConfig } from "@/mta/index";
import { freePort } from "@/mta/testing/free-port";
import { sendRaw } from "@/mta/testing/raw-smtp";
import { loopbackRelayConfig } from "@/mta/testing/relay-config";
import { startSink, type Sink } from "@/mta/testing/sink";
import { EngineThread } from "./engine-thread";

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function until<T>(read: () => T, ok: (v: T) => boolean, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function compile(text: string, dir: string): MtaConfig {
  const file = path.join(dir, "hermod.conf");
  const r = compileConfigText(text, { file, rootDir: dir });
  if (!r.config) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.config;
}

describe("EngineThread (the engine in its worker thread)", () => {
  it("runs operator commands and queries through the thread, and pushes fresh snapshots", async () => {
    const sink: Sink = await startSink({ script: { rcpt: (a) => (a.startsWith("no") ? "451 4.3.0 later" : undefined) } });
    cleanup.push(() => sink.close());
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hermod-thread-"));
    const port = await freePort();
    const config = compile(
      loopbackRelayConfig({ smtpPort: port, sinkPort: sink.port, sourceExtra: ["process-x-job yes"], domainExtra: ["retry-after 1h", "max-msg-rate 120/m"] }),
      dataDir,
    );
    const thread = new EngineThread({ config, dataDir });
    await thread.start();
    let stopped = false;
    cleanup.push(async () => {
      if (!stopped) await thread.stop(1_000);
    });
    const records: string[] = [];
    thread.events.on("record", (r) => records.push(`${r.type} ${r.rcpt}`));

    await sendRaw(port, { from: "ops@src.test", to: ["no1@held.test", "ok@free.test"], body: "X-Job: camp1\r\nSubject: s\r\n\r\nx\r\n" });
    await until(() => records.length, (n) => n === 2, "two records");
    expect(records.sort()).toEqual(["d ok@free.test", "t no1@held.test"]);

    expect(await thread.pauseQueue("held.test")).toBe(true);
    expect(await thread.pauseQueue("nowhere.test")).toBe(false);
    const queue = await until(
      () => thread.snapshot().queues.find((q) => q.key === "held.test/{default}"),
      (q) => q?.paused === true,
      "a pushed snapshot with the queue paused",
    );
    expect(queue).toMatchObject({ recipients: 1, maxSmtpOut: 20, rate: { lastMinute: 1, limit: "120/m", limitPerMinute: 120 } });
    expect(thread.snapshot().jobs).toEqual([{ id: "camp1", recipients: 1, messages: 1, paused: false }]);
    expect(Date.now() - thread.snapshot().at).toBeLessThan(1_500);

    const listed = await thread.listRecipients({ queue: "held.test", maxItems: 10 });
    expect(listed).toEqual([expect.objectContaining({ rcpt: "no1@held.test", orig: "ops@src.test", queue: "held.test/{default}", jobId: "camp1", attempts: 1 })]);

    const settings = await thread.queueSettings("held.test");
    expect(settings).toContainEqual({ directive: "max-msg-rate", value: "120/m", from: "<domain *> hermod.conf:6" });
    expect(await thread.queueSettings("held.test/no-such-vmta")).toBeNull();
    await expect(thread.queueSettings("a/b/c")).rejects.toThrow('invalid queue name "a/b/c"');

    expect(await thread.deleteRecipients({ queue: "held.test", dsn: false })).toBe(1);
    await thread.stop(1_000);
    stopped = true;
    expect(thread.snapshot().totals.queuedRecipients).toBe(0);
    // The pause was saved by the engine's thread on its way out.
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, "queue-pauses.json"), "utf8"))).toEqual({ queues: ["held.test/{default}"], jobs: [] });
  });
});
