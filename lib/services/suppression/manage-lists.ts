/**
 * The console's suppression use cases: lists (create, change auto-add, delete), entries (search,
 * add, delete, export) and uploads. The caller has checked the permission (suppression.write to
 * change, records.read to read); changes are audited and sent to the engine as deltas.
 */

import type { SuppressionValue } from "@/mta/index";
import { createAuditRepository, type AuditRepository } from "@/lib/db/audit-repository";
import { suppressionEntryRepository, type SuppressionEntryDto, type SuppressionEntryRepository } from "@/lib/db/suppression-entry-repository";
import { suppressionListRepository, type SuppressionImportDto, type SuppressionListDto, type SuppressionListRepository } from "@/lib/db/suppression-list-repository";
import { ConflictError, ExpectedError, NotFoundError } from "@/lib/errors";
import { md5Hex, normalizeAddress, normalizeDomainName, parseLine, parseValue, sha256Hex } from "@/lib/suppression/parse-entry";
import type { TSuppressionEntryRow, TSuppressionImportRow, TSuppressionListRow } from "@/lib/suppression/schemas";
import { pushLists, runningEngine, type SuppressionEngine } from "./engine-sync";
import { importUpload } from "./import-upload";

export interface SuppressionDeps {
  lists: SuppressionListRepository;
  entries: SuppressionEntryRepository;
  audit: Pick<AuditRepository, "record">;
  engine: () => SuppressionEngine | null;
}

export function defaultSuppressionDeps(): SuppressionDeps {
  return { lists: suppressionListRepository(), entries: suppressionEntryRepository(), audit: createAuditRepository(), engine: runningEngine };
}

export const toListRow = (l: SuppressionListDto): TSuppressionListRow => ({ ...l, createdAt: l.createdAt.toISOString() });

export const toImportRow = (i: SuppressionImportDto): TSuppressionImportRow => ({ ...i, startedAt: i.startedAt.toISOString(), finishedAt: i.finishedAt?.toISOString() ?? null });

export async function listSuppressionLists(deps = defaultSuppressionDeps()): Promise<TSuppressionListRow[]> {
  return (await deps.lists.list()).map(toListRow);
}

export async function requireList(id: number, deps = defaultSuppressionDeps()): Promise<SuppressionListDto> {
  const list = await deps.lists.get(id);
  if (!list) throw new NotFoundError("A suppression list with that id");
  return list;
}

export async function createSuppressionList(
  actor: string,
  input: Omit<SuppressionListDto, "id" | "entryCount" | "createdBy" | "createdAt">,
  deps = defaultSuppressionDeps(),
): Promise<TSuppressionListRow> {
  const list = await deps.lists.create({ ...input, createdBy: actor });
  if (!list) throw new ConflictError(`A suppression list named "${input.name}" already exists.`);
  await pushLists(deps.engine(), deps.lists);
  await deps.audit.record({ actor, action: "suppression.list.create", target: list.name, detail: { id: list.id, scope: list.scope, scopeValue: list.scopeValue, hashOnly: list.hashOnly } });
  return toListRow(list);
}

export async function setAutoAdd(actor: string, input: { id: number; autoAddBounces: boolean; autoAddComplaints: boolean }, deps = defaultSuppressionDeps()): Promise<TSuppressionListRow> {
  const list = await deps.lists.setAutoAdd(input.id, input);
  if (!list) throw new NotFoundError("A suppression list with that id");
  await deps.audit.record({ actor, action: "suppression.list.auto-add", target: list.name, detail: { autoAddBounces: list.autoAddBounces, autoAddComplaints: list.autoAddComplaints } });
  return toListRow(list);
}

export async function deleteSuppressionList(actor: string, id: number, deps = defaultSuppressionDeps()): Promise<string> {
  const list = await requireList(id, deps);
  await deps.lists.delete(id);
  await pushLists(deps.engine(), deps.lists);
  await deps.audit.record({ actor, action: "suppression.list.delete", target: list.name, detail: { id, entries: list.entryCount } });
  return list.name;
}

/**
 * What a search for `q` matches exactly: an address also finds its domain's entry and its SHA-256
 * and MD5 entries; a domain (`example.com`, `@example.com`) or a digest finds itself.
 */
export function searchCandidates(q: string): SuppressionValue[] {
  const text = q.trim();
  const address = text.includes("@") && !text.startsWith("@") ? normalizeAddress(text) : null;
  if (address) {
    const domain = address.slice(address.lastIndexOf("@") + 1);
    return [
      { kind: "address", value: address },
      { kind: "domain", value: domain },
      { kind: "sha256", value: sha256Hex(address) },
      { kind: "md5", value: md5Hex(address) },
    ];
  }
  const parsed = parseValue(text.startsWith("@") ? text : normalizeDomainName(text) ? `@${text}` : text);
  return parsed.kind === "value" ? [parsed.value] : [];
}

