/**
 * The console's handle on the engine running in its worker thread (engine-worker.ts). It implements
 * MtaHandle, so the console cannot tell: events arrive on `events` in batches (at most ~50 ms late),
 * `snapshot()` returns the engine's latest pushed snapshot (at most ~500 ms old, its `at` says when;
 * rebuilt from deltas, so unchanged parts are shared between snapshots: treat it as read-only), and
 * commands travel as messages.
 */

import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { MtaEventBus, type DeleteRecipientsFilter, type EffectiveSetting, type ListRecipientsFilter, type MtaConfig, type MtaHandle, type MtaSnapshot, type QueuedRecipient, type SuppressionListInfo, type SuppressionValue } from "@/mta/index";
import type { CommandMessage, EngineCommand, EngineWorkerData, FromEngine, ToEngine } from "./engine-protocol";
import { SnapshotMirror } from "./snapshot-delta";

/** The worker's file next to this module: the bundle's .mjs in production, the .ts source under tsx. */
function workerUrl(): URL {
  for (const name of ["./engine-worker.mjs", "./engine-worker.ts"]) {
    const url = new URL(name, import.meta.url);
    if (fs.existsSync(fileURLToPath(url))) return url;
  }
  throw new Error("engine-worker not found next to engine-thread (run `npm run build`)");
}

/**
 * Starts the worker thread. The bundle's .mjs runs as is; the .ts source (dev, tests) runs through
 * engine-worker-ts.mjs, which loads it with tsx inside the thread, because Node 20 does not pass a
 * parent's `--import tsx` loader on to worker threads ("Unknown file extension .ts").
 */
function startWorker(workerData: EngineWorkerData): Worker {
  const url = workerUrl();
  const entry = url.pathname.endsWith(".ts") ? new URL("./engine-worker-ts.mjs", url) : url;
  return new Worker(entry, { workerData, name: "hermod-mta" });
}

type Pending = { resolve: (value: unknown) => void; reject: (err: Error) => void };

export class EngineThread implements MtaHandle {
  readonly events = new MtaEventBus();
  private worker: Worker | null = null;
  private readonly mirror = new SnapshotMirror();
  private nextId = 1;
  private readonly replies = new Map<number, Pending>();
  private stopping: Promise<void> | null = null;
  /** Runs after the engine accepted a new config (the console thread's own part of a reload). */
  afterReload: ((config: MtaConfig) => Promise<void>) | null = null;
  /** Completes every config before the engine gets it (boot.ts: adds the console's DKIM keys). */
  completeConfig: ((config: MtaConfig) => Promise<MtaConfig>) | null = null;
  /** The last config given to `reload` (or started with), before `completeConfig`. */
  fileConfig: MtaConfig | null = null;

