/**
 * `hermod config test [FILE]`: compiles FILE (default HERMOD_CONFIG) the way the server would and
 * prints every diagnostic as `FILE:LINE:COL: error|warning: message` (like `pmta test config`), then
 * the error/warning totals and the block counts. Exit 0 when there is no error, 1 otherwise.
 */

import path from "node:path";
import { formatDiagnostic, loadConfigFile } from "@/mta/index";
import { formatSummary, summarizeConfig } from "../config/config-summary";
import { readConfigFile } from "../config/config-file";
import { EXIT, cliPaths, type CliIo } from "./cli-io";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export async function configTest(fileArg: string | undefined, io: CliIo): Promise<number> {
  const file = fileArg ? path.resolve(fileArg) : cliPaths(io).configPath;
  const result = await loadConfigFile(file);
  for (const d of result.diagnostics) io.out(formatDiagnostic(d));
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  const warnings = result.diagnostics.length - errors;
  const text = await readConfigFile(file).catch(() => "");
  io.out(`${file}: ${plural(errors, "error")}, ${plural(warnings, "warning")}`);
  io.out(formatSummary(summarizeConfig(result.config, text)));
  io.out(errors === 0 ? "Configuration OK." : "Configuration has errors: Hermod would not apply it.");
  return errors === 0 ? EXIT.ok : EXIT.failed;
}
