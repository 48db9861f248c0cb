/**
 * A block editor's field checked by the engine's compiler itself: the value is compiled on its own,
 * inside a block of the same kind, and the compiler's first error on that line is the answer. For the
 * directives whose syntax lives inside the compiler (rates, sender domains, DKIM and ARC key files,
 * credentials) rather than in a parser of its own, so the console refuses exactly what a reload would,
 * with the same message. Key files are read as the real config would read them: relative to its file.
 */

import { compileConfigText, type Diagnostic } from "@/mta/index";
import type { TConfigBlockKind } from "../schemas/config";

/** A harmless argument for the probe block (its own problems, if any, are on another line). */
const PROBE_ARG: Readonly<Record<TConfigBlockKind, string>> = {
  "virtual-mta": "console-check",
  "virtual-mta-pool": "console-check",
  domain: "*",
  source: "0/0",
  "smtp-user": "console-check",
};

/** The line of the probe text that holds the directive. */
const DIRECTIVE_LINE = 2;

/** What the compiler reports on the directive's line of a probe block. */
function probe(kind: TConfigBlockKind, directive: string, value: string, configFile: string): Diagnostic[] {
  const text = `<${kind} ${PROBE_ARG[kind]}>\n    ${directive} ${value}\n</${kind}>\n`;
  return compileConfigText(text, { file: configFile }).diagnostics.filter((d) => d.line === DIRECTIVE_LINE);
}

/** null when the compiler takes `directive value` in a `<kind>` block, else its first error there. */
export function compilerError(kind: TConfigBlockKind, directive: string, value: string, configFile: string): string | null {
  return probe(kind, directive, value, configFile).find((d) => d.severity === "error")?.message ?? null;
}

/** Everything, warnings too, the compiler says about the line: nothing for a directive it knows and acts on. */
export function compilerDiagnostics(kind: TConfigBlockKind, directive: string, value: string, configFile: string): string[] {
  return probe(kind, directive, value, configFile).map((d) => `${d.severity}: ${d.message}`);
}
