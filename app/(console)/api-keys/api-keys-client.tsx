"use client";

import { useRef, useState, useTransition, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ROLES, ROLE_LABELS } from "@/lib/auth/permissions";
import type { TApiKeyRow } from "@/lib/schemas/api-key";
import type { TActionResult } from "@/lib/schemas/user";
import { createApiKeyAction, revokeApiKeyAction, type TCreateApiKeyResult } from "./actions";

function formatDate(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : "never";
}

export function ApiKeysClient({ keys }: { keys: TApiKeyRow[] }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [result, setResult] = useState<TActionResult | TCreateApiKeyResult | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { name: String(form.get("name") ?? ""), role: String(form.get("role") ?? "") };
    startTransition(async () => {
      const r = await createApiKeyAction(input);
      setFieldErrors(r.ok ? {} : (r.fieldErrors ?? {}));
      if (r.ok) formRef.current?.reset();
      setResult(r);
    });
  }

  const revoke = (id: string) =>
    startTransition(async () => {
      setResult(await revokeApiKeyAction({ id }));
    });

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">API keys</h1>
        <p className="text-sm text-muted-foreground">
          Keys for the status API and the <code>hermod</code> CLI, sent as <code>X-API-Key</code> to the management port (<code>http-mgmt-port</code>) or to
          /api/v1 on this console.
        </p>
      </div>

      {result && (
        <Alert variant={result.ok ? "success" : "destructive"} data-testid="api-keys-message">
          {result.ok ? result.message : result.error}
          {result.ok && "secret" in result && (
            <code className="mt-2 block break-all rounded bg-muted p-2 font-mono text-xs" data-testid="api-key-secret">
              {result.secret}
            </code>
          )}
        </Alert>
      )}

      <Card>
        <CardHeader>
          <CardTitle>Create a key</CardTitle>
          <CardDescription>Viewer keys read the documents; operator keys also run queue commands; admin keys do everything.</CardDescription>
        </CardHeader>
        <CardContent>
          <form ref={formRef} onSubmit={onCreate} className="grid items-start gap-3 md:grid-cols-[1fr_10rem_auto]" noValidate data-testid="create-api-key-form">
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="key-name">Name</Label>
              <Input id="key-name" name="name" autoComplete="off" required aria-invalid={!!fieldErrors.name} placeholder="grafana" />
              {fieldErrors.name && <p className="text-xs text-destructive">{fieldErrors.name}</p>}
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="key-role">Role</Label>
              <Select id="key-role" name="role" defaultValue="viewer" className="w-full">
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABELS[r]}
                  </option>
                ))}
              </Select>
              {fieldErrors.role && <p className="text-xs text-destructive">{fieldErrors.role}</p>}
            </div>
            <Button type="submit" disabled={pending} className="md:mt-5">
              {pending ? "Creating…" : "Create key"}
            </Button>
          </form>
        </CardContent>
      </Card>

      <Card>
        <CardContent className="pt-2">
          <Table data-testid="api-keys-table">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Key</TableHead>
                <TableHead>Role</TableHead>
                <TableHead>Created</TableHead>
                <TableHead>Last used</TableHead>
                <TableHead className="text-right">Actions</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {keys.length === 0 && (
                <TableRow>
                  <TableCell colSpan={6} className="text-muted-foreground">
                    No keys yet.
                  </TableCell>
                </TableRow>
              )}
              {keys.map((k) => (
                <TableRow key={k.id} data-testid={`api-key-row-${k.name}`}>
                  <TableCell className="font-medium">{k.name}</TableCell>
                  <TableCell className="font-mono text-xs">{k.prefix}…</TableCell>
                  <TableCell>{ROLE_LABELS[k.role]}</TableCell>
                  <TableCell className="text-muted-foreground">
                    {formatDate(k.createdAt)} by {k.createdBy}
                  </TableCell>
                  <TableCell className="text-muted-foreground">{formatDate(k.lastUsedAt)}</TableCell>
                  <TableCell className="text-right">
                    {k.revokedAt ? (
                      <Badge variant="destructive">Revoked {formatDate(k.revokedAt)}</Badge>
                    ) : (
                      <Button variant="destructive" size="sm" disabled={pending} onClick={() => revoke(k.id)}>
                        Revoke
                      </Button>
                    )}
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