  constructor(private readonly data: EngineWorkerData) {}

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const worker = startWorker(this.data);
      this.worker = worker;
      let started = false;
      worker.on("message", (message: FromEngine) => {
        if (message.t === "ready") {
          started = true;
          this.mirror.reset(message.snapshot);
          resolve();
        } else if (message.t === "failed") reject(new Error(message.message));
        else this.onMessage(message);
      });
      worker.on("error", (err) => {
        if (!started) return reject(err);
        this.engineDied(`the MTA thread failed: ${err.stack ?? err.message}`);
      });
      worker.on("exit", (code) => {
        if (!started) return reject(new Error(`the MTA thread exited (${code}) before it was ready`));
        if (!this.stopping) this.engineDied(`the MTA thread exited unexpectedly (${code})`);
      });
    });
  }

  stop(graceMs = 10_000): Promise<void> {
    this.stopping ??= (async () => {
      const worker = this.worker;
      if (!worker) return;
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      await this.request({ t: "stop", id: this.nextId++, graceMs });
      await exited;
    })();
    return this.stopping;
  }

  async reload(config: MtaConfig): Promise<void> {
    const complete = this.completeConfig ? await this.completeConfig(config) : config;
    await this.request({ t: "reload", id: this.nextId++, config: complete });
    this.fileConfig = config;
    await this.afterReload?.(complete);
  }

  /** Reloads the running file config again, completed anew (the console's DKIM keys changed). */
  reapply(): Promise<void> {
    return this.reload(this.fileConfig ?? this.data.config);
  }

  setQueueMode(queue: string, mode: "normal" | "backoff"): Promise<boolean> {
    return this.command("setQueueMode", queue, mode);
  }

  pauseQueue(queue: string): Promise<boolean> {
    return this.command("pauseQueue", queue);
  }

  resumeQueue(queue: string): Promise<boolean> {
    return this.command("resumeQueue", queue);
  }

  pauseJob(jobId: string): Promise<boolean> {
    return this.command("pauseJob", jobId);
  }

  resumeJob(jobId: string): Promise<boolean> {
    return this.command("resumeJob", jobId);
  }

  retryNow(queue: string): Promise<boolean> {
    return this.command("retryNow", queue);
  }

  disableSource(ip: string, queue: string, reenableAfterMs?: number): Promise<boolean> {
    return this.command("disableSource", ip, queue, reenableAfterMs);
  }

  enableSource(ip: string, queue: string): Promise<boolean> {
    return this.command("enableSource", ip, queue);
  }

  deleteRecipients(filter: DeleteRecipientsFilter): Promise<number> {
    return this.command("deleteRecipients", filter);
  }

  listRecipients(filter: ListRecipientsFilter): Promise<QueuedRecipient[]> {
    return this.command("listRecipients", filter);
  }

  queueSettings(queue: string): Promise<EffectiveSetting[] | null> {
    return this.command("queueSettings", queue);
  }

  setSuppressionLists(lists: SuppressionListInfo[]): Promise<void> {
    return this.command("setSuppressionLists", lists);
  }

  addSuppressionEntries(listId: number, values: SuppressionValue[]): Promise<number> {
    return this.command("addSuppressionEntries", listId, values);
  }

  removeSuppressionEntries(listId: number, values?: SuppressionValue[]): Promise<number> {
    return this.command("removeSuppressionEntries", listId, values);
  }

  snapshot(): MtaSnapshot {
    const latest = this.mirror.snapshot;
    if (!latest) throw new Error("the MTA thread has not started");
    return latest;
  }

  /** Runs one of the engine's operator commands in its thread; resolves to what it resolved to. */
  private async command<K extends EngineCommand>(name: K, ...args: Parameters<MtaHandle[K]>): Promise<Awaited<ReturnType<MtaHandle[K]>>> {
    return (await this.request({ t: "command", id: this.nextId++, name, args } as CommandMessage)) as Awaited<ReturnType<MtaHandle[K]>>;
  }

  private request(message: ToEngine): Promise<unknown> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error("the MTA thread has not started"));
    return new Promise((resolve, reject) => {
      this.replies.set(message.id, { resolve, reject });
      worker.postMessage(message);
    });
  }

  private onMessage(message: FromEngine): void {
    if (message.t === "snapshot") this.mirror.reset(message.snapshot);
    else if (message.t === "snapshot-delta") this.mirror.apply(message.delta);
    else if (message.t === "events") {
      for (const e of message.events) {
        if (e.kind === "received") this.events.emit("received", e.event);
        else if (e.kind === "record") this.events.emit("record", e.record);
        else if (e.kind === "feedback") this.events.emit("feedback", e.record);
        else if (e.kind === "queue-mode") this.events.emit("queue-mode", e.event);
        else this.events.emit("config-applied", { at: e.at, warnings: e.warnings });
      }
    } else if (message.t === "reply") {
      const pending = this.replies.get(message.id);
      this.replies.delete(message.id);
      if (message.error) pending?.reject(new Error(message.error));
      else pending?.resolve(message.value);
    }
  }

  /**
   * A dead MTA behind a live console would accept logins and show stale numbers while no mail
   * moves: fail the whole process instead, so the supervisor restarts it and the spool recovers.
   */
  private engineDied(reason: string): void {
    console.error(`Hermod: ${reason}; exiting so the process can be restarted`);
    process.exit(70);
  }
}
