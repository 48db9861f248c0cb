/** Suppression lists as the console sees them, and the inputs of its actions and routes. */

import { z } from "zod";

const NAME = /^[A-Za-z0-9_.@-]+$/;

export const ZCreateSuppressionList = z
  .strictObject({
    name: z.string().trim().min(1, "Name is required.").max(100, "Name is at most 100 characters.").regex(NAME, 'Letters, digits, "_", ".", "@" and "-" only (it is used in suppression-lists).'),
    scope: z.enum(["global", "source", "vmta", "job"], { error: "Scope is global, source, vmta or job." }),
    scopeValue: z.string().trim().max(200, "At most 200 characters.").default(""),
    hashOnly: z.boolean().default(false),
    autoAddBounces: z.boolean().default(false),
    autoAddComplaints: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    if (v.scope !== "global" && v.scopeValue === "") ctx.addIssue({ code: "custom", path: ["scopeValue"], message: `Name the ${v.scope === "job" ? "job ID" : v.scope} the list applies to.` });
  })
  .transform((v) => ({ ...v, scopeValue: v.scope === "global" ? "" : v.scopeValue }));

export const ZListId = z.coerce.number().int().positive("A list id.");

export const ZDeleteList = z.strictObject({ id: ZListId });

export const ZAutoAdd = z.strictObject({ id: ZListId, autoAddBounces: z.boolean(), autoAddComplaints: z.boolean() });

export const ZEntryValue = z.strictObject({ kind: z.enum(["address", "domain", "sha256", "md5"]), value: z.string().min(1).max(320) });

export const ZDeleteEntries = z.strictObject({ listId: ZListId, entries: z.array(ZEntryValue).min(1, "Pick at least one entry.").max(1_000) });

export const ZSearchEntries = z.strictObject({
  q: z.string().trim().min(1, "Type an address or a domain.").max(320),
  listId: ZListId.optional(),
});

export const ZAddEntries = z.strictObject({ listId: ZListId, text: z.string().trim().min(1, "Type one value per line.").max(100_000, "Paste at most 100,000 characters; upload a file for more.") });

export interface TSuppressionListRow {
  id: number;
  name: string;
  scope: "global" | "source" | "vmta" | "job";
  scopeValue: string;
  hashOnly: boolean;
  autoAddBounces: boolean;
  autoAddComplaints: boolean;
  entryCount: number;
  createdBy: string;
  createdAt: string;
}

export interface TSuppressionEntryRow {
  listId: number;
  listName: string;
  kind: "address" | "domain" | "sha256" | "md5";
  value: string;
  origin: string;
  addedAt: string;
}

export interface TSuppressionImportRow {
  id: number;
  listId: number;
  fileName: string;
  status: "running" | "done" | "failed";
  rowsRead: number;
  added: number;
  duplicates: number;
  invalid: number;
  errors: { line: number; text: string; reason: string }[];
  message: string;
  createdBy: string;
  startedAt: string;
  finishedAt: string | null;
}

export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    out[key] ??= issue.message;
  }
  return out;
}
