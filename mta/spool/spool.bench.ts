/**
 * Commit throughput of the fs spool on the real disk: `npx tsx mta/spool/spool.bench.ts`
 * Options: --seconds=N per scenario (default 3), --dir=PATH (default: a fresh dir in os.tmpdir()),
 * --writers=1,20,100 and --sizes=2048,102400 to pick scenarios.
 * The thread pool size matters (each fdatasync holds a libuv thread): try UV_THREADPOOL_SIZE=16.
 *
 * Each writer loops: create -> write in 16 KiB chunks (as smtp-server delivers DATA) -> commit.
 * Reported: commits/s, commit latency p50/p99, how many commits shared one queue/ fsync, and the
 * rate of a naive durable commit (one directory fsync each) measured right after, as a yardstick
 * that moves with the disk when the machine is shared.
 */

import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFsSpool } from "./fs-spool";
import { nodeSpoolFs, writeAll, type SpoolFs } from "./spool-fs";
import type { Logger } from "../ports";

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const SECONDS = Number(args.get("seconds") ?? 3);
const BASE = args.get("dir") ?? tmpdir();
const WRITERS = (args.get("writers") ?? "1,20,100").split(",").map(Number);
const SIZES = (args.get("sizes") ?? "2048,102400").split(",").map(Number);
const CHUNK = 16 * 1024;
const quiet: Logger = { debug() {}, info() {}, warn: console.warn, error: console.error };

function countingFs(counts: { dirSyncs: number; dataSyncs: number }): SpoolFs {
  return {
    ...nodeSpoolFs,
    fsync: (fd) => (counts.dirSyncs++, nodeSpoolFs.fsync(fd)),
    fdatasync: (fd) => (counts.dataSyncs++, nodeSpoolFs.fdatasync(fd)),
  };
}

async function scenario(writers: number, size: number) {
  const dir = mkdtempSync(join(BASE, "hermod-bench-"));
  const counts = { dirSyncs: 0, dataSyncs: 0 };
  const spool = createFsSpool({ dir, fs: countingFs(counts), logger: quiet });
  await spool.open();
  const body = Buffer.alloc(size, 0x61);
  const chunks: Buffer[] = [];
  for (let i = 0; i < size; i += CHUNK) chunks.push(body.subarray(i, i + CHUNK));
  const latencies: number[] = [];
  const envelope = {
    receivedAt: Date.now(),
    mailFrom: "bench@src.test",
    recipients: [{ address: "rcpt@dst.test" }],
    source: { ip: "127.0.0.1", helo: "bench", type: "smtp" as const },
  };
  counts.dirSyncs = 0;
  counts.dataSyncs = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const w = await spool.create(envelope);
        for (const c of chunks) await w.write(c);
        await w.commit();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await spool.close();
  rmSync(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1);
  return {
    writers,
    size: size >= 1024 * 100 ? "100 KB" : "2 KB",
    "commits/s": Math.round(latencies.length / elapsed),
    "MB/s": +((latencies.length * size) / elapsed / 1e6).toFixed(1),
    "p50 ms": pct(0.5),
    "p99 ms": pct(0.99),
    "commits per dir fsync": +(latencies.length / Math.max(1, counts.dirSyncs)).toFixed(1),
  };
}

/**
 * The same work done naively, for comparison at the same moment on the same (possibly shared) disk:
 * every commit does its own open, write, fdatasync, close, rename and fsync of the directory.
 */
async function naive(writers: number, size: number): Promise<number> {
  const dir = mkdtempSync(join(BASE, "hermod-bench-naive-"));
  mkdirSync(join(dir, "q"));
  const body = Buffer.alloc(size, 0x61);
  const dirFd = await nodeSpoolFs.open(join(dir, "q"), "read");
  let n = 0;
  let seq = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (performance.now() < deadline) {
        const name = String(seq++);
        const fd = await nodeSpoolFs.open(join(dir, name), "write");
        await writeAll(nodeSpoolFs, fd, [body], 0);
        await nodeSpoolFs.fdatasync(fd);
        await nodeSpoolFs.close(fd);
        await nodeSpoolFs.rename(join(dir, name), join(dir, "q", name));
        await nodeSpoolFs.fsync(dirFd);
        n++;
      }
    }),
  );
  const rate = Math.round(n / ((performance.now() - started) / 1000));
  await nodeSpoolFs.close(dirFd);
  rmSync(dir, { recursive: true, force: true });
  return rate;
}

/** Serial create + 2 KB write + fdatasync + close: the disk's floor for one commit. */
function baselineFdatasyncMs(): number {
  const dir = mkdtempSync(join(BASE, "hermod-bench-base-"));
  const buf = Buffer.alloc(2048, 0x61);
  const n = 200;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const fd = fs.openSync(join(dir, String(i)), "w");
    fs.writeSync(fd, buf);
    fs.fdatasyncSync(fd);
    fs.closeSync(fd);
  }
  const ms = (performance.now() - t0) / n;
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

async function main() {
  const pool = process.env.UV_THREADPOOL_SIZE ?? "4 (default)";
  console.log(`spool bench: ${SECONDS}s per scenario in ${BASE}, UV_THREADPOOL_SIZE=${pool}`);
  console.log(`baseline: serial create+write+fdatasync+close = ${baselineFdatasyncMs().toFixed(2)} ms`);
  const rows = [];
  for (const size of SIZES) {
    for (const writers of WRITERS) {
      const row = await scenario(writers, size);
      rows.push({ ...row, "naive commits/s": await naive(writers, size) });
    }
  }
  console.table(rows);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
