/**
 * Files a running Hermod keeps in its data directory for the `hermod` CLI: its pid (for `hermod
 * reload`, which sends SIGHUP) and the outcome of the last reload (so the CLI can report it). Plain
 * Node: used by server.ts and by the CLI.
 */

import fs from "node:fs";
import path from "node:path";

export const PID_FILE = "hermod.pid";
export const RELOAD_RESULT_FILE = "hermod.reload.json";

export interface ReloadOutcome {
  pid: number;
  /** Epoch ms: when the signal was handled, and when the reload finished. */
  startedAt: number;
  finishedAt: number;
  ok: boolean;
  message: string;
  /** `FILE:LINE:COL: severity: message` lines. */
  diagnostics: string[];
}

export const pidFilePath = (dataDir: string) => path.join(dataDir, PID_FILE);
export const reloadResultPath = (dataDir: string) => path.join(dataDir, RELOAD_RESULT_FILE);

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o644 });
  fs.renameSync(tmp, file);
}

export function writePidFile(dataDir: string, pid = process.pid): void {
  fs.mkdirSync(dataDir, { recursive: true });
  writeAtomically(pidFilePath(dataDir), `${pid}\n`);
}

/** The pid in the file, or null when there is no (valid) pid file. */
export function readPidFile(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(pidFilePath(dataDir), "utf8").trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Removes the pid file if it still names `pid` (a newer instance's file is left alone). */
export function removePidFile(dataDir: string, pid = process.pid): void {
  if (readPidFile(dataDir) === pid) fs.rmSync(pidFilePath(dataDir), { force: true });
}

export function writeReloadOutcome(dataDir: string, outcome: ReloadOutcome): void {
  writeAtomically(reloadResultPath(dataDir), `${JSON.stringify(outcome, null, 2)}\n`);
}

export function readReloadOutcome(dataDir: string): ReloadOutcome | null {
  try {
    return JSON.parse(fs.readFileSync(reloadResultPath(dataDir), "utf8")) as ReloadOutcome;
  } catch {
    return null;
  }
}
