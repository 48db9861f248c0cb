"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import type { TSuppressionEntryRow, TSuppressionImportRow, TSuppressionListRow } from "@/lib/suppression/schemas";
import { addEntriesAction, deleteEntriesAction } from "./actions";
import { EntriesTable } from "./entries-table";
import { ImportReport } from "./import-report";

const POLL_MS = 700;

export function ListPanel({ list, entries, imports, canWrite }: { list: TSuppressionListRow; entries: TSuppressionEntryRow[]; imports: TSuppressionImportRow[]; canWrite: boolean }) {
  const router = useRouter();
  const fileRef = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);
  const [live, setLive] = useState<TSuppressionImportRow | null>(null);
  const [finished, setFinished] = useState<TSuppressionImportRow | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  // While an upload runs, its progress is read from the import row the server keeps current.
  useEffect(() => {
    if (!uploading) return;
    const timer = setInterval(async () => {
      const res = await fetch(`/api/suppression/lists/${list.id}/imports`, { cache: "no-store" }).catch(() => null);
      if (!res?.ok) return;
      const body = (await res.json()) as { imports: TSuppressionImportRow[] };
      const running = body.imports.find((i) => i.status === "running");
      if (running) setLive(running);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [uploading, list.id]);

  async function onUpload(event: FormEvent) {
    event.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) return setMessage({ ok: false, text: "Choose a CSV or TXT file first." });
    setUploading(true);
    setLive(null);
    setFinished(null);
    setMessage(null);
    try {
      const res = await fetch(`/api/suppression/lists/${list.id}/upload?name=${encodeURIComponent(file.name)}`, {
        method: "POST",
        body: file,
        headers: { "content-type": file.type || "text/plain" },
      });
      const body = (await res.json().catch(() => ({}))) as { error?: string; import?: TSuppressionImportRow };
      if (body.import) setFinished(body.import);
      if (!res.ok) setMessage({ ok: false, text: body.error ?? `Upload failed (HTTP ${res.status}).` });
      if (fileRef.current) fileRef.current.value = "";
      router.refresh();
    } catch (err) {
      setMessage({ ok: false, text: `Upload failed: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      setUploading(false);
      setLive(null);
    }
  }

  function onAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const text = String(new FormData(form).get("text") ?? "");
    startTransition(async () => {
      const r = await addEntriesAction({ listId: list.id, text });
      setMessage({ ok: r.ok, text: r.ok ? r.message : (r.fieldErrors?.text ?? r.error) });
      if (r.ok) form.reset();
    });
  }

  const remove = (e: TSuppressionEntryRow) =>
    startTransition(async () => {
      const r = await deleteEntriesAction({ listId: list.id, entries: [{ kind: e.kind, value: e.value }] });
      setMessage({ ok: r.ok, text: r.ok ? r.message : r.error });
    });

  const shown = live ?? finished ?? imports[0] ?? null;
  return (
    <Card data-testid="suppression-list-panel">
      <CardHeader>
        <CardTitle>
          {list.name} <span className="text-sm font-normal text-muted-foreground">· {list.entryCount.toLocaleString("en-US")} entries</span>
        </CardTitle>
        <CardDescription>
          {list.hashOnly ? "Keeps only hashes: plaintext addresses are stored as their SHA-256. " : ""}A hashed entry is never turned back into plaintext; the export keeps it hashed.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-5">
        {message && (
          <Alert variant={message.ok ? "success" : "destructive"} data-testid="suppression-list-message">
            {message.text}
          </Alert>
        )}
        {canWrite && (
          <div className="grid gap-5 md:grid-cols-2">
            <form onSubmit={onUpload} className="flex flex-col gap-2" data-testid="suppression-upload">
              <Label htmlFor="upload-file">Upload a CSV or TXT</Label>
              <p className="text-xs text-muted-foreground">
                One value per line, or the first column of a CSV (a header line is skipped): addresses, domains (<code>example.com</code> or <code>@example.com</code>), SHA-256 or MD5 of the lowercased address. Up to 200 MB.
              </p>
              <input id="upload-file" ref={fileRef} type="file" accept=".csv,.txt,text/csv,text/plain" className="text-sm" />
              <Button type="submit" disabled={uploading} className="self-start">
                {uploading ? "Importing…" : "Upload"}
              </Button>
            </form>
            <form onSubmit={onAdd} className="flex flex-col gap-2" data-testid="suppression-add">
              <Label htmlFor="add-text">Add entries</Label>
              <textarea id="add-text" name="text" rows={4} className="rounded-md border border-input bg-card p-2 font-mono text-xs" placeholder={"someone@example.com\nexample.org"} />
              <Button type="submit" variant="secondary" disabled={pending} className="self-start">
                Add
              </Button>
            </form>
          </div>
        )}
        {shown && <ImportReport row={shown} />}
        <div className="flex flex-col gap-2">
          <h3 className="text-sm font-medium">Latest entries</h3>
          {entries.length === 0 ? <p className="text-sm text-muted-foreground">The list is empty.</p> : <EntriesTable entries={entries} canDelete={canWrite} pending={pending} onDelete={remove} />}
        </div>
      </CardContent>
    </Card>
  );
}
