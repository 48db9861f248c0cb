/**
 * `hermod reload` (SIGHUP): re-read the config file, validate it, reload the running engine, and
 * record the file as a revision (origin file) when it differs from the latest one. On any error the
 * engine keeps its running config and nothing is recorded. No "server-only": server.ts runs this.
 */

import path from "node:path";
import type { TConfigDiagnostic } from "../../schemas/config";
import { compileConfig } from "../../config/compile-config";
import { readConfigFile } from "../../config/config-file";
import { withConfigLock } from "../../config/config-lock";
import { toDiagnosticDto } from "../../config/diagnostics";
import { diffFor } from "./change-config";
import { SYSTEM_AUTHOR, configDeps, type ConfigDeps } from "./config-deps";

export type ReloadResult =
  | { ok: true; revisionId: number | null; message: string; diagnostics: TConfigDiagnostic[] }
  | { ok: false; message: string; diagnostics: TConfigDiagnostic[] };

export function reloadConfigFromFile(deps: ConfigDeps = configDeps()): Promise<ReloadResult> {
  return withConfigLock(async () => {
    const { configPath } = deps;
    const name = path.basename(configPath);
    let text: string;
    try {
      text = await readConfigFile(configPath);
    } catch (err) {
      return { ok: false, message: `cannot read ${configPath}: ${(err as NodeJS.ErrnoException).code ?? String(err)}; the running configuration stays`, diagnostics: [] };
    }
    const compiled = compileConfig(text, configPath);
    const diagnostics = compiled.diagnostics.map((d) => toDiagnosticDto(d, configPath));
    if (!compiled.config) {
      const errors = diagnostics.filter((d) => d.severity === "error").length;
      return { ok: false, message: `${name} has ${errors} error${errors === 1 ? "" : "s"}; not reloaded, the running configuration stays`, diagnostics };
    }
    try {
      await deps.mta()?.reload(compiled.config);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return { ok: false, message: `the engine refused ${name} (${why}); the running configuration stays`, diagnostics };
    }
    const latest = await deps.revisions.latest();
    if (latest?.text === text) return { ok: true, revisionId: latest.id, message: `${name} reloaded (unchanged since revision ${latest.id})`, diagnostics };
    try {
      const [revision] = await deps.revisions.append(
        [{ text, author: SYSTEM_AUTHOR, comment: `${name} reloaded (hermod reload)`, origin: "file" }],
        diffFor(configPath),
      );
      return { ok: true, revisionId: revision.id, message: `${name} reloaded as revision ${revision.id}`, diagnostics };
    } catch (err) {
      deps.log.error("hermod: the config was reloaded but its revision could not be recorded", err);
      return { ok: true, revisionId: null, message: `${name} reloaded, but its revision could not be recorded (see the log)`, diagnostics };
    }
  });
}
