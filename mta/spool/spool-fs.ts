/**
 * The file-system calls the spool makes, and nothing else. It is injectable so that power-loss tests
 * (`mta/testing/crash-fs`) can record every call and rebuild the disk as it would look after a crash
 * at any point; the default is a thin layer over `node:fs` with numeric descriptors (cheaper than
 * `FileHandle` objects on the commit path).
 */

import fs from "node:fs";
import type { Readable } from "node:stream";

export interface SpoolFs {
  /**
   * "write": create or truncate, write-only (the caller positions every write). "read": read-only;
   * also used on directories, whose descriptor is then only fsync'ed.
   */
  open(path: string, mode: "write" | "read"): Promise<number>;
  /** Positional gather write. May write fewer bytes than asked (the caller loops); never more. */
  writev(fd: number, chunks: readonly Buffer[], position: number): Promise<number>;
  /** Positional read into `into`; returns bytes read (0 at end of file). */
  read(fd: number, into: Buffer, position: number): Promise<number>;
  /** Current size of an open file. Used at recovery only, never on the commit path. */
  size(fd: number): Promise<number>;
  /** Data plus the metadata needed to read it back (size). The durability point of a file. */
  fdatasync(fd: number): Promise<void>;
  /** Full fsync; on a directory descriptor it makes creates, renames and unlinks in it durable. */
  fsync(fd: number): Promise<void>;
  close(fd: number): Promise<void>;
  /** Atomic replace of `to` (POSIX rename). Durable only once both directories are fsync'ed. */
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  /** Recursive; succeeds if the directory exists. */
  mkdir(path: string): Promise<void>;
  /** Bytes [start, end] (end inclusive) of a file, streamed with back-pressure. */
  createReadStream(path: string, start: number, end: number): Readable;
  statfs(path: string): Promise<{ bavail: number; bsize: number }>;
}

/** Error codes we branch on; everything else is passed through. */
export function errorCode(err: unknown): string | undefined {
  return typeof err === "object" && err !== null && "code" in err ? String(err.code) : undefined;
}

/** Writes every byte of `chunks` at `position`, looping over short writes (e.g. just before ENOSPC). */
export async function writeAll(
  sfs: SpoolFs,
  fd: number,
  chunks: readonly Buffer[],
  position: number,
): Promise<number> {
  let total = 0;
  for (const c of chunks) total += c.length;
  let done = 0;
  let rest = chunks;
  while (done < total) {
    const n = await sfs.writev(fd, rest, position + done);
    if (n <= 0) throw Object.assign(new Error("short write with no progress"), { code: "EIO" });
    done += n;
    rest = dropBytes(rest, n);
  }
  return total;
}

function dropBytes(chunks: readonly Buffer[], n: number): Buffer[] {
  const out: Buffer[] = [];
  let skip = n;
  for (const c of chunks) {
    if (skip >= c.length) {
      skip -= c.length;
      continue;
    }
    out.push(skip > 0 ? c.subarray(skip) : c);
    skip = 0;
  }
  return out;
}

function cb<T>(run: (done: (err: NodeJS.ErrnoException | null, value?: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => run((err, value) => (err ? reject(err) : resolve(value as T))));
}

const FILE_MODE = 0o640;

/** The production implementation: `node:fs` callbacks on raw descriptors (libuv thread pool). */
export const nodeSpoolFs: SpoolFs = {
  open: (path, mode) => cb<number>((d) => fs.open(path, mode === "write" ? "w" : "r", FILE_MODE, d)),
  writev: (fd, chunks, position) => cb<number>((d) => fs.writev(fd, chunks as Buffer[], position, d)),
  read: (fd, into, position) => cb<number>((d) => fs.read(fd, into, 0, into.length, position, d)),
  size: (fd) => cb<fs.Stats>((d) => fs.fstat(fd, d)).then((s) => s.size),
  fdatasync: (fd) => cb<void>((d) => fs.fdatasync(fd, d)),
  fsync: (fd) => cb<void>((d) => fs.fsync(fd, d)),
  close: (fd) => cb<void>((d) => fs.close(fd, d)),
  rename: (from, to) => cb<void>((d) => fs.rename(from, to, d)),
  unlink: (path) => cb<void>((d) => fs.unlink(path, d)),
  readdir: (path) => cb<string[]>((d) => fs.readdir(path, d)),
  mkdir: (path) => cb<string | undefined>((d) => fs.mkdir(path, { recursive: true }, d)).then(() => undefined),
  createReadStream: (path, start, end) => fs.createReadStream(path, { start, end, highWaterMark: 64 * 1024 }),
  statfs: (path) => cb<fs.StatsFs>((d) => fs.statfs(path, d)).then((s) => ({ bavail: s.bavail, bsize: s.bsize })),
};
