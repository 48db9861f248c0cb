"use client";

import Link from "next/link";
import { useState, useTransition, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { TActionResult } from "@/lib/schemas/user";
import type { TSuppressionListRow } from "@/lib/suppression/schemas";
import { createListAction, deleteListAction, setAutoAddAction } from "./actions";
import { SearchCard } from "./search-card";

const scopeText = (l: TSuppressionListRow) => (l.scope === "global" ? "global" : `${l.scope} ${l.scopeValue}`);

export function SuppressionClient({ lists, canWrite, selectedId }: { lists: TSuppressionListRow[]; canWrite: boolean; selectedId: number | null }) {
  const [result, setResult] = useState<TActionResult | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [scope, setScope] = useState("global");
  const [pending, startTransition] = useTransition();

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const input = {
      name: String(form.get("name") ?? ""),
      scope: String(form.get("scope") ?? "global"),
      scopeValue: String(form.get("scopeValue") ?? ""),
      hashOnly: form.get("hashOnly") === "on",
      autoAddBounces: form.get("autoAddBounces") === "on",
      autoAddComplaints: form.get("autoAddComplaints") === "on",
    };
    startTransition(async () => {
      const r = await createListAction(input);
      setFieldErrors(r.ok ? {} : (r.fieldErrors ?? {}));
      if (r.ok) formElement.reset();
      setResult(r);
    });
  }

  const run = (action: () => Promise<TActionResult>) => startTransition(async () => setResult(await action()));

  return (
    <>
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Suppression</h1>
        <p className="text-sm text-muted-foreground">
          Recipients that are never sent to: addresses, domains, and SHA-256 or MD5 hashes of lowercased addresses. Hermod refuses them at RCPT with{" "}
          <code>550 5.7.1 recipient is in suppression list &quot;NAME&quot;</code>, or queues and bounces them for a source with{" "}
          <code>accept-invalid-recipients yes</code>. Attach a list to a source with <code>suppression-lists NAME</code> in its <code>&lt;source&gt;</code>.
        </p>
      </div>

      {result && (
        <Alert variant={result.ok ? "success" : "destructive"} data-testid="suppression-message">
          {result.ok ? result.message : result.error}
        </Alert>
      )}

      {canWrite && (
        <Card>
          <CardHeader>
            <CardTitle>Create a list</CardTitle>
            <CardDescription>A global list applies to all mail; a source list to mail from that source; a VirtualMTA or job list once the message is routed (it is then bounced).</CardDescription>
          </CardHeader>
          <CardContent>
            <form onSubmit={onCreate} className="grid items-start gap-3 md:grid-cols-[1fr_9rem_1fr_auto]" noValidate data-testid="create-list-form">
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="list-name">Name</Label>
                <Input id="list-name" name="name" autoComplete="off" placeholder="optouts" aria-invalid={!!fieldErrors.name} />
                {fieldErrors.name && <p className="text-xs text-destructive">{fieldErrors.name}</p>}
              </div>
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="list-scope">Scope</Label>
                <Select id="list-scope" name="scope" value={scope} onChange={(e) => setScope(e.target.value)} className="w-full">
                  <option value="global">Global</option>
                  <option value="source">Source</option>
                  <option value="vmta">VirtualMTA</option>
                  <option value="job">Job</option>
                </Select>
              </div>
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="list-scope-value">{scope === "global" ? "Applies to" : scope === "job" ? "Job ID" : scope === "vmta" ? "VirtualMTA" : "Source name or CIDR"}</Label>
                <Input id="list-scope-value" name="scopeValue" autoComplete="off" disabled={scope === "global"} placeholder={scope === "global" ? "all mail" : ""} aria-invalid={!!fieldErrors.scopeValue} />
                {fieldErrors.scopeValue && <p className="text-xs text-destructive">{fieldErrors.scopeValue}</p>}
              </div>
              <Button type="submit" className="md:mt-6" disabled={pending}>
                Create
              </Button>
              <div className="flex flex-wrap gap-4 text-sm md:col-span-4">
                <label className="flex items-center gap-2">
                  <input type="checkbox" name="hashOnly" /> Keep only hashes (plaintext uploads are stored as SHA-256)
                </label>
                <label className="flex items-center gap-2">
                  <input type="checkbox" name="autoAddBounces" /> Auto-add hard bounces
                </label>
                <label className="flex items-center gap-2">
                  <input type="checkbox" name="autoAddComplaints" /> Auto-add complaints
                </label>
              </div>
            </form>
          </CardContent>
        </Card>
      )}

      <Card>
        <CardHeader>
          <CardTitle>Lists</CardTitle>
        </CardHeader>
        <CardContent>
          {lists.length === 0 ? (
            <p className="text-sm text-muted-foreground">No suppression lists yet.</p>
          ) : (
            <Table data-testid="suppression-lists">
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Scope</TableHead>
                  <TableHead className="text-right">Entries</TableHead>
                  <TableHead>Auto-add</TableHead>
                  <TableHead />
                </TableRow>
              </TableHeader>
              <TableBody>
                {lists.map((l) => (
                  <TableRow key={l.id} data-selected={l.id === selectedId || undefined}>
                    <TableCell className="font-medium">
                      <Link href={`/suppression?list=${l.id}`} className="underline-offset-4 hover:underline">
                        {l.name}
                      </Link>{" "}
                      {l.hashOnly && <Badge variant="secondary">hashes only</Badge>}
                    </TableCell>
                    <TableCell>{scopeText(l)}</TableCell>
                    <TableCell className="text-right tabular-nums">{l.entryCount.toLocaleString("en-US")}</TableCell>
                    <TableCell className="text-sm">
                      <label className="mr-3 inline-flex items-center gap-1">
                        <input type="checkbox" checked={l.autoAddBounces} disabled={!canWrite || pending} onChange={(e) => run(() => setAutoAddAction({ id: l.id, autoAddBounces: e.target.checked, autoAddComplaints: l.autoAddComplaints }))} />
                        bounces
                      </label>
                      <label className="inline-flex items-center gap-1">
                        <input type="checkbox" checked={l.autoAddComplaints} disabled={!canWrite || pending} onChange={(e) => run(() => setAutoAddAction({ id: l.id, autoAddBounces: l.autoAddBounces, autoAddComplaints: e.target.checked }))} />
                        complaints
                      </label>
                    </TableCell>
                    <TableCell className="text-right whitespace-nowrap">
                      <a href={`/api/suppression/lists/${l.id}/export`} className="mr-2 text-sm underline-offset-4 hover:underline">
                        Export CSV
                      </a>
                      {canWrite && (
                        <Button
                          variant="destructive"
                          size="sm"
                          disabled={pending}
                          onClick={() => {
                            if (confirm(`Delete the list "${l.name}" and its ${l.entryCount} entries?`)) run(() => deleteListAction({ id: l.id }));
                          }}
                        >
                          Delete
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>

      <SearchCard lists={lists} canWrite={canWrite} />
    </>
  );
}
