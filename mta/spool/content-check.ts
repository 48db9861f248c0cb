/**
 * Optional full check at open (`verifyContentAtOpen`): streams every content byte through the same
 * checksum as delivery does and quarantines failures before anything is returned. Off by default;
 * see message-file.ts for why.
 */

import { join } from "node:path";
import type { Clock, Logger } from "../ports";
import type { SpoolFs } from "./spool-fs";
import { openBodyStream } from "./body-stream";
import { fsyncDir, quarantine, type ScannedMessage, type SpoolPaths } from "./recovery";

/** Removes from `scanned` (and moves to corrupt/) every message whose content checksum fails. */
export async function verifyContents(
  sfs: SpoolFs,
  p: SpoolPaths,
  scanned: Map<string, ScannedMessage>,
  log: Logger,
  clock: Clock,
): Promise<void> {
  let quarantined = 0;
  for (const [id, { layout }] of [...scanned]) {
    try {
      for await (const _ of openBodyStream(sfs, join(p.queue, id), id, layout, () => undefined)) {
        // Reading is the check.
      }
    } catch (err) {
      scanned.delete(id);
      await quarantine(sfs, p, id, clock, log, String(err));
      quarantined++;
    }
  }
  if (quarantined > 0) await fsyncDir(sfs, p.corrupt);
}
