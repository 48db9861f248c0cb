/** A process's memory and CPU as Linux reports them in /proc, for the benches. */

import fs from "node:fs";
import path from "node:path";
import { treeCpuSeconds } from "./relay";

export interface Memory {
  /** Resident set now (VmRSS), bytes. */
  rss: number;
  /** Peak resident set (VmHWM), bytes. */
  hwm: number;
  threads: number;
  openFiles: number;
}

export function memoryOf(pid: number): Memory {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
  const threads = Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  let openFiles = 0;
  try {
    openFiles = fs.readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    // not ours to read
  }
  return { rss: kib("VmRSS"), hwm: kib("VmHWM"), threads, openFiles };
}

/** CPU the process used over `ms` of wall time, as a share of one core. */
export async function cpuShare(pid: number, ms: number): Promise<number> {
  const before = treeCpuSeconds(pid);
  await new Promise((r) => setTimeout(r, ms));
  return (treeCpuSeconds(pid) - before) / (ms / 1000);
}

export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/** Bytes a directory tree holds: as allocated on disk (st_blocks) and as file lengths; files counted. */
export function dirUsage(dir: string): { diskBytes: number; bytes: number; files: number } {
  const total = { diskBytes: 0, bytes: 0, files: 0 };
  const visit = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) visit(p);
      else {
        const st = fs.statSync(p);
        total.diskBytes += st.blocks * 512;
        total.bytes += st.size;
        total.files++;
      }
    }
  };
  visit(dir);
  return total;
}

/** utime+stime of each thread of a process, in seconds, by thread id (Linux /proc/PID/task). */
function threadCpuSeconds(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // the thread ended
    }
  }
  return out;
}

export interface ThreadShare {
  tid: number;
  /** The process's main thread (tid = pid). */
  main: boolean;
  share: number;
}

/** Each thread's CPU over `ms`, as a share of one core, busiest first (threads below 0.5 % left out). */
export async function threadShares(pid: number, ms: number): Promise<ThreadShare[]> {
  const before = threadCpuSeconds(pid);
  await new Promise((r) => setTimeout(r, ms));
  const after = threadCpuSeconds(pid);
  return [...after]
    .map(([tid, s]) => ({ tid, main: tid === pid, share: (s - (before.get(tid) ?? 0)) / (ms / 1000) }))
    .filter((t) => t.share >= 0.005)
    .sort((a, b) => b.share - a.share);
}
