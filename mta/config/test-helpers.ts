/**
 * Helpers for this folder's tests: compile a config held in memory (main file /cfg/hermod.conf, root
 * /cfg) with extra files and symbolic links, and pick diagnostics by severity.
 */

import { expect } from "vitest";
import { compileConfigText } from "./load";
import { createMemoryFs } from "./memory-fs";
import type { CompileResult, Diagnostic, MtaConfig } from "./types";

export const MAIN = "/cfg/hermod.conf";

export function compileText(
  text: string,
  files: Record<string, string> = {},
  symlinks: Record<string, string> = {},
): CompileResult & { reads: string[] } {
  const fs = createMemoryFs({ [MAIN]: text, ...files }, symlinks);
  const result = compileConfigText(text, {
    file: MAIN,
    rootDir: "/cfg",
    readFile: fs.readFile,
    realpath: fs.realpath,
    readdir: fs.readdir,
    defaultHostName: () => "mta.test",
  });
  return { ...result, reads: fs.reads };
}

export const errors = (r: CompileResult): Diagnostic[] => r.diagnostics.filter((d) => d.severity === "error");
export const warnings = (r: CompileResult): Diagnostic[] => r.diagnostics.filter((d) => d.severity === "warning");

/** A place in the main file, as compiled rules record it in `origin`. */
export const locAt = (line: number, col: number) => ({ file: MAIN, line, col });

/** Matches a diagnostic at `line:col` whose message is exactly `message`. */
export const exactlyAt = (line: number, col: number, message: string) => expect.objectContaining({ line, col, message });

/** Compiles and insists on no errors; returns the config. */
export function compileOk(text: string, files: Record<string, string> = {}): MtaConfig {
  const r = compileText(text, files);
  const errs = errors(r);
  if (errs.length > 0 || !r.config) {
    throw new Error(`expected no errors, got:\n${errs.map((d) => `${d.line}:${d.col} ${d.message}`).join("\n")}`);
  }
  return r.config;
}

/** A deep copy without `origin` keys: two configs are "the same" when they differ only in where rules came from. */
export function withoutOrigins(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutOrigins);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "origin").map(([k, v]) => [k, withoutOrigins(v)]));
}

/** Diagnostics as `line: first word of the message`, compact enough to list a whole file's warnings. */
export const briefly = (list: Diagnostic[]): string[] => list.map((d) => `${d.line}: ${d.message.split(" ")[0]}`);
