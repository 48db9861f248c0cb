/**
 * Just enough of the Chrome DevTools Protocol to reach every isolate of a server started with
 * `--inspect` (the main thread, and each worker through the NodeWorker domain): force GCs and read
 * the heaps, read each thread's event-loop utilization, take CPU profiles of a window. Node 20 has
 * no WebSocket client, so this speaks the few frames it needs over a raw socket (RFC 6455: masked
 * text frames out; text, continuation, ping and close frames in). Bench-only.
 */

import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

type Message = { id?: number; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown>; error?: { message: string } };

export interface HeapUsage {
  /** "main" or the worker's name. */
  thread: string;
  usedBytes: number;
  totalBytes: number;
}

class CdpSocket {
  private buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: Message) => void; reject: (e: Error) => void }>();
  readonly listeners: ((m: Message) => void)[] = [];

  private constructor(private readonly socket: net.Socket) {
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("close", () => {
      for (const p of this.pending.values()) p.reject(new Error("inspector connection closed"));
      this.pending.clear();
    });
  }

  static async open(port: number, path: string): Promise<CdpSocket> {
    const socket = net.connect(port, "127.0.0.1");
    await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
    const key = randomBytes(16).toString("base64");
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    const rest = await new Promise<Buffer>((resolve, reject) => {
      let head = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf("\r\n\r\n");
        if (end < 0) return;
        socket.off("data", onData);
        const status = head.subarray(0, head.indexOf("\r\n")).toString();
        if (!status.includes(" 101 ")) reject(new Error(`inspector refused the upgrade: ${status}`));
        else resolve(head.subarray(end + 4));
      };
      socket.on("data", onData).once("error", reject);
    });
    const cdp = new CdpSocket(socket);
    if (rest.length > 0) cdp.onData(rest);
    return cdp;
  }

  call(method: string, params: Record<string, unknown> = {}, timeoutMs = 120_000): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    this.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => (this.pending.delete(id), reject(new Error(`${method}: no answer in ${timeoutMs} ms`))), timeoutMs);
      this.pending.set(id, {
        resolve: (m) => (clearTimeout(timer), m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result ?? {})),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private send(text: string, opcode = 0x1): void {
    const payload = Buffer.from(text);
    const mask = randomBytes(4);
    const len = payload.length;
    const head = len < 126 ? Buffer.from([0x80 | opcode, 0x80 | len]) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
    if (len >= 126 && len < 65536) (head[0] = 0x80 | opcode), (head[1] = 0x80 | 126), head.writeUInt16BE(len, 2);
    if (len >= 65536) (head[0] = 0x80 | opcode), (head[1] = 0x80 | 127), head.writeBigUInt64BE(BigInt(len), 2);
    for (let i = 0; i < len; i++) payload[i] ^= mask[i & 3];
    this.socket.write(Buffer.concat([head, mask, payload]));
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 2) return;
      const fin = (this.buffer[0] & 0x80) !== 0;
      const opcode = this.buffer[0] & 0x0f;
      let len = this.buffer[1] & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (this.buffer.length < 4) return;
        len = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (this.buffer.length < 10) return;
        len = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.buffer.length < offset + len) return;
      const payload = this.buffer.subarray(offset, offset + len);
      this.buffer = this.buffer.subarray(offset + len);
      if (opcode === 0x9) this.send(payload.toString(), 0xa);
      if (opcode === 0x8) this.socket.end();
      if (opcode !== 0x1 && opcode !== 0x0) continue;
      this.fragments.push(Buffer.from(payload));
      if (!fin) continue;
      const message = JSON.parse(Buffer.concat(this.fragments).toString()) as Message;
      this.fragments = [];
      if (message.id !== undefined) this.pending.get(message.id)?.resolve(message), this.pending.delete(message.id);
      else for (const l of this.listeners) l(message);
    }
  }
}

/** A worker's session, reached by wrapping its messages in NodeWorker.sendMessageToWorker. */
class WorkerSession {
  private nextId = 1;
  private readonly pending = new Map<number, (m: Message) => void>();

  constructor(
    private readonly cdp: CdpSocket,
    private readonly sessionId: string,
    readonly name: string,
  ) {
    cdp.listeners.push((m) => {
      if (m.method !== "NodeWorker.receivedMessageFromWorker" || m.params?.sessionId !== sessionId) return;
      const inner = JSON.parse(String(m.params.message)) as Message;
      if (inner.id !== undefined) this.pending.get(inner.id)?.(inner), this.pending.delete(inner.id);
    });
  }

