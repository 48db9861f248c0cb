/**
 * The engine's thread. server.ts's process runs Next (and its React rendering, Prisma queries and
 * global patches of Date, timers and stack traces) on the main thread; the MTA runs here, so a busy
 * console never holds up SMTP and the MTA pays none of Next's per-call costs. Events reach the
 * console in batches; the console's copy of the snapshot is refreshed twice a second, with only what
 * changed crossing (snapshot-delta.ts).
 */

import { parentPort, workerData } from "node:worker_threads";
import { createMta } from "@/mta/engine";
import type { MtaHandle } from "@/mta/index";
import type { EngineEvent, EngineWorkerData, FromEngine, ToEngine } from "./engine-protocol";
import { SnapshotDiffer } from "./snapshot-delta";

/** Events are forwarded at least this often, or sooner when this many are waiting. */
const EVENT_FLUSH_MS = 50;
const EVENT_FLUSH_COUNT = 1_000;
const SNAPSHOT_PUSH_MS = 500;

const port = parentPort!;
const { config, dataDir } = workerData as EngineWorkerData;
const post = (message: FromEngine) => port.postMessage(message);

let pending: EngineEvent[] = [];
let flushTimer: NodeJS.Timeout | null = null;
const flush = () => {
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = null;
  if (pending.length === 0) return;
  const events = pending;
  pending = [];
  post({ t: "events", events });
};
const queueEvent = (event: EngineEvent) => {
  pending.push(event);
  if (pending.length >= EVENT_FLUSH_COUNT) flush();
  else flushTimer ??= setTimeout(flush, EVENT_FLUSH_MS);
};

async function main(): Promise<void> {
  let mta: MtaHandle;
  try {
    // Accounting files are written on the console's thread (boot.ts), with the database rows.
    mta = createMta({ config, dataDir, writeAcctFiles: false });
    mta.events.on("received", (event) => queueEvent({ kind: "received", event }));
    mta.events.on("record", (record) => queueEvent({ kind: "record", record }));
    mta.events.on("feedback", (record) => queueEvent({ kind: "feedback", record }));
    mta.events.on("config-applied", (e) => queueEvent({ kind: "config-applied", ...e }));
    mta.events.on("queue-mode", (event) => queueEvent({ kind: "queue-mode", event }));
    await mta.start();
  } catch (err) {
    post({ t: "failed", message: err instanceof Error ? err.message : String(err) });
    return;
  }
  const first = mta.snapshot();
  const differ = new SnapshotDiffer();
  differ.reset(first);
  post({ t: "ready", snapshot: first });
  const snapshots = setInterval(() => post({ t: "snapshot-delta", delta: differ.delta(mta.snapshot()) }), SNAPSHOT_PUSH_MS);

  port.on("message", (message: ToEngine) => {
    const reply = (error?: unknown) => post({ t: "reply", id: message.id, ...(error ? { error: String(error instanceof Error ? error.message : error) } : {}) });
    if (message.t === "reload") {
      mta.reload(message.config).then(() => reply(), reply);
    } else if (message.t === "command") {
      const command = mta[message.name] as (...args: unknown[]) => Promise<boolean | number>;
      command.apply(mta, message.args).then((value) => post({ t: "reply", id: message.id, value }), reply);
    } else if (message.t === "stop") {
      clearInterval(snapshots);
      mta
        .stop(message.graceMs)
        .then(() => {
          flush();
          post({ t: "snapshot", snapshot: mta.snapshot() });
          reply();
          port.close();
        }, reply);
    }
  });
}

void main();
