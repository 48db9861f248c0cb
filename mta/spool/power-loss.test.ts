/**
 * R2b (reliability.md §7.1): power loss at every cut point of a 50-message run, on CrashFs.
 * For each k, the disk as a power loss after the first k file-system operations would leave it is
 * recovered, and the contract of spool.ts is checked against what had been acknowledged by then.
 * The negative controls run the same harness with fsyncs made no-ops and must find violations.
 */

import { describe, expect, it } from "vitest";
import { isDeepStrictEqual } from "node:util";
import { CrashFs, type CrashFsOptions, type CrashRng, type DiskImage } from "../testing/crash-fs";
import { createFsSpool } from "./fs-spool";
import type { Envelope } from "./spool";
import { capturingLogger, chunksOf, contentFor, envelopeFor, fakeClock, readAll } from "./fixtures";

const DIR = "/var/spool/hermod";
const SIZES = [0, 1, 700, 2048, 70_000, 140_000];
/** Hundreds of recoveries per test; generous so a loaded CI box does not time out. */
const R2B_TIMEOUT = 180_000;

interface Expected {
  content: Map<string, Buffer>;
  envelope: Map<string, Envelope>;
  aborted: Set<string>;
  /** Op count when commit() resolved: a crash at any k >= at must keep the message. */
  acks: { id: string; at: number }[];
  /**
   * Op counts when markDone() was called and when it resolved (a DSN counts as markDone of its
   * original): durable for k >= at, possibly durable for k >= issued.
   */
  dones: { id: string; recipients: number[]; issued: number; at: number }[];
  schedules: Map<string, string[]>;
  rollovers: number;
}

/** The run under test: 50 concurrent messages, some done, some scheduled, removed, aborted, a DSN. */
async function runWorkload(fs: CrashFs, journalMaxBytes?: number): Promise<Expected> {
  const exp: Expected = {
    content: new Map(),
    envelope: new Map(),
    aborted: new Set(),
    acks: [],
    dones: [],
    schedules: new Map(),
    rollovers: 0,
  };
  const spool = createFsSpool({ dir: DIR, fs, logger: capturingLogger(), clock: fakeClock(), journalMaxBytes });
  await spool.open();
  type PutOptions = { id?: string; dsnFor?: Envelope["dsnFor"] };
  const put = async (n: number, recipients: number, content: Buffer, opts: PutOptions = {}) => {
    const w = await spool.create({ ...envelopeFor(n, recipients), dsnFor: opts.dsnFor }, { id: opts.id });
    exp.content.set(w.id, content);
    const env = { ...envelopeFor(n, recipients), dsnFor: opts.dsnFor, id: w.id, size: content.length };
    exp.envelope.set(w.id, JSON.parse(JSON.stringify(env)));
    for (const c of chunksOf(content, 9000)) await w.write(c);
    if (n % 7 === 3) {
      exp.aborted.add(w.id);
      await w.abort();
      return null;
    }
    await w.commit();
    exp.acks.push({ id: w.id, at: fs.ops.length });
    return w.id;
  };
  const done = async (id: string, recipients: number[]) => {
    const issued = fs.ops.length;
    await spool.markDone(id, recipients);
    exp.dones.push({ id, recipients, issued, at: fs.ops.length });
  };
  await Promise.all(
    Array.from({ length: 50 }, async (_, n) => {
      const recipients = n === 0 ? 3 : 1 + (n % 3);
      const id = await put(n, recipients, contentFor(n, SIZES[n % SIZES.length]));
      if (!id) return;
      if (n === 0) {
        // An idempotent DSN for recipient 2, spooled twice under one id (a retried DSN generation).
        const dsn = { id: `dsn${id}`, dsnFor: { id, recipients: [2] } };
        const issued = fs.ops.length;
        await put(1000, 1, Buffer.from("DSN body\r\n"), dsn);
        await put(1000, 1, Buffer.from("DSN body\r\n"), dsn);
        exp.dones.push({ id, recipients: [2], issued, at: fs.ops.length });
      }
      if (n % 3 === 0) await done(id, [0]);
      if (n % 4 === 1) {
        spool.setSchedule(id, 1 + (n % 5), 1_800_000_000_000 + n);
        exp.schedules.set(id, [...(exp.schedules.get(id) ?? []), `${1 + (n % 5)}@${1_800_000_000_000 + n}`]);
      }
      if (n % 5 === 2) {
        await done(id, Array.from({ length: recipients }, (_, i) => i));
        await spool.remove(id);
      }
    }),
  );
  // A quiet tail (no commits, hence no queue/ fsyncs riding along): finish and remove a few messages
  // one by one, so journal compactions follow removals closely.
  const allDone = (d: Expected["dones"][number]) => d.recipients.length === exp.envelope.get(d.id)!.recipients.length;
  const removed = new Set(exp.dones.filter(allDone).map((d) => d.id));
  for (const { id } of exp.acks.filter((a) => !removed.has(a.id) && !a.id.startsWith("dsn")).slice(0, 8)) {
    await done(id, exp.envelope.get(id)!.recipients.map((_, i) => i));
    await spool.remove(id);
  }
  await spool.close();
  const isSegmentRename = (p: { name: string; ino?: number }) => p.ino !== undefined && p.name.endsWith(".jnl");
  exp.rollovers = fs.ops.filter((op) => op.t === "link" && op.parts.some(isSegmentRename)).length;
  return exp;
}

