/** The config as it is now: the file's text, its diagnostics and block counts, and the latest revision. */

import path from "node:path";
import type { TConfigView } from "../../schemas/config";
import { compileConfig } from "../../config/compile-config";
import { summarizeConfig } from "../../config/config-summary";
import { readConfigFile } from "../../config/config-file";
import { textHash } from "../../config/config-text";
import { toDiagnosticDto } from "../../config/diagnostics";
import { redactConfigText } from "../../config/redact";
import { configDeps, type ConfigDeps } from "./config-deps";

export async function currentConfig(options: { redact: boolean }, deps: Pick<ConfigDeps, "configPath" | "revisions"> = configDeps()): Promise<TConfigView> {
  const { configPath } = deps;
  let text = "";
  let unreadable: string | null = null;
  try {
    text = await readConfigFile(configPath);
  } catch (err) {
    unreadable = (err as NodeJS.ErrnoException).code === "ENOENT" ? "the file does not exist" : "the file cannot be read";
  }
  const compiled = compileConfig(text, configPath);
  const diagnostics = unreadable
    ? [{ file: "", line: 1, col: 1, severity: "error" as const, message: `${path.basename(configPath)}: ${unreadable}` }]
    : compiled.diagnostics.map((d) => toDiagnosticDto(d, configPath));
  const latest = await deps.revisions.latest();
  return {
    path: configPath,
    text: options.redact ? redactConfigText(text) : text,
    hash: textHash(text),
    diagnostics,
    summary: summarizeConfig(compiled.config, text),
    latest: latest && { id: latest.id, author: latest.author, comment: latest.comment, origin: latest.origin, createdAt: latest.createdAt.toISOString() },
    fileMatchesLatest: latest?.text === text,
    redacted: options.redact,
  };
}
