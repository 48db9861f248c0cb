/** Compiles config text without applying it: the editor's Validate button. */

import type { TConfigDiagnostic, TConfigSummaryItem } from "../../schemas/config";
import { compileConfig } from "../../config/compile-config";
import { summarizeConfig } from "../../config/config-summary";
import { toDiagnosticDto } from "../../config/diagnostics";
import { configDeps, type ConfigDeps } from "./config-deps";

export function validateConfigText(
  text: string,
  deps: Pick<ConfigDeps, "configPath"> = configDeps(),
): { diagnostics: TConfigDiagnostic[]; summary: TConfigSummaryItem[] } {
  const compiled = compileConfig(text, deps.configPath);
  return { diagnostics: compiled.diagnostics.map((d) => toDiagnosticDto(d, deps.configPath)), summary: summarizeConfig(compiled.config, text) };
}
