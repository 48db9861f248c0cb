/**
 * Small engine state kept beside the spool as JSON (warm-up counters, queue retry holds): loaded
 * once, checked by the caller's guard (a stale or broken file starts from empty instead of failing
 * delivery), written atomically (temp file + rename) at most once a second while it changes, and on
 * stop. Losing the last second of such state in a crash is acceptable; it is never mail.
 */

import fs from "node:fs";
import path from "node:path";
import type { Logger } from "../ports";

const WRITE_DELAY_MS = 1_000;

export class StateFile<T> {
  private dirty = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly file: string | null,
    private readonly what: string,
    private readonly logger: Logger,
  ) {}

  /** The saved state when there is a valid one, else `empty`. */
  load(isValid: (value: unknown) => value is T, empty: T): T {
    if (!this.file || !fs.existsSync(this.file)) return empty;
    try {
      const loaded: unknown = JSON.parse(fs.readFileSync(this.file, "utf8"));
      if (isValid(loaded)) return loaded;
      throw new Error(`not a ${this.what} file`);
    } catch (err) {
      this.logger.warn(`${this.what} unreadable; starting from empty`, { file: this.file, error: String(err) });
      return empty;
    }
  }

  /** The state changed: `current()` is written within a second. */
  changed(current: () => T): void {
    this.dirty = true;
    this.timer ??= setTimeout(() => this.flush(current()), WRITE_DELAY_MS);
    this.timer.unref?.();
  }

  /** Writes `state` now if it changed since the last write. */
  flush(state: T): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.dirty || !this.file) return;
    this.dirty = false;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(state));
      fs.renameSync(tmp, this.file);
    } catch (err) {
      this.logger.warn(`could not save ${this.what}`, { error: String(err) });
    }
  }
}
