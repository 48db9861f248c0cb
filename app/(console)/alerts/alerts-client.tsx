"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { AlertTable } from "@/components/alerts/alert-table";
import { OpenAlertsBanner } from "@/components/alerts/open-alerts-banner";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ALERT_CHANNEL_LABELS, ALERT_KIND_INFO, type TAlertRuleRow } from "@/lib/schemas/alerts";
import type { AlertsView } from "@/lib/services/alerts/list-alerts";
import type { TActionResult } from "@/lib/schemas/user";
import { deleteAlertRuleAction, setAlertRuleEnabledAction } from "./actions";
import { RuleForm } from "./rule-form";

/** The evaluator runs every 15 s; the page re-reads the alerts as often. */
const REFRESH_MS = 15_000;

function describeRule(r: TAlertRuleRow): string {
  const info = ALERT_KIND_INFO[r.kind];
  return `${info.label} above ${r.threshold} ${info.unit}`;
}

export function AlertsClient({ view, canWrite }: { view: AlertsView; canWrite: boolean }) {
  const router = useRouter();
  const [result, setResult] = useState<TActionResult | null>(null);
  const [editing, setEditing] = useState<TAlertRuleRow | null>(null);
  const [pending, startTransition] = useTransition();
  const [loadedAt, setLoadedAt] = useState(() => Date.now());

  useEffect(() => setLoadedAt(Date.now()), [view]);
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [router]);

  const run = (action: () => Promise<TActionResult>) =>
    startTransition(async () => {
      setResult(await action());
    });

  return (
    <div className="flex flex-col gap-6">
      <div className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Alerts</h1>
          <p className="text-sm text-muted-foreground">
            Rules are checked every 15 seconds. <span data-testid="open-alerts-count">{view.openCount}</span> open; updated {new Date(loadedAt).toLocaleTimeString()}.
          </p>
        </div>
        <Button variant="outline" size="sm" onClick={() => router.refresh()}>
          Refresh
        </Button>
      </div>

      <OpenAlertsBanner count={view.openCount} />
      {result && (
        <Alert variant={result.ok ? "success" : "destructive"} data-testid="alerts-message">
          {result.ok ? result.message : result.error}
        </Alert>
      )}

      <Card>
        <CardHeader>
          <CardTitle>Open and recent alerts</CardTitle>
          <CardDescription>One alert per rule and queue (or domain) while its condition holds; it resolves when the condition clears.</CardDescription>
        </CardHeader>
        <CardContent>
          <AlertTable alerts={view.alerts} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Rules</CardTitle>
          <CardDescription>{canWrite ? "Operators and admins create and change rules; every change is audited." : "Only operators and admins change rules."}</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-6">
          {canWrite && (
            <RuleForm
              key={editing?.id ?? "new"}
              editing={editing}
              onDone={(r, saved) => {
                setResult(r);
                if (saved || r.ok) setEditing(null);
              }}
            />
          )}
          {view.rules.length === 0 ? (
            <p className="py-4 text-center text-sm text-muted-foreground">No rules yet.</p>
          ) : (
            <Table data-testid="rules-table">
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Condition</TableHead>
                  <TableHead>Target</TableHead>
                  <TableHead>Notify</TableHead>
                  <TableHead>Status</TableHead>
                  {canWrite && <TableHead className="text-right">Actions</TableHead>}
                </TableRow>
              </TableHeader>
              <TableBody>
                {view.rules.map((r) => (
                  <TableRow key={r.id} data-testid={`rule-row-${r.name}`}>
                    <TableCell className="font-medium">{r.name}</TableCell>
                    <TableCell>{describeRule(r)}</TableCell>
                    <TableCell className="font-mono text-xs">{r.target}</TableCell>
                    <TableCell>
                      {ALERT_CHANNEL_LABELS[r.channel]}
                      {r.destination && <span className="block text-xs text-muted-foreground">{r.destination}</span>}
                    </TableCell>
                    <TableCell>{r.enabled ? <Badge variant="success">Enabled</Badge> : <Badge variant="secondary">Disabled</Badge>}</TableCell>
                    {canWrite && (
                      <TableCell>
                        <div className="flex justify-end gap-1">
                          <Button variant="outline" size="sm" disabled={pending} onClick={() => setEditing(r)}>
                            Edit
                          </Button>
                          <Button variant="secondary" size="sm" disabled={pending} onClick={() => run(() => setAlertRuleEnabledAction({ id: r.id, enabled: !r.enabled }))}>
                            {r.enabled ? "Disable" : "Enable"}
                          </Button>
                          <Button
                            variant="destructive"
                            size="sm"
                            disabled={pending}
                            onClick={() => {
                              if (window.confirm(`Delete the rule "${r.name}"? Its open alerts resolve.`)) run(() => deleteAlertRuleAction({ id: r.id }));
                            }}
                          >
                            Delete
                          </Button>
                        </div>
                      </TableCell>
                    )}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
