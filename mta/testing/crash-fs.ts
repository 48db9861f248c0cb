/**
 * CrashFs: an in-memory `SpoolFs` that records every mutating operation and rebuilds the disk as a
 * power loss after any prefix of them would leave it (reliability.md §7.1 R2b), like RocksDB's
 * FaultInjectionTestFS:
 * - a file's bytes survive only up to its last fsync/fdatasync (a file whose name is durable but
 *   whose data is not survives empty);
 * - a directory's entries (create, rename, unlink) survive only up to that directory's last fsync;
 *   a rename across directories is durable separately in each (both names, or neither, may survive).
 * With an `rng`, a crash image also keeps a random prefix of each file's unsynced bytes and of each
 * directory's unsynced changes (in order; a same-directory rename stays atomic), as real disks may.
 * Switches: `ignoreSync` (negative control), `capacityBytes` (ENOSPC), `fail` (any error).
 */

import { posix } from "node:path";
import { Readable } from "node:stream";
import type { SpoolFs } from "../spool/spool-fs";

type FileNode = { kind: "file"; data: Buffer; len: number; synced: Buffer };
type DirNode = { kind: "dir"; entries: Map<string, number>; synced: Map<string, number>; unsynced: Change[] };
type Node = FileNode | DirNode;
/** One atomic change to one directory: names set to an inode, or removed (undefined). */
type Change = [string, number | undefined][];

export type CrashOp =
  | { t: "link"; create?: { ino: number; kind: "file" | "dir" }; parts: { dir: number; name: string; ino?: number }[] }
  | { t: "trunc"; ino: number }
  | { t: "write"; ino: number; pos: number; data: Buffer }
  | { t: "sync"; ino: number };

/** A disk at rest: every inode reachable from the root (inode 1). */
export type DiskImage = Map<number, { kind: "file"; data: Buffer } | { kind: "dir"; entries: Map<string, number> }>;

/** Returns an integer in [0, max]. */
export type CrashRng = (max: number) => number;

const ROOT = 1;

const newFile = (): FileNode => ({ kind: "file", data: Buffer.alloc(0), len: 0, synced: Buffer.alloc(0) });
const newDir = (entries = new Map<string, number>()): DirNode =>
  ({ kind: "dir", entries: new Map(entries), synced: new Map(entries), unsynced: [] });

/** The state machine shared by the live file system and by crash replays. */
class Disk {
  readonly nodes = new Map<number, Node>([[ROOT, newDir()]]);
  nextIno = ROOT + 1;

  constructor(image?: DiskImage) {
    for (const [ino, n] of image ?? []) {
      const file = (d: Buffer): FileNode => ({ kind: "file", data: Buffer.from(d), len: d.length, synced: d });
      this.nodes.set(ino, n.kind === "file" ? file(n.data) : newDir(n.entries));
      this.nextIno = Math.max(this.nextIno, ino + 1);
    }
  }

  apply(op: CrashOp): void {
    if (op.t === "link") {
      if (op.create) this.nodes.set(op.create.ino, op.create.kind === "file" ? newFile() : newDir());
      const perDir = new Map<number, Change>();
      for (const { dir, name, ino } of op.parts) {
        const d = this.nodes.get(dir) as DirNode;
        if (ino === undefined) d.entries.delete(name);
        else d.entries.set(name, ino);
        perDir.set(dir, [...(perDir.get(dir) ?? []), [name, ino]]);
      }
      for (const [dir, change] of perDir) (this.nodes.get(dir) as DirNode).unsynced.push(change);
      return;
    }
    const n = this.nodes.get(op.ino)!;
    if (op.t === "sync" && n.kind === "dir") [n.synced, n.unsynced] = [new Map(n.entries), []];
    if (n.kind !== "file") return;
    if (op.t === "sync") n.synced = Buffer.from(n.data.subarray(0, n.len));
    if (op.t === "trunc") [n.data, n.len] = [Buffer.alloc(0), 0];
    if (op.t === "write") {
      const end = op.pos + op.data.length;
      if (end > n.data.length) {
        const grown = Buffer.alloc(Math.max(end, n.data.length * 2));
        n.data.copy(grown, 0, 0, n.len);
        n.data = grown;
      }
      op.data.copy(n.data, op.pos);
      n.len = Math.max(n.len, end);
    }
  }

