"use client";

import { useState, useTransition, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { TDkimKeyRow } from "@/lib/dkim/schemas";
import type { TActionResult } from "@/lib/schemas/user";
import { deleteDkimKeyAction, generateDkimKeyAction, uploadDkimKeyAction, type TDkimKeyResult } from "./actions";

const ALGORITHM_LABELS: Record<string, string> = { "rsa-sha256": "RSA (rsa-sha256)", "ed25519-sha256": "Ed25519 (ed25519-sha256)" };

function FieldError({ message }: { message?: string }) {
  return message ? <p className="text-xs text-destructive">{message}</p> : null;
}

export function DkimClient({ rows, fileProblem, canWrite }: { rows: TDkimKeyRow[]; fileProblem: string | null; canWrite: boolean }) {
  const [result, setResult] = useState<TDkimKeyResult | TActionResult | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [mode, setMode] = useState<"generate" | "upload">("generate");
  const [pending, startTransition] = useTransition();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    const base = { selector: String(form.get("selector") ?? ""), domain: String(form.get("domain") ?? "") };
    startTransition(async () => {
      const r =
        mode === "generate"
          ? await generateDkimKeyAction({ ...base, algorithm: String(form.get("algorithm") ?? "") })
          : await uploadDkimKeyAction({ ...base, privateKeyPem: String(form.get("privateKeyPem") ?? "") });
      setFieldErrors(r.ok ? {} : (r.fieldErrors ?? {}));
      if (r.ok) formEl.reset();
      setResult(r);
    });
  }

  const remove = (row: TDkimKeyRow) => {
    if (row.id === null || !window.confirm(`Delete ${row.selector}._domainkey.${row.domain}? Mail stops being signed with it.`)) return;
    startTransition(async () => setResult(await deleteDkimKeyAction({ id: row.id })));
  };

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">DKIM</h1>
        <p className="text-sm text-muted-foreground">
          Keys that sign outgoing mail (relaxed/relaxed, rsa-sha256 or ed25519-sha256). A message is signed when <code>dkim-sign</code> is on for its
          destination (the default) and a key&apos;s domain equals or is a parent of the identity&apos;s domain (the From header unless{" "}
          <code>dkim-identity</code> says otherwise). Keys of the VirtualMTA come first, then its pool&apos;s, then the global ones; console keys come
          after the config file&apos;s global <code>domain-key</code> lines.
        </p>
      </div>

      {result && (
        <Alert variant={result.ok ? "success" : "destructive"} data-testid="dkim-message">
          {result.ok ? result.message : result.error}
          {result.ok && "dnsRecord" in result && (
            <span className="mt-2 block">
              Publish this TXT record at <code data-testid="dkim-record-name">{result.recordName}</code>:
              <code className="mt-1 block break-all rounded bg-muted p-2 font-mono text-xs" data-testid="dkim-record">
                {result.dnsRecord}
              </code>
            </span>
          )}
        </Alert>
      )}
      {fileProblem && <Alert variant="destructive">{fileProblem}</Alert>}

      {canWrite && (
        <Card>
          <CardHeader>
            <CardTitle>Add a key</CardTitle>
            <CardDescription>Generate a new key pair (the private key stays on this server), or upload an existing private key in PEM.</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-3">
            <div className="flex gap-2" role="group" aria-label="How to add the key">
              <Button type="button" size="sm" variant={mode === "generate" ? "default" : "outline"} onClick={() => setMode("generate")}>
                Generate
              </Button>
              <Button type="button" size="sm" variant={mode === "upload" ? "default" : "outline"} onClick={() => setMode("upload")}>
                Upload PEM
              </Button>
            </div>
            <form onSubmit={onSubmit} className="grid items-start gap-3 md:grid-cols-[10rem_1fr_14rem_auto]" noValidate data-testid="dkim-key-form">
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="dkim-selector">Selector</Label>
                <Input id="dkim-selector" name="selector" autoComplete="off" placeholder="s2026" aria-invalid={!!fieldErrors.selector} />
                <FieldError message={fieldErrors.selector} />
              </div>
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="dkim-domain">Domain</Label>
                <Input id="dkim-domain" name="domain" autoComplete="off" placeholder="example.com" aria-invalid={!!fieldErrors.domain} />
                <FieldError message={fieldErrors.domain} />
              </div>
              {mode === "generate" ? (
                <div className="flex flex-col gap-1.5">
                  <Label htmlFor="dkim-algorithm">Key type</Label>
                  <Select id="dkim-algorithm" name="algorithm" defaultValue="rsa-sha256" className="w-full">
                    <option value="rsa-sha256">RSA 2048 (rsa-sha256)</option>
                    <option value="ed25519-sha256">Ed25519 (ed25519-sha256)</option>
                  </Select>
                  <FieldError message={fieldErrors.algorithm} />
                </div>
              ) : (
                <div className="flex flex-col gap-1.5 md:col-span-1">
                  <Label htmlFor="dkim-pem">Private key (PEM)</Label>
                  <textarea
                    id="dkim-pem"
                    name="privateKeyPem"
                    rows={4}
                    spellCheck={false}
                    className="rounded-md border border-input bg-card px-2 py-1 font-mono text-xs"
                    placeholder="-----BEGIN PRIVATE KEY-----"
                    aria-invalid={!!fieldErrors.privateKeyPem}
                  />
                  <FieldError message={fieldErrors.privateKeyPem} />
                </div>
              )}
              <Button type="submit" disabled={pending} className="md:mt-5">
                {pending ? "Saving…" : mode === "generate" ? "Generate key" : "Upload key"}
              </Button>
            </form>
          </CardContent>
        </Card>
      )}

      <Card>
        <CardContent className="pt-2">
          <Table data-testid="dkim-keys-table">
            <TableHeader>
              <TableRow>
                <TableHead>Selector</TableHead>
                <TableHead>Domain</TableHead>
                <TableHead>Algorithm</TableHead>
                <TableHead>From</TableHead>
                <TableHead>DNS TXT record</TableHead>
                <TableHead className="text-right">Actions</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.length === 0 && (
                <TableRow>
                  <TableCell colSpan={6} className="text-muted-foreground">
                    No DKIM keys: mail goes out unsigned. Generate one above or add <code>domain-key SELECTOR,DOMAIN,FILE</code> to the configuration.
                  </TableCell>
                </TableRow>
              )}
              {rows.map((r) => (
                <TableRow key={`${r.source}-${r.where}-${r.selector}-${r.domain}`} data-testid={`dkim-row-${r.selector}-${r.domain}`}>
                  <TableCell className="font-mono text-xs">{r.selector}</TableCell>
                  <TableCell>{r.domain}</TableCell>
                  <TableCell>{ALGORITHM_LABELS[r.algorithm] ?? r.algorithm}</TableCell>
                  <TableCell className="text-muted-foreground">
                    <Badge variant={r.source === "file" ? "secondary" : "default"}>{r.source === "file" ? "config file" : "console"}</Badge> {r.where}
                  </TableCell>
                  <TableCell className="max-w-md">
                    <div className="font-mono text-xs text-muted-foreground">{r.recordName}</div>
                    <code className="block break-all font-mono text-xs">{r.dnsRecord}</code>
                  </TableCell>
                  <TableCell className="text-right">
                    {r.source === "console" && canWrite ? (
                      <Button variant="destructive" size="sm" disabled={pending} onClick={() => remove(r)}>
                        Delete
                      </Button>
                    ) : r.source === "file" ? (
                      <span className="text-xs text-muted-foreground">edit in Config</span>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
    </div>
  );
}
