import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFsSpool, type FsSpoolOptions } from "./fs-spool";
import { capturingLogger, contentFor, readAll, spoolMessage, type CapturingLogger } from "./fixtures";

let dir: string;
let log: CapturingLogger;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "hermod-recovery-"));
  log = capturingLogger();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const spoolAt = (extra: Partial<FsSpoolOptions> = {}) => createFsSpool({ dir, logger: log, ...extra });
const ls = (sub: string) => readdirSync(join(dir, sub)).sort();
const warnings = () => log.lines.filter((l) => l.level === "warn").map((l) => l.msg);

/** A spool with three committed messages, closed. */
async function seeded(): Promise<string[]> {
  const spool = spoolAt();
  await spool.open();
  const ids: string[] = [];
  for (let n = 0; n < 3; n++) ids.push((await spoolMessage(spool, n, contentFor(n, 1000 + n), { recipients: 2 })).id);
  await spool.close();
  return ids;
}

describe("spool recovery", () => {
  it("deletes every temporary left by a crash", async () => {
    await seeded();
    writeFileSync(join(dir, "tmp", "0abc.1"), "half a message");
    writeFileSync(join(dir, "tmp", "junk"), "");
    const recovered = await spoolAt().open();
    expect(recovered).toHaveLength(3);
    expect(ls("tmp")).toEqual([]);
  });

  it("discards files cut off before their trailer, quarantines damaged and foreign ones, returns neither", async () => {
    const [a, b, c] = await seeded();
    truncateSync(join(dir, "queue", a), 700); // cut inside the content
    const bytes = readFileSync(join(dir, "queue", b));
    bytes[10] ^= 0xff; // inside the envelope
    writeFileSync(join(dir, "queue", b), bytes);
    writeFileSync(join(dir, "queue", "README.txt"), "not a message");
    writeFileSync(join(dir, "queue", "0zzz"), "");
    mkdirSync(join(dir, "queue", "0dir"));
    const recovered = await spoolAt().open();
    expect(recovered.map((m) => m.envelope.id)).toEqual([c]);
    expect(ls("queue")).toEqual([c]);
    // a (no trailer) and 0zzz (empty) were still being written when the writer died: never
    // acknowledged, so discarded like a Postfix queue file without its END record.
    const corrupt = ls("corrupt");
    expect(corrupt).toHaveLength(3);
    for (const name of [b, "README.txt", "0dir"]) {
      expect(corrupt.some((f) => f.startsWith(`${name}.`))).toBe(true);
    }
    expect(warnings().filter((w) => w.includes("corrupt/"))).toHaveLength(3);
  });

  it("keeps an earlier quarantined file of the same name", async () => {
    const [a] = await seeded();
    writeFileSync(join(dir, "corrupt", `${a}.1700000000000`), "older");
    const bytes = readFileSync(join(dir, "queue", a));
    bytes[10] ^= 0xff; // damage inside the envelope; the trailer is intact
    writeFileSync(join(dir, "queue", a), bytes);
    await spoolAt({ clock: { now: () => 1_700_000_000_001 } }).open();
    expect(ls("corrupt")).toEqual([`${a}.1700000000000`, `${a}.1700000000001`]);
  });

  it("ignores a torn journal tail after the last valid record", async () => {
    const [a, b] = await seeded();
    const spool = spoolAt();
    await spool.open();
    await spool.markDone(a, [1]);
    spool.setSchedule(b, 3, 1_900_000_000_000);
    await spool.close();
    const [segment] = ls("journal");
    appendFileSync(join(dir, "journal", segment), Buffer.from([0, 0, 0, 40, 1, 2, 3, 4, 91, 34]));
    const recovered = await spoolAt().open();
    expect(recovered.find((m) => m.envelope.id === a)!.done).toEqual(new Set([1]));
    expect(recovered.find((m) => m.envelope.id === b)).toMatchObject({ attempts: 3, nextAttemptAt: 1_900_000_000_000 });
    expect(warnings()).toContain("spool: torn journal tail ignored");
  });

  it("survives garbage everywhere in journal/ and a leftover compaction temporary", async () => {
    await seeded();
    writeFileSync(join(dir, "journal", "000000000099.jnl"), contentFor(1, 5000));
    writeFileSync(join(dir, "journal", "000000000100.jnl.tmp"), "partial snapshot");
    writeFileSync(join(dir, "journal", "notes"), "operator notes");
    mkdirSync(join(dir, "journal", "000000000050.jnl"));
    mkdirSync(join(dir, "tmp", "somedir"));
    const recovered = await spoolAt().open();
    expect(recovered).toHaveLength(3);
    expect(ls("journal")).toEqual(["000000000050.jnl", "000000000100.jnl", "notes"]);
    expect(warnings()).toEqual(expect.arrayContaining(["spool: ignoring a directory in journal/", "spool: ignoring a directory in tmp/"]));
  });

  it("counts recipients reported by a spooled DSN as done, so the DSN is never generated twice", async () => {
    const [a] = await seeded();
    const spool = spoolAt();
    await spool.open();
    await spoolMessage(spool, 9, Buffer.from("dsn"), { id: `dsn${a}`, dsnFor: { id: a, recipients: [0] } });
    await spool.close();
    // Lose the journal: the DSN in queue/ alone must carry the fact.
    for (const f of ls("journal")) rmSync(join(dir, "journal", f));
    const recovered = await spoolAt().open();
    expect(recovered.find((m) => m.envelope.id === a)!.done).toEqual(new Set([0]));
  });

  it("keeps a DSN's recipients done after the DSN itself was delivered and removed", async () => {
    const [a] = await seeded();
    const spool = spoolAt();
    await spool.open();
    const dsn = await spoolMessage(spool, 9, Buffer.from("dsn"), { id: `dsn${a}`, dsnFor: { id: a, recipients: [1] } });
    await spool.markDone(dsn.id, [0, 1]);
    await spool.remove(dsn.id);
    await spool.close();
    const recovered = await spoolAt().open();
    expect(recovered.map((m) => m.envelope.id)).not.toContain(dsn.id);
    expect(recovered.find((m) => m.envelope.id === a)!.done).toEqual(new Set([1]));
  });

  it("removes messages whose recipients are all done, including through a DSN", async () => {
    const [a, b, c] = await seeded();
    const spool = spoolAt();
    await spool.open();
    await spool.markDone(a, [0, 1]);
    await spool.markDone(b, [0]);
    await spoolMessage(spool, 9, Buffer.from("dsn"), { id: "dsnb", dsnFor: { id: b, recipients: [1] } });
    await spool.close();
    const recovered = await spoolAt().open();
    expect(recovered.map((m) => m.envelope.id).sort()).toEqual([c, "dsnb"]);
    expect(ls("queue")).toEqual([c, "dsnb"].sort());
  });

  it("compacts the journal at open to live state only", async () => {
    const [a, b] = await seeded();
    const spool = spoolAt();
    await spool.open();
    for (let i = 0; i < 50; i++) spool.setSchedule(a, i, 1_800_000_000_000 + i);
    await spool.markDone(b, [0, 1]);
    await spool.remove(b);
    await spool.close();
    const before = readFileSync(join(dir, "journal", ls("journal")[0])).length;
    const again = spoolAt();
    await again.open();
    await again.close();
    const after = ls("journal");
    expect(after).toHaveLength(1);
    const text = readFileSync(join(dir, "journal", after[0]));
    expect(text.length).toBeLessThan(before / 10);
    expect(text.toString()).not.toContain(b);
    expect(text.toString()).toContain(`["s","${a}",49,1800000000049]`);
  });

  it("catches content damage while streaming and quarantines the file, without ending the stream", async () => {
    const [a, b] = await seeded();
    const path = join(dir, "queue", a);
    const bytes = readFileSync(path);
    bytes[bytes.length - 100] ^= 1; // inside the content: structure checks pass
    writeFileSync(path, bytes);
    const spool = spoolAt();
    expect(await spool.open()).toHaveLength(3);
    await expect(readAll(spool.readBody(a))).rejects.toMatchObject({ code: "ESPOOLCORRUPT" });
    await vi.waitFor(() => expect(ls("queue")).not.toContain(a));
    expect(ls("corrupt")[0]).toMatch(new RegExp(`^${a}\\.`));
    expect(spool.stats().messages).toBe(2);
    expect((await readAll(spool.readBody(b))).equals(contentFor(1, 1001))).toBe(true);
    await spool.close();
  });

  it("verifyContentAtOpen finds content damage before returning anything", async () => {
    const [a] = await seeded();
    const path = join(dir, "queue", a);
    const bytes = readFileSync(path);
    bytes[bytes.length - 100] ^= 1;
    writeFileSync(path, bytes);
    const recovered = await spoolAt({ verifyContentAtOpen: true }).open();
    expect(recovered.map((m) => m.envelope.id)).not.toContain(a);
    expect(ls("corrupt")).toHaveLength(1);
  });
});