  /** What survives a power loss now: synced state, plus random unsynced prefixes if `rng`. */
  image(rng?: CrashRng): DiskImage {
    const out: DiskImage = new Map();
    const visit = (ino: number): void => {
      const n = this.nodes.get(ino)!;
      if (out.has(ino)) return;
      if (n.kind === "file") {
        const grew = n.len > n.synced.length && n.data.subarray(0, n.synced.length).equals(n.synced);
        const keep = rng && grew ? rng(n.len - n.synced.length) : 0;
        out.set(ino, { kind: "file", data: keep ? Buffer.from(n.data.subarray(0, n.synced.length + keep)) : n.synced });
        return;
      }
      const entries = new Map(n.synced);
      for (const change of n.unsynced.slice(0, rng ? rng(n.unsynced.length) : 0)) {
        for (const [name, child] of change) child === undefined ? entries.delete(name) : entries.set(name, child);
      }
      out.set(ino, { kind: "dir", entries });
      for (const child of entries.values()) visit(child);
    };
    visit(ROOT);
    return out;
  }
}

export interface CrashFsOptions {
  /** Negative control: these fsync/fdatasync calls succeed but make nothing durable. */
  ignoreSync?: "files" | "dirs" | "all";
  /** Total bytes of file data the disk holds; writes past it are short, then fail with ENOSPC. */
  capacityBytes?: number;
  /** Error injection: return an error to make this call fail before it has any effect. */
  fail?: (call: string, path: string) => Error | undefined;
  /** Event-loop turns each call takes, so concurrent callers interleave (default 1; fsyncs 3x). */
  latency?: number;
}

function fsError(code: string, call: string, path: string): Error {
  return Object.assign(new Error(`${code}: ${call} '${path}'`), { code });
}

type OpenFile = { ino: number; path: string; write: boolean };

export class CrashFs implements SpoolFs {
  /** Every mutating operation so far; a crash "at cut point k" keeps the effects of `ops[0..k)`. */
  readonly ops: CrashOp[] = [];
  private readonly disk: Disk;
  private readonly fds = new Map<number, OpenFile>();
  private nextFd = 3;

  /** `initial`: the disk to start from (e.g. a crash image), taken as fully durable. */
  constructor(private readonly opts: CrashFsOptions = {}, private readonly initial?: DiskImage) {
    this.disk = new Disk(initial);
  }

  /** `[k, disk after a power loss following the first k operations]` for k = 0..opCount, in one replay. */
  *crashImages(rng?: CrashRng): Generator<[number, DiskImage]> {
    const d = new Disk(this.initial);
    for (let k = 0; k <= this.ops.length; k++) {
      if (k > 0) d.apply(this.ops[k - 1]);
      yield [k, d.image(rng)];
    }
  }

  open(path: string, mode: "write" | "read"): Promise<number> {
    return this.call("open", path, 1, () => {
      let ino = this.find(path);
      if (mode === "read" && ino === undefined) throw fsError("ENOENT", "open", path);
      if (mode === "write" && ino !== undefined && this.file(ino, path)) this.record({ t: "trunc", ino });
      if (mode === "write" && ino === undefined) {
        ino = this.disk.nextIno++;
        this.record({ t: "link", create: { ino, kind: "file" }, parts: [{ ...this.parent(path), ino }] });
      }
      this.fds.set(this.nextFd, { ino: ino!, path, write: mode === "write" });
      return this.nextFd++;
    });
  }

  writev(fd: number, chunks: readonly Buffer[], position: number): Promise<number> {
    return this.call("writev", fd, 1, (f) => {
      if (!f.write) throw fsError("EBADF", "writev", f.path);
      let data = Buffer.concat(chunks);
      const file = this.file(f.ino, f.path);
      const room = this.opts.capacityBytes === undefined ? Infinity : this.opts.capacityBytes - this.usedBytes();
      if (position + data.length - file.len > room) data = data.subarray(0, Math.max(0, file.len - position + room));
      if (data.length === 0 && chunks.some((c) => c.length > 0)) throw fsError("ENOSPC", "writev", f.path);
      this.record({ t: "write", ino: f.ino, pos: position, data });
      return data.length;
    });
  }

  read(fd: number, into: Buffer, position: number): Promise<number> {
    return this.call("read", fd, 1, (f) => {
      const file = this.file(f.ino, f.path);
      const from = Math.min(position, file.len);
      return file.data.copy(into, 0, from, Math.min(file.len, from + into.length));
    });
  }

  size = (fd: number): Promise<number> => this.call("size", fd, 0, (f) => this.file(f.ino, f.path).len);
  fdatasync = (fd: number): Promise<void> => this.sync(fd, "fdatasync");
  fsync = (fd: number): Promise<void> => this.sync(fd, "fsync");
  close = (fd: number): Promise<void> => this.call("close", fd, 0, () => void this.fds.delete(fd));

