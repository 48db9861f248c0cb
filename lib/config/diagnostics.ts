/** Compiler diagnostics as the console shows them: files relative to the config's directory. */

import path from "node:path";
import type { Diagnostic } from "@/mta/index";
import type { TConfigDiagnostic } from "../schemas/config";

export function toDiagnosticDto(d: Diagnostic, configPath: string): TConfigDiagnostic {
  const file = path.resolve(d.file) === path.resolve(configPath) ? "" : path.relative(path.dirname(configPath), d.file);
  return { file, line: d.line, col: d.col, severity: d.severity, message: d.message };
}

/** `line 12, col 5: message` (or `included.conf line 3, col 1: …`), for one-line error texts. */
export function describeDiagnostic(d: TConfigDiagnostic): string {
  return `${d.file ? `${d.file} ` : ""}line ${d.line}, col ${d.col}: ${d.message}`;
}

/** `FILE:LINE:COL: severity: message`, as `pmta test config` prints it (FILE resolved against the config's directory). */
export function formatDiagnosticLine(d: TConfigDiagnostic, configPath: string): string {
  const file = d.file === "" ? configPath : path.resolve(path.dirname(configPath), d.file);
  return `${file}:${d.line}:${d.col}: ${d.severity}: ${d.message}`;
}
