/**
 * `hermod reload` on the server's side. While Hermod runs, its pid is in `$HERMOD_DATA_DIR/hermod.pid`
 * and SIGHUP re-reads HERMOD_CONFIG: validated, reloaded into the engine and recorded as a revision
 * (origin file), or, on any error, logged with its diagnostics while the running config stays.
 * Each outcome is written to `hermod.reload.json` for the CLI to report. Called by server.ts after
 * the engine started; imports nothing from next/*.
 */

import { formatDiagnosticLine } from "../config/diagnostics";
import { configDeps } from "../services/config/config-deps";
import { reloadConfigFromFile, type ReloadResult } from "../services/config/reload-config-from-file";
import { removePidFile, writePidFile, writeReloadOutcome } from "./run-files";

export interface ReloadControlOptions {
  configPath: string;
  dataDir: string;
  /** The reload to run on SIGHUP (default: reloadConfigFromFile for configPath). */
  reload?: () => Promise<ReloadResult>;
  log?: Pick<Console, "log" | "error" | "warn">;
}

export interface ReloadControl {
  /**
   * Shutdown: removes the pid file and ignores later SIGHUPs (the handler stays installed, since
   * SIGHUP's default action would end the process in the middle of its graceful stop).
   */
  stop(): void;
}

export function startReloadControl(options: ReloadControlOptions): ReloadControl {
  const log = options.log ?? console;
  const reload = options.reload ?? (() => reloadConfigFromFile(configDeps({ configPath: options.configPath })));

  let stopped = false;
  const onHangup = () => {
    if (stopped) return log.warn("Hermod: SIGHUP ignored: shutting down");
    const startedAt = Date.now();
    log.log(`Hermod: SIGHUP: reloading ${options.configPath}`);
    void reload()
      .catch((err: unknown): ReloadResult => ({ ok: false, message: `reload failed: ${err instanceof Error ? err.message : String(err)}`, diagnostics: [] }))
      .then((result) => {
        const lines = result.diagnostics.map((d) => formatDiagnosticLine(d, options.configPath));
        for (const line of lines) (line.includes(": error: ") ? log.error : log.warn)(line);
        (result.ok ? log.log : log.error)(`Hermod: ${result.message}`);
        try {
          writeReloadOutcome(options.dataDir, { pid: process.pid, startedAt, finishedAt: Date.now(), ok: result.ok, message: result.message, diagnostics: lines });
        } catch (err) {
          log.error("Hermod: could not write the reload outcome", err);
        }
      });
  };
  const onExit = () => removePidFile(options.dataDir);

  // The handler is in place before the pid is published: SIGHUP's default action would end the process.
  process.on("SIGHUP", onHangup);
  process.on("exit", onExit);
  writePidFile(options.dataDir);
  return {
    stop() {
      stopped = true;
      removePidFile(options.dataDir);
    },
  };
}