/** Recovers `image` and returns every broken promise of the contract (empty = all kept). */
async function violations(image: DiskImage, exp: Expected, k: number, onFs?: (fs: CrashFs) => void): Promise<string[]> {
  const out: string[] = [];
  const fs = new CrashFs({ latency: 0 }, image);
  onFs?.(fs);
  const spool = createFsSpool({ dir: DIR, fs, logger: capturingLogger(), clock: fakeClock(2_000_000_000_000) });
  let recovered;
  try {
    recovered = await spool.open();
  } catch (err) {
    return [`k=${k}: open() threw ${String(err)}`];
  }
  const byId = new Map(recovered.map((m) => [m.envelope.id, m]));
  for (const m of recovered) {
    const id = m.envelope.id;
    if (!exp.content.has(id) || exp.aborted.has(id)) out.push(`k=${k}: ${id} was never committed`);
    else if (!isDeepStrictEqual(m.envelope, exp.envelope.get(id))) out.push(`k=${k}: ${id} envelope differs`);
    else {
      const body = await readAll(spool.readBody(id)).catch(() => null);
      if (!body?.equals(exp.content.get(id)!)) out.push(`k=${k}: ${id} content truncated or damaged`);
    }
    if (m.attempts > 0 && !exp.schedules.get(id)?.includes(`${m.attempts}@${m.nextAttemptAt}`)) {
      out.push(`k=${k}: ${id} has a schedule never set`);
    }
  }
  const doneBy = (cut: (d: Expected["dones"][number]) => boolean) => {
    const sets = new Map<string, Set<number>>();
    for (const d of exp.dones.filter(cut)) {
      for (const r of d.recipients) sets.set(d.id, (sets.get(d.id) ?? new Set()).add(r));
    }
    return (id: string) => (sets.get(id)?.size ?? 0) === exp.envelope.get(id)!.recipients.length;
  };
  const surelyAllDone = doneBy((d) => d.at <= k);
  const maybeAllDone = doneBy((d) => d.issued <= k);
  for (const d of exp.dones.filter((d) => d.at <= k)) {
    const m = byId.get(d.id);
    if (m && !d.recipients.every((r) => m.done.has(r))) out.push(`k=${k}: markDone(${d.id}) not honoured`);
  }
  for (const { id, at } of exp.acks.filter((a) => a.at <= k)) {
    if (!maybeAllDone(id) && !byId.has(id)) out.push(`k=${k}: acknowledged ${id} (at ${at}) lost`);
    if (surelyAllDone(id) && byId.has(id)) out.push(`k=${k}: ${id} returned although all recipients are done`);
  }
  const corrupt = await fs.readdir(`${DIR}/corrupt`);
  if (corrupt.length > 0) out.push(`k=${k}: quarantined ${corrupt.join(",")}`);
  await spool.close();
  return out;
}

function lcg(seed: number): CrashRng {
  let s = seed;
  return (max) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s % (max + 1);
  };
}

async function everyCutPoint(opts: CrashFsOptions, rng?: CrashRng, journalMaxBytes?: number) {
  const fs = new CrashFs(opts);
  const exp = await runWorkload(fs, journalMaxBytes);
  const found: string[] = [];
  for (const [k, image] of fs.crashImages(rng)) found.push(...(await violations(image, exp, k)));
  return { found, exp, ops: fs.ops.length };
}

describe("R2b: power loss at every cut point", () => {
  it("keeps every acknowledged message intact and every markDone honoured", async () => {
    const { found, exp, ops } = await everyCutPoint({});
    expect(found).toEqual([]);
    expect(exp.acks.length).toBeGreaterThan(40);
    expect(ops).toBeGreaterThan(200);
  }, R2B_TIMEOUT);

  it("also when a real disk keeps random parts of unsynced data and directory changes", async () => {
    for (const seed of [1, 2, 3]) expect((await everyCutPoint({}, lcg(seed))).found).toEqual([]);
  }, R2B_TIMEOUT);

  it("also across runtime journal compactions", async () => {
    const { found, exp } = await everyCutPoint({}, undefined, 64);
    expect(exp.rollovers).toBeGreaterThan(2); // the one at open, and at least two at runtime
    expect(found).toEqual([]);
  }, R2B_TIMEOUT);

  it("also when recovery itself loses power (compaction at open is crash-safe)", async () => {
    const fs = new CrashFs({});
    const exp = await runWorkload(fs, 64);
    const images = [...fs.crashImages()];
    const found: string[] = [];
    for (const [k, image] of images.filter((_, i) => i % 9 === 0 || i === images.length - 1)) {
      let first!: CrashFs;
      found.push(...(await violations(image, exp, k, (f) => (first = f))));
      for (const [j, again] of first.crashImages()) {
        found.push(...(await violations(again, exp, k)).map((v) => `${v}, recovery cut at j=${j}`));
      }
    }
    expect(found).toEqual([]);
  }, R2B_TIMEOUT);
});

describe("R2b negative control: the same harness without fsync must fail", () => {
  for (const ignoreSync of ["all", "files", "dirs"] as const) {
    it(`finds lost or damaged messages when ${ignoreSync} fsyncs are no-ops`, async () => {
      const { found } = await everyCutPoint({ ignoreSync });
      expect(found.length).toBeGreaterThan(0);
      expect(found.some((v) => /lost|damaged|not honoured|quarantined/.test(v))).toBe(true);
    }, R2B_TIMEOUT);
  }
});
