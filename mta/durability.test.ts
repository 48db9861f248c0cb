/**
 * R1 of reliability.md: kill -9 the engine several times while it receives and delivers, restart it
 * each time, and check the at-least-once contract at the sink: every message that got a 250 arrives,
 * none that only ever got a 4xx/5xx does. DURABILITY_MESSAGES sets the size (default 10,000).
 */

import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "./testing/free-port";
import { inject } from "./testing/injector";
import { loopbackRelayConfig } from "./testing/relay-config";
import { startSink } from "./testing/sink";

const COUNT = Number(process.env.DURABILITY_MESSAGES ?? 10_000);
const KILLS = 4;

let child: ChildProcess | null = null;
afterAll(() => child?.kill("SIGKILL"));

function startMta(configPath: string, dataDir: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", "mta/testing/mta-process.ts", configPath, dataDir], { stdio: ["ignore", "pipe", "inherit"] });
    p.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve(p));
    p.once("exit", (code) => reject(new Error(`mta exited with ${code} before it was ready`)));
  });
}

describe("durability under kill -9", () => {
  it(`delivers every message that got a 250 across ${KILLS} kills (${COUNT} messages)`, async () => {
    const sink = await startSink();
    const seen = new Map<number, number>();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hermod-kill-"));
    const port = await freePort();
    const configPath = path.join(dir, "hermod.conf");
    fs.writeFileSync(configPath, loopbackRelayConfig({ smtpPort: port, sinkPort: sink.port, domainExtra: ["retry-after 1s", "max-smtp-out 20"] }));
    const dataDir = path.join(dir, "data");
    child = await startMta(configPath, dataDir);

    const injecting = inject({ port, count: COUNT, concurrency: 20, to: (n) => `u${n % 97}@dom${n % 7}.test`, deadlineMs: 240_000 });
    for (let k = 0; k < KILLS; k++) {
      await new Promise((r) => setTimeout(r, 1_000 + Math.random() * 2_000));
      child.kill("SIGKILL");
      await new Promise((r) => child!.once("exit", r));
      child = await startMta(configPath, dataDir);
    }
    const ledger = await injecting;

    const accepted = [...ledger.answers].filter(([, a]) => a.includes("250")).map(([id]) => id);
    const refusedOnly = [...ledger.answers].filter(([, a]) => a.every((x) => x === "4xx" || x === "5xx")).map(([id]) => id);
    const deadline = Date.now() + 120_000;
    const count = () => {
      seen.clear();
      for (const m of sink.messages) {
        const id = Number(/X-Test-Id: (\d+)/.exec(m.data.toString())?.[1]);
        seen.set(id, (seen.get(id) ?? 0) + 1);
      }
      return accepted.filter((id) => !seen.has(id)).length;
    };
    while (count() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));

    const lost = accepted.filter((id) => !seen.has(id));
    const ghosts = refusedOnly.filter((id) => seen.has(id));
    const duplicates = [...seen.values()].filter((n) => n > 1).length;
    console.log(`durability: messages=${COUNT} accepted=${accepted.length} lost=${lost.length} ghost=${ghosts.length} duplicates=${duplicates} kills=${KILLS}`);
    expect(accepted.length).toBe(COUNT);
    expect(lost).toEqual([]);
    expect(ghosts).toEqual([]);
    child.kill("SIGTERM");
    await new Promise((r) => child!.once("exit", r));
    child = null;
    await sink.close();
  }, 420_000);
});
