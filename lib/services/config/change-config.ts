/**
 * The one way the config changes from the console: under the config lock, take the file's current
 * text → make the new text → compile it (any error: nothing changes) → write it next to the config
 * (fsync) → the running engine reloads it (a refusal, e.g. a listener that cannot bind: nothing
 * changes) → rename it over the config (+ directory fsync) → record the revision. The file, the
 * engine and the latest revision therefore never disagree for longer than one change takes.
 */

import path from "node:path";
import type { TConfigDiagnostic, TConfigOrigin } from "../../schemas/config";
import { compileConfig } from "../../config/compile-config";
import { revisionDiff } from "../../config/config-diff";
import { commitTempConfig, configTarget, discardTempConfig, readConfigFile, writeTempConfig } from "../../config/config-file";
import { withConfigLock } from "../../config/config-lock";
import { textHash } from "../../config/config-text";
import { describeDiagnostic, toDiagnosticDto } from "../../config/diagnostics";
import type { NewConfigRevision } from "../../db/config-revision-repository";
import { SYSTEM_AUTHOR, type ConfigDeps } from "./config-deps";

export interface ConfigChange {
  author: string;
  comment: string;
  origin: TConfigOrigin;
  /** textHash of the text the user saw; the change is refused when the file changed since. */
  baseHash?: string;
  /** The new text, made from the file's current text. */
  edit: (current: string) => { ok: true; text: string } | { ok: false; error: string };
}

export type ChangeResult =
  | { ok: true; changed: boolean; revisionId: number | null; message: string; warnings: TConfigDiagnostic[] }
  | { ok: false; reason: "conflict" | "edit" | "invalid" | "engine" | "io"; error: string; diagnostics?: TConfigDiagnostic[] };

const CONFLICT =
  "The configuration changed since this page was loaded (another change was applied, or the file was edited). Reload the page and make your change again.";

/** Revision labels in stored diffs: `hermod.conf (revision 4)` → `hermod.conf`. */
export function diffFor(configPath: string) {
  const name = path.basename(configPath);
  return (before: { id: number; text: string } | null, after: string) =>
    revisionDiff(before?.text ?? null, after, { before: before ? `${name} (revision ${before.id})` : "/dev/null", after: name });
}

export function changeConfig(change: ConfigChange, deps: ConfigDeps): Promise<ChangeResult> {
  return withConfigLock(() => applyLocked(change, deps));
}

async function applyLocked(change: ConfigChange, deps: ConfigDeps): Promise<ChangeResult> {
  const { configPath } = deps;
  const current = await readConfigFile(configPath).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return "";
    throw err;
  });
  if (change.baseHash !== undefined && change.baseHash !== textHash(current)) return { ok: false, reason: "conflict", error: CONFLICT };

  const edited = change.edit(current);
  if (!edited.ok) return { ok: false, reason: "edit", error: edited.error };
  const text = edited.text;

  const compiled = compileConfig(text, configPath);
  const diagnostics = compiled.diagnostics.map((d) => toDiagnosticDto(d, configPath));
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (!compiled.config || errors.length > 0) {
    const first = errors[0] ? ` First: ${describeDiagnostic(errors[0])}` : "";
    return {
      ok: false,
      reason: "invalid",
      error: `Not applied: the configuration has ${errors.length} error${errors.length === 1 ? "" : "s"}; nothing was changed.${first}`,
      diagnostics,
    };
  }
  const warnings = diagnostics.filter((d) => d.severity === "warning");

  const latest = await deps.revisions.latest();
  if (text === current && latest?.text === text) {
    return { ok: true, changed: false, revisionId: latest.id, message: "No changes: this is already the running configuration.", warnings };
  }

  const target = await configTarget(configPath);
  const tmp = await writeTempConfig(target, text);
  const engine = deps.mta();
  try {
    await engine?.reload(compiled.config);
  } catch (err) {
    await discardTempConfig(tmp);
    const why = err instanceof Error ? err.message : String(err);
    return { ok: false, reason: "engine", error: `The engine refused the configuration (${why}). The running configuration and the file are unchanged.` };
  }
  try {
    await commitTempConfig(tmp, target);
  } catch (err) {
    await discardTempConfig(tmp);
    await restoreEngine(current, deps);
    deps.log.error(`hermod: could not write ${configPath}`, err);
    return { ok: false, reason: "io", error: `Could not write ${path.basename(configPath)}; the previous configuration was restored.` };
  }

  return record(change, { current, text, latestText: latest?.text ?? null }, warnings, deps);
}

/** The file was not replaced after the engine took the new config: put the engine back on the file's config. */
async function restoreEngine(current: string, deps: ConfigDeps): Promise<void> {
  const previous = compileConfig(current, deps.configPath).config;
  if (!previous) return;
  await deps
    .mta()
    ?.reload(previous)
    .catch((err: unknown) => deps.log.error("hermod: could not restore the previous configuration in the engine", err));
}

async function record(
  change: ConfigChange,
  texts: { current: string; text: string; latestText: string | null },
  warnings: TConfigDiagnostic[],
  deps: ConfigDeps,
): Promise<ChangeResult> {
  const entries: NewConfigRevision[] = [];
  // A file edited on disk since the latest revision is recorded first, as its own revision, so the
  // console's revision shows only the console's change.
  if (texts.current !== "" && texts.current !== texts.latestText && texts.current !== texts.text) {
    const comment = texts.latestText === null ? "The configuration file before the first change from the console" : "Edited on disk (found by the next console change)";
    entries.push({ text: texts.current, author: SYSTEM_AUTHOR, comment, origin: "file" });
  }
  const previous = entries.length ? texts.current : texts.latestText;
  if (texts.text !== previous) entries.push({ text: texts.text, author: change.author, comment: change.comment, origin: change.origin });

  try {
    const stored = await deps.revisions.append(entries, diffFor(deps.configPath));
    const revision = stored[stored.length - 1];
    await deps.audit
      .record({ actor: change.author, action: "config.change", target: revision ? `revision ${revision.id}` : "config", detail: { origin: change.origin, comment: change.comment } })
      .catch((err: unknown) => deps.log.error("hermod: could not audit a config change", err));
    return {
      ok: true,
      changed: true,
      revisionId: revision?.id ?? null,
      message: revision ? `Applied as revision ${revision.id}.` : "Applied.",
      warnings,
    };
  } catch (err) {
    // The engine runs the new config and the file holds it: the change happened. The next start
    // records the file as a revision.
    deps.log.error("hermod: a config change was applied but its revision could not be recorded", err);
    return { ok: true, changed: true, revisionId: null, message: "Applied, but the revision could not be recorded (see the server log).", warnings };
  }
}