  async call(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const answer = new Promise<Message>((resolve) => this.pending.set(id, resolve));
    await this.cdp.call("NodeWorker.sendMessageToWorker", { sessionId: this.sessionId, message: JSON.stringify({ id, method, params }) });
    const m = await answer;
    if (m.error) throw new Error(`${this.name} ${method}: ${m.error.message}`);
    return m.result ?? {};
  }
}

/** One isolate of the process: the main thread or a worker. */
interface Thread {
  name: string;
  call(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** Connects to the process's inspector and to every worker it runs; `close()` detaches. */
async function openInspector(port: number): Promise<{ threads: Thread[]; close(): void }> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  if (targets.length === 0) throw new Error(`no inspector target on port ${port}`);
  const cdp = await CdpSocket.open(port, new URL(targets[0].webSocketDebuggerUrl).pathname);
  const threads: Thread[] = [{ name: "main", call: (method, params) => cdp.call(method, params) }];
  cdp.listeners.push((m) => {
    if (m.method !== "NodeWorker.attachedToWorker") return;
    const info = m.params!.workerInfo as { title?: string; url?: string };
    threads.push(new WorkerSession(cdp, String(m.params!.sessionId), info.title || info.url || "worker"));
  });
  await cdp.call("NodeWorker.enable", { waitForDebuggerOnStart: false });
  // Attachment events for the running workers follow the enable call's answer.
  await new Promise((r) => setTimeout(r, 300));
  return {
    threads,
    close: () => {
      void cdp.call("NodeWorker.disable").catch(() => undefined).finally(() => cdp.close());
    },
  };
}

/**
 * Runs a full GC in every isolate of the process (main thread and workers), twice, so weak
 * references and finalizers settle, and returns each isolate's heap afterwards.
 */
export async function collectGarbage(inspectPort: number): Promise<HeapUsage[]> {
  const inspector = await openInspector(inspectPort);
  try {
    for (let round = 0; round < 2; round++) for (const t of inspector.threads) await t.call("HeapProfiler.collectGarbage");
    const out: HeapUsage[] = [];
    for (const t of inspector.threads) {
      const r = await t.call("Runtime.getHeapUsage");
      out.push({ thread: t.name, usedBytes: Number(r.usedSize), totalBytes: Number(r.totalSize) });
    }
    return out;
  } finally {
    inspector.close();
  }
}

export interface LoopUse {
  thread: string;
  /** Share of the window the thread's event loop was busy (performance.eventLoopUtilization). */
  utilization: number;
}

/** Each thread's event-loop utilization over the next `ms`, read inside the thread itself. */
export async function eventLoopUtilization(inspectPort: number, ms: number): Promise<LoopUse[]> {
  const inspector = await openInspector(inspectPort);
  const evaluate = async (t: Thread, expression: string) =>
    ((await t.call("Runtime.evaluate", { expression, returnByValue: true })).result as { value: unknown }).value;
  try {
    for (const t of inspector.threads) await evaluate(t, "void (globalThis.__benchElu = performance.eventLoopUtilization())");
    await new Promise((r) => setTimeout(r, ms));
    const out: LoopUse[] = [];
    for (const t of inspector.threads) {
      out.push({ thread: t.name, utilization: Number(await evaluate(t, "performance.eventLoopUtilization(globalThis.__benchElu).utilization")) });
    }
    return out;
  } finally {
    inspector.close();
  }
}

/**
 * A CPU profile of every thread over the next `ms` (V8's sampling profiler, started and stopped
 * through the inspector), written as `<dir>/<thread>.cpuprofile`; returns the files by thread.
 */
export async function cpuProfiles(inspectPort: number, ms: number, dir: string): Promise<{ thread: string; file: string }[]> {
  const inspector = await openInspector(inspectPort);
  try {
    for (const t of inspector.threads) {
      await t.call("Profiler.enable");
      await t.call("Profiler.start");
    }
    await new Promise((r) => setTimeout(r, ms));
    const out: { thread: string; file: string }[] = [];
    for (const t of inspector.threads) {
      const { profile } = await t.call("Profiler.stop");
      await t.call("Profiler.disable");
      const file = path.join(dir, `${t.name.replace(/^\[worker \d+\] /, "").replace(/[^\w.-]+/g, "_")}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      out.push({ thread: t.name, file });
    }
    return out;
  } finally {
    inspector.close();
  }
}
