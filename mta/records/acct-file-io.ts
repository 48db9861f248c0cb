/**
 * The file operations an accounting writer needs, behind an interface so tests can make the disk fail
 * on demand. The Node implementation opens the file for each append (O_APPEND), so a file moved away
 * by an external rotation tool is simply recreated, with a header, on the next flush.
 */

import { open, rename, stat } from "node:fs/promises";

export interface AcctFileIo {
  /** Size in bytes; 0 when the file does not exist. */
  size(path: string): Promise<number>;
  /** The first line without its line ending (at most 64 KiB read); "" when missing or empty. */
  firstLine(path: string): Promise<string>;
  /**
   * Appends all of `data`, creating the file (mode 0640) if needed. On failure the error carries
   * `bytesWritten` (bytes already appended), so the caller retries only the rest and never duplicates.
   */
  append(path: string, data: Buffer): Promise<void>;
  exists(path: string): Promise<boolean>;
  rename(from: string, to: string): Promise<void>;
}

export class PartialWriteError extends Error {
  constructor(
    readonly bytesWritten: number,
    readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "PartialWriteError";
  }
}

const FIRST_LINE_MAX = 64 * 1024;

export const nodeAcctFileIo: AcctFileIo = {
  async size(path) {
    try {
      return (await stat(path)).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return 0;
      throw err;
    }
  },

  async firstLine(path) {
    let handle;
    try {
      handle = await open(path, "r");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return "";
      throw err;
    }
    try {
      const buf = Buffer.alloc(FIRST_LINE_MAX);
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      const text = buf.subarray(0, bytesRead).toString("utf8");
      const end = text.indexOf("\n");
      return (end < 0 ? text : text.slice(0, end)).replace(/\r$/, "");
    } finally {
      await handle.close();
    }
  },

  async append(path, data) {
    let written = 0;
    let handle;
    try {
      handle = await open(path, "a", 0o640);
      while (written < data.length) {
        const { bytesWritten } = await handle.write(data, written, data.length - written);
        written += bytesWritten;
      }
    } catch (err) {
      throw new PartialWriteError(written, err);
    } finally {
      await handle?.close().catch(() => undefined);
    }
  },

  async exists(path) {
    try {
      await stat(path);
      return true;
    } catch {
      return false;
    }
  },

  rename: (from, to) => rename(from, to),
};
