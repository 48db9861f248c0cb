/**
 * Imports an uploaded CSV/TXT into a list as it streams in: lines are parsed one at a time, values
 * go to the database in batches of 1,000 (duplicates merge there), each batch is sent to the engine
 * as a delta, and the SuppressionImport row shows progress for the console to poll. Memory stays
 * at one batch plus the first 1,000 row errors, whatever the file's size.
 */

import type { SuppressionValue } from "@/mta/index";
import type { SuppressionEntryRepository } from "@/lib/db/suppression-entry-repository";
import type { ImportCounts, ImportRowError, SuppressionImportDto, SuppressionListDto, SuppressionListRepository } from "@/lib/db/suppression-list-repository";
import { isHeaderLine, parseLine } from "@/lib/suppression/parse-entry";
import { textLines, UploadError } from "@/lib/suppression/text-lines";
import type { SuppressionEngine } from "./engine-sync";

export const IMPORT_BATCH = 1_000;
export const MAX_ROW_ERRORS = 1_000;
/** Uploads larger than this are refused with 413. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
const PROGRESS_EVERY_MS = 500;

export interface ImportDeps {
  lists: SuppressionListRepository;
  entries: SuppressionEntryRepository;
  engine: SuppressionEngine | null;
  now?: () => number;
}

export interface ImportInput {
  list: SuppressionListDto;
  fileName: string;
  createdBy: string;
  body: AsyncIterable<Uint8Array>;
  maxBytes?: number;
}

/** Runs the whole import; a file that is not text or is too large ends as `failed` with the reason. */
export async function importUpload(deps: ImportDeps, input: ImportInput): Promise<{ result: SuppressionImportDto; httpStatus: 200 | 400 | 413 | 500 }> {
  const now = deps.now ?? Date.now;
  const { list } = input;
  const id = await deps.lists.startImport({ listId: list.id, fileName: input.fileName, createdBy: input.createdBy });
  const counts: ImportCounts = { rowsRead: 0, added: 0, duplicates: 0, invalid: 0 };
  const errors: ImportRowError[] = [];
  let batch: SuppressionValue[] = [];
  let keys = new Set<string>();
  let lastProgress = now();
  let httpStatus: 200 | 400 | 413 | 500 = 200;

  const flush = async () => {
    if (batch.length === 0) return;
    const values = batch;
    batch = [];
    keys = new Set();
    const added = await deps.entries.insertMany(list.id, values, "upload");
    counts.added += added;
    counts.duplicates += values.length - added;
    await deps.engine?.addSuppressionEntries(list.id, values);
    // SQLite answers synchronously: without this a long import would starve the console's event loop.
    await new Promise((resolve) => setImmediate(resolve));
    if (now() - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = now();
      await deps.lists.importProgress(id, counts);
    }
  };

  try {
    let line = 0;
    let sawFirst = false;
    for await (const text of textLines(input.body, input.maxBytes ?? MAX_UPLOAD_BYTES)) {
      line++;
      if (!sawFirst && text.trim() !== "") {
        sawFirst = true;
        if (isHeaderLine(text)) continue;
      }
      const parsed = parseLine(text, list.hashOnly);
      if (parsed.kind === "blank") continue;
      counts.rowsRead++;
      if (parsed.kind === "invalid") {
        counts.invalid++;
        if (errors.length < MAX_ROW_ERRORS) errors.push({ line, text: text.length > 200 ? `${text.slice(0, 200)}…` : text, reason: parsed.reason });
        continue;
      }
      const key = `${parsed.value.kind}:${parsed.value.value}`;
      if (keys.has(key)) {
        counts.duplicates++;
        continue;
      }
      keys.add(key);
      batch.push(parsed.value);
      if (batch.length >= IMPORT_BATCH) await flush();
    }
    await flush();
    await deps.lists.recount(list.id);
    await deps.lists.finishImport(id, { ...counts, status: "done", errors, message: "", at: new Date(now()) });
  } catch (err) {
    httpStatus = err instanceof UploadError ? err.status : 500;
    const message = err instanceof UploadError ? err.message : `import failed: ${err instanceof Error ? err.message : String(err)}`;
    await deps.lists.recount(list.id).catch(() => 0);
    await deps.lists.finishImport(id, { ...counts, status: "failed", errors, message, at: new Date(now()) });
  }
  return { result: (await deps.lists.getImport(id))!, httpStatus };
}
