/**
 * Diagnostics: every problem found while reading a config file, with the exact place it was found.
 * The console editor shows them in its gutter; `formatDiagnostic` prints them the way `pmta test config`
 * does on a terminal.
 */

import type { Diagnostic, Severity, SourceLocation } from "./types";

/** `FILE:LINE:COL: error: message` */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}`;
}

/** The same location moved `cols` columns to the right (used to point inside a directive's value). */
export function shift(loc: SourceLocation, cols: number): SourceLocation {
  return { file: loc.file, line: loc.line, col: loc.col + cols };
}

/** `file:line:col`, for messages that refer to another place ("opened at …"). */
export function where(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}

/** Collects diagnostics in the order they were found. One per compile; not shared between compiles. */
export class Diagnostics {
  readonly list: Diagnostic[] = [];

  error(loc: SourceLocation, message: string): void {
    this.add("error", loc, message);
  }

  warning(loc: SourceLocation, message: string): void {
    this.add("warning", loc, message);
  }

  add(severity: Severity, loc: SourceLocation, message: string): void {
    this.list.push({ file: loc.file, line: loc.line, col: loc.col, severity, message });
  }

  addAll(items: readonly Diagnostic[]): void {
    for (const d of items) this.list.push(d);
  }

  get hasErrors(): boolean {
    return this.list.some((d) => d.severity === "error");
  }
}
