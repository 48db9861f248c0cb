/**
 * The config as a standalone file to download: the current file, or a revision's text, with every
 * `include` inlined (the engine's exportConfig), so it can be imported elsewhere as one file. Secrets
 * are masked unless the reader may see them (a masked export is for reading, not for re-import).
 */

import path from "node:path";
import { exportConfigText } from "@/mta/index";
import { ExpectedError, NotFoundError } from "../../errors";
import { readConfigFile } from "../../config/config-file";
import { describeDiagnostic, toDiagnosticDto } from "../../config/diagnostics";
import { redactConfigText } from "../../config/redact";
import { configDeps, type ConfigDeps } from "./config-deps";

export interface ConfigExport {
  filename: string;
  text: string;
}

export async function exportConfig(
  options: { revisionId?: number; redact: boolean },
  deps: Pick<ConfigDeps, "configPath" | "revisions"> = configDeps(),
): Promise<ConfigExport> {
  const { configPath } = deps;
  const base = path.basename(configPath).replace(/\.conf$/, "").replace(/[^\w.-]/g, "_");
  let text: string;
  let filename: string;
  if (options.revisionId !== undefined) {
    const revision = await deps.revisions.findById(options.revisionId);
    if (!revision) throw new NotFoundError(`Revision ${options.revisionId}`);
    text = revision.text;
    filename = `${base}-revision-${revision.id}.conf`;
  } else {
    text = await readConfigFile(configPath);
    filename = `${base}-${new Date().toISOString().slice(0, 10)}.conf`;
  }
  // Includes are read as they are now, also for an old revision's text.
  const exported = exportConfigText(text, { file: configPath, rootDir: path.dirname(configPath) });
  if (exported.text === null) {
    const first = exported.diagnostics.find((d) => d.severity === "error");
    throw new ExpectedError("EXPORT_FAILED", `Cannot export: ${first ? describeDiagnostic(toDiagnosticDto(first, configPath)) : "an included file cannot be read"}`);
  }
  return { filename, text: options.redact ? redactConfigText(exported.text) : exported.text };
}
