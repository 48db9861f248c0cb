/**
 * The file-level half of `Spool.open()`: what is on disk, and whether it can be trusted.
 * The journal half (done recipients, schedules, DSN reconciliation) is in fs-spool.ts.
 */

import { dirname, join } from "node:path";
import type { Clock, Logger } from "../ports";
import type { Envelope } from "./spool";
import { errorCode, type SpoolFs } from "./spool-fs";
import { CorruptMessageError, readMessageFile, type MessageLayout } from "./message-file";
import { SPOOL_ID_PATTERN } from "./spool-id";

export interface SpoolPaths {
  root: string;
  tmp: string;
  queue: string;
  corrupt: string;
  journal: string;
}

export function spoolPaths(root: string): SpoolPaths {
  return {
    root,
    tmp: join(root, "tmp"),
    queue: join(root, "queue"),
    corrupt: join(root, "corrupt"),
    journal: join(root, "journal"),
  };
}

/**
 * Creates the layout and makes the directories themselves durable: the spool root is fsync'ed (its
 * four entries), and so is every ancestor, because `mkdir -p` may have just created the root too and
 * a queue file in a directory that vanishes at power loss is lost with it. A few fsyncs of clean
 * directories at start cost nothing; an ancestor we may not open is skipped.
 */
export async function ensureLayout(sfs: SpoolFs, p: SpoolPaths): Promise<void> {
  for (const d of [p.tmp, p.queue, p.corrupt, p.journal]) await sfs.mkdir(d);
  await fsyncDir(sfs, p.root);
  for (let dir = p.root, up = dirname(dir); up !== dir; dir = up, up = dirname(up)) {
    await fsyncDir(sfs, up).catch(() => undefined);
  }
}

/**
 * Deletes every temporary: none was acknowledged (commit renames before it resolves). A file the
 * kernel kept under both names after a crash (rename durable in queue/ only) loses only its tmp name.
 */
export async function clearTemporaries(sfs: SpoolFs, p: SpoolPaths, log: Logger): Promise<number> {
  let n = 0;
  for (const name of await sfs.readdir(p.tmp)) {
    try {
      await sfs.unlink(join(p.tmp, name));
      n++;
    } catch (err) {
      const code = errorCode(err);
      if (code === "EISDIR" || code === "EPERM") log.warn("spool: ignoring a directory in tmp/", { name });
      else if (code !== "ENOENT") throw err;
    }
  }
  return n;
}

export interface ScannedMessage {
  envelope: Envelope;
  layout: MessageLayout;
}

/** Files verified in parallel; enough to keep the disk busy without exhausting descriptors. */
const SCAN_CONCURRENCY = 32;

/**
 * Checks every queue file's structure (message-file.ts) and moves failures to `corrupt/` with a
 * warning. A file is never deleted here and never returned unless it passed. `corrupt/` is fsync'ed
 * after the moves, so a quarantined file cannot vanish in a crash (at worst it is back in queue/ and
 * is moved again).
 */
export async function scanQueue(
  sfs: SpoolFs,
  p: SpoolPaths,
  log: Logger,
  clock: Clock,
): Promise<Map<string, ScannedMessage>> {
  const names = await sfs.readdir(p.queue);
  const found = new Map<string, ScannedMessage>();
  let quarantined = 0;
  let incomplete = 0;
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++];
      const path = join(p.queue, name);
      try {
        if (!SPOOL_ID_PATTERN.test(name)) throw new CorruptMessageError("file name is not a spool id");
        found.set(name, await readMessageFile(sfs, path, name));
      } catch (err) {
        const code = errorCode(err);
        if (code === "ENOENT") continue;
        // Out of descriptors or memory says nothing about the file: fail the open, quarantine nothing.
        if (code === "EMFILE" || code === "ENFILE" || code === "ENOMEM") throw err;
        if (err instanceof CorruptMessageError && err.incomplete) {
          // Cut off during reception, never acknowledged: discarded, as Postfix discards a queue
          // file without its END record.
          log.info("spool: discarding a queue file that was never completed", { file: name, reason: err.reason });
          await sfs.unlink(path).catch(() => undefined);
          incomplete++;
          continue;
        }
        const reason = err instanceof CorruptMessageError ? err.reason : String(err);
        await quarantine(sfs, p, name, clock, log, reason);
        quarantined++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SCAN_CONCURRENCY, names.length) }, worker));
  if (quarantined > 0) await fsyncDir(sfs, p.corrupt);
  return found;
}

/**
 * Moves `queue/<name>` to `corrupt/<name>.<epoch ms>` (the suffix keeps an earlier quarantined
 * file of the same name). Not durable by itself: callers fsync `corrupt/`.
 */
export async function quarantine(
  sfs: SpoolFs,
  p: SpoolPaths,
  name: string,
  clock: Clock,
  log: Logger,
  reason: string,
): Promise<void> {
  const target = `${name}.${Math.floor(clock.now())}`;
  log.warn("spool: queue file failed its integrity check, moved to corrupt/", { file: name, target, reason });
  await sfs.rename(join(p.queue, name), join(p.corrupt, target));
}

export async function fsyncDir(sfs: SpoolFs, dir: string): Promise<void> {
  const fd = await sfs.open(dir, "read");
  try {
    await sfs.fsync(fd);
  } finally {
    await sfs.close(fd);
  }
}