  rename(from: string, to: string): Promise<void> {
    return this.call("rename", from, 1, () => {
      const ino = this.lookup(from);
      const [a, b] = [this.parent(from), this.parent(to)];
      if (a.dir !== b.dir || a.name !== b.name) this.record({ t: "link", parts: [a, { ...b, ino }] });
    });
  }

  unlink(path: string): Promise<void> {
    return this.call("unlink", path, 1, () => {
      if (this.disk.nodes.get(this.lookup(path))!.kind === "dir") throw fsError("EISDIR", "unlink", path);
      this.record({ t: "link", parts: [this.parent(path)] });
    });
  }

  readdir(path: string): Promise<string[]> {
    return this.call("readdir", path, 1, () => {
      const n = this.disk.nodes.get(this.lookup(path))!;
      if (n.kind !== "dir") throw fsError("ENOTDIR", "readdir", path);
      return [...n.entries.keys()];
    });
  }

  mkdir(path: string): Promise<void> {
    return this.call("mkdir", path, 1, () => {
      let prefix = "";
      for (const name of posix.resolve("/", path).split("/").filter(Boolean)) {
        prefix += `/${name}`;
        if (this.find(prefix) !== undefined) continue;
        const ino = this.disk.nextIno++;
        this.record({ t: "link", create: { ino, kind: "dir" }, parts: [{ ...this.parent(prefix), ino }] });
      }
    });
  }

  createReadStream(path: string, start: number, end: number): Readable {
    const stream = new Readable({ read() {} });
    const bytes = this.call("createReadStream", path, 1, () => {
      const f = this.file(this.lookup(path), path);
      return Buffer.from(f.data.subarray(start, Math.min(end + 1, f.len)));
    });
    bytes.then((b) => {
      for (let i = 0; i < b.length; i += 64 * 1024) stream.push(b.subarray(i, i + 64 * 1024));
      stream.push(null);
    }, (err: Error) => stream.destroy(err));
    return stream;
  }

  statfs(path: string): Promise<{ bavail: number; bsize: number }> {
    return this.call("statfs", path, 0, () => {
      const free = (this.opts.capacityBytes ?? 2 ** 40) - this.usedBytes();
      return { bavail: Math.max(0, Math.floor(free / 4096)), bsize: 4096 };
    });
  }

  private sync(fd: number, name: string): Promise<void> {
    return this.call(name, fd, 3, (f) => {
      const ignore = this.opts.ignoreSync;
      if (ignore !== "all" && ignore !== `${this.disk.nodes.get(f.ino)!.kind}s`) this.record({ t: "sync", ino: f.ino });
    });
  }

  /** Error injection, then the effect (at call time), then `factor` x latency event-loop turns. */
  private async call<T>(name: string, target: string | number, factor: number, effect: (f: OpenFile) => T): Promise<T> {
    const f = typeof target === "number" ? this.fds.get(target) : { ino: -1, path: target, write: false };
    if (!f) throw fsError("EBADF", name, String(target));
    const injected = this.opts.fail?.(name, f.path);
    if (injected) throw injected;
    const result = effect(f);
    for (let i = 0; i < (this.opts.latency ?? 1) * factor; i++) await new Promise((r) => setImmediate(r));
    return result;
  }

  private record(op: CrashOp): void {
    this.disk.apply(op);
    this.ops.push(op);
  }

  private find(path: string): number | undefined {
    let ino: number | undefined = ROOT;
    for (const name of posix.resolve("/", path).split("/").filter(Boolean)) {
      const n: Node | undefined = this.disk.nodes.get(ino);
      ino = n?.kind === "dir" ? n.entries.get(name) : undefined;
      if (ino === undefined) return undefined;
    }
    return ino;
  }

  private lookup(path: string): number {
    const ino = this.find(path);
    if (ino === undefined) throw fsError("ENOENT", "lookup", path);
    return ino;
  }

  private parent(path: string): { dir: number; name: string } {
    const abs = posix.resolve("/", path);
    const dir = this.lookup(posix.dirname(abs));
    if (this.disk.nodes.get(dir)!.kind !== "dir") throw fsError("ENOTDIR", "parent", path);
    return { dir, name: posix.basename(abs) };
  }

  private file(ino: number, path: string): FileNode {
    const n = this.disk.nodes.get(ino)!;
    if (n.kind !== "file") throw fsError("EISDIR", "file", path);
    return n;
  }

  /** File bytes reachable from the root (unlinked files are freed, as on a real disk). */
  private usedBytes(ino = ROOT): number {
    const n = this.disk.nodes.get(ino)!;
    return n.kind === "file" ? n.len : [...n.entries.values()].reduce((sum, c) => sum + this.usedBytes(c), 0);
  }
}