export async function searchEntries(q: string, listId: number | undefined, deps = defaultSuppressionDeps()): Promise<TSuppressionEntryRow[]> {
  const candidates = searchCandidates(q);
  if (candidates.length === 0) throw new ExpectedError("INVALID", `"${q}" is not an address, a domain, a SHA-256 or an MD5.`);
  const names = new Map((await deps.lists.list()).map((l) => [l.id, l.name]));
  return (await deps.entries.findValues(candidates, listId)).map((e) => toEntryRow(e, names));
}

export async function latestEntries(listId: number, deps = defaultSuppressionDeps()): Promise<TSuppressionEntryRow[]> {
  const list = await requireList(listId, deps);
  return (await deps.entries.latest(listId)).map((e) => toEntryRow(e, new Map([[list.id, list.name]])));
}

function toEntryRow(e: SuppressionEntryDto, names: Map<number, string>): TSuppressionEntryRow {
  return { listId: e.listId, listName: names.get(e.listId) ?? String(e.listId), kind: e.kind, value: e.value, origin: e.origin, addedAt: e.addedAt.toISOString() };
}

/** Adds values typed in the console (one per line); returns a summary. */
export async function addEntries(actor: string, listId: number, text: string, deps = defaultSuppressionDeps()): Promise<string> {
  const list = await requireList(listId, deps);
  const values: SuppressionValue[] = [];
  const bad: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const parsed = parseLine(line, list.hashOnly);
    if (parsed.kind === "value") values.push(parsed.value);
    else if (parsed.kind === "invalid") bad.push(line.trim());
  }
  if (bad.length > 0) throw new ExpectedError("INVALID", `Not an address, a domain, a SHA-256 or an MD5: ${bad.slice(0, 5).join(", ")}${bad.length > 5 ? " …" : ""}`);
  const added = await deps.entries.insertMany(list.id, values, "console");
  await deps.engine()?.addSuppressionEntries(list.id, values);
  await deps.lists.recount(list.id);
  await deps.audit.record({ actor, action: "suppression.entries.add", target: list.name, detail: { added, given: values.length } });
  return `${added} added to "${list.name}"${values.length - added > 0 ? ` (${values.length - added} already there)` : ""}.`;
}

export async function deleteEntries(actor: string, listId: number, values: SuppressionValue[], deps = defaultSuppressionDeps()): Promise<string> {
  const list = await requireList(listId, deps);
  const removed = await deps.entries.deleteValues(list.id, values);
  await deps.engine()?.removeSuppressionEntries(list.id, values);
  await deps.lists.recount(list.id);
  await deps.audit.record({ actor, action: "suppression.entries.delete", target: list.name, detail: { removed } });
  return `${removed} removed from "${list.name}".`;
}

/** The list as CSV (`value,kind,origin,added_at`: re-uploadable as is), a page at a time; hashed entries stay hashes. */
export function exportListCsv(list: SuppressionListDto, deps = defaultSuppressionDeps()): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pages = deps.entries.pages(list.id);
  let header = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (header) {
        header = false;
        controller.enqueue(encoder.encode("value,kind,origin,added_at\n"));
        return;
      }
      const next = await pages.next();
      if (next.done) return controller.close();
      controller.enqueue(encoder.encode(next.value.map((e) => `${e.value},${e.kind},${e.origin},${e.addedAt.toISOString()}\n`).join("")));
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
}

/** The list's latest uploads with their progress, or null when there is no such list. */
export async function listImports(listId: number, limit = 5, deps = defaultSuppressionDeps()): Promise<{ list: TSuppressionListRow; imports: TSuppressionImportRow[] } | null> {
  const list = await deps.lists.get(listId);
  if (!list) return null;
  return { list: toListRow(list), imports: (await deps.lists.recentImports(listId, limit)).map(toImportRow) };
}

/** The list to export, or null. */
export async function findList(listId: number, deps = defaultSuppressionDeps()): Promise<SuppressionListDto | null> {
  return deps.lists.get(listId);
}

/** Imports an upload into a list (null: no such list); the import row is audited. */
export async function uploadToList(
  actor: string,
  listId: number,
  fileName: string,
  body: AsyncIterable<Uint8Array>,
  deps = defaultSuppressionDeps(),
): Promise<{ result: TSuppressionImportRow; httpStatus: number } | null> {
  const list = await deps.lists.get(listId);
  if (!list) return null;
  const { result, httpStatus } = await importUpload({ lists: deps.lists, entries: deps.entries, engine: deps.engine() }, { list, fileName, createdBy: actor, body });
  await deps.audit.record({ actor, action: "suppression.upload", target: list.name, detail: { importId: result.id, fileName, status: result.status, rowsRead: result.rowsRead, added: result.added, invalid: result.invalid } });
  return { result: toImportRow(result), httpStatus };
}
