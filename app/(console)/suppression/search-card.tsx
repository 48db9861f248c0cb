"use client";

import { useState, useTransition, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import type { TSuppressionEntryRow, TSuppressionListRow } from "@/lib/suppression/schemas";
import { deleteEntriesAction, searchEntriesAction } from "./actions";
import { EntriesTable } from "./entries-table";

export function SearchCard({ lists, canWrite }: { lists: TSuppressionListRow[]; canWrite: boolean }) {
  const [q, setQ] = useState("");
  const [entries, setEntries] = useState<TSuppressionEntryRow[] | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const search = (text: string) =>
    startTransition(async () => {
      const r = await searchEntriesAction({ q: text });
      if (r.ok) {
        setEntries(r.entries);
        setMessage(null);
      } else setMessage({ ok: false, text: r.fieldErrors?.q ?? r.error });
    });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    search(q);
  }

  const remove = (e: TSuppressionEntryRow) =>
    startTransition(async () => {
      const r = await deleteEntriesAction({ listId: e.listId, entries: [{ kind: e.kind, value: e.value }] });
      setMessage({ ok: r.ok, text: r.ok ? r.message : r.error });
      if (r.ok) setEntries((prev) => prev?.filter((x) => !(x.listId === e.listId && x.kind === e.kind && x.value === e.value)) ?? null);
    });

  return (
    <Card>
      <CardHeader>
        <CardTitle>Search</CardTitle>
        <CardDescription>
          An exact address, domain or hash, in all {lists.length} lists. An address also finds its domain&apos;s entry and its SHA-256 and MD5 entries.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <form onSubmit={onSubmit} className="flex gap-2" data-testid="suppression-search">
          <Input name="q" value={q} onChange={(e) => setQ(e.target.value)} placeholder="someone@example.com" aria-label="Address, domain or hash" />
          <Button type="submit" disabled={pending}>
            Search
          </Button>
        </form>
        {message && <Alert variant={message.ok ? "success" : "destructive"}>{message.text}</Alert>}
        {entries && (entries.length === 0 ? <p className="text-sm text-muted-foreground">Not suppressed.</p> : <EntriesTable entries={entries} showList canDelete={canWrite} pending={pending} onDelete={remove} />)}
      </CardContent>
    </Card>
  );
}
