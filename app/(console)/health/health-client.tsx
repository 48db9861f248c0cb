"use client";

import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { CheckStatus, HealthCheck, HealthReport, RecordToPublish } from "@/lib/domain-health/types";
import { runHealthChecksAction } from "./actions";

const STATUS: Record<CheckStatus, { label: string; variant: BadgeVariant }> = {
  pass: { label: "pass", variant: "success" },
  fail: { label: "fail", variant: "destructive" },
  warn: { label: "warn", variant: "warning" },
};

function StatusBadge({ status }: { status: CheckStatus }) {
  return (
    <Badge variant={STATUS[status].variant} data-testid="check-status">
      {STATUS[status].label}
    </Badge>
  );
}

function CopyableRecord({ record }: { record: RecordToPublish }) {
  const [copied, setCopied] = useState<"" | "Copied" | "Select and copy">("");
  const copy = async () => {
    // The clipboard API exists only in secure contexts (HTTPS or localhost); elsewhere the value is
    // selectable text (select-all) to copy by hand.
    try {
      await navigator.clipboard.writeText(record.value);
      setCopied("Copied");
    } catch {
      setCopied("Select and copy");
    }
    setTimeout(() => setCopied(""), 1500);
  };
  return (
    <div className="mt-2 rounded-md border bg-muted/40 p-2 text-xs" data-testid="record-to-publish">
      <div className="flex items-center justify-between gap-2">
        <span className="font-mono">
          {record.name} <span className="text-muted-foreground">{record.type}</span>
        </span>
        <Button variant="outline" size="sm" onClick={copy} aria-label={`Copy the ${record.type} value for ${record.name}`}>
          {copied || "Copy"}
        </Button>
      </div>
      <code className="mt-1 block font-mono break-all select-all" data-testid="record-value">
        {record.value}
      </code>
    </div>
  );
}

function CheckRow({ check }: { check: HealthCheck }) {
  return (
    <li className="border-t py-3 first:border-t-0" data-testid={`check-${check.kind}`}>
      <div className="flex items-center gap-2">
        <StatusBadge status={check.status} />
        <span className="font-medium">{check.title}</span>
      </div>
      <p className="mt-1 font-mono text-xs break-all text-muted-foreground">{check.found}</p>
      <p className="mt-1 text-sm">{check.detail}</p>
      {check.publish?.map((r) => <CopyableRecord key={`${r.type} ${r.name}`} record={r} />)}
    </li>
  );
}

function summary(report: HealthReport): string {
  const all = [...report.vmtas, ...report.domains].flatMap((t) => t.checks);
  const count = (s: CheckStatus) => all.filter((c) => c.status === s).length;
  return `${count("pass")} passed, ${count("fail")} failed, ${count("warn")} could not be checked`;
}

export function HealthClient() {
  const [report, setReport] = useState<HealthReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const run = () =>
    startTransition(async () => {
      const result = await runHealthChecksAction({});
      if (result.ok) {
        setReport(result.report);
        setError(null);
      } else setError(result.error);
    });

  return (
    <div className="flex flex-col gap-6">
      <div className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Domain health</h1>
          <p className="text-sm text-muted-foreground">
            Reverse DNS of every VirtualMTA address, and SPF, DKIM and DMARC of every signing domain, checked against live DNS.
          </p>
        </div>
        <Button onClick={run} disabled={pending} data-testid="run-health-checks">
          {pending ? "Checking…" : report ? "Check again" : "Run checks"}
        </Button>
      </div>

      {error && (
        <Alert variant="destructive" data-testid="health-error">
          {error}
        </Alert>
      )}

      {report && (
        <>
          <p className="text-sm" data-testid="health-summary">
            {summary(report)} · checked {new Date(report.checkedAt).toLocaleTimeString()}
          </p>
          {report.notes.length > 0 && (
            <Alert variant="default" data-testid="health-notes">
              <ul className="list-disc pl-4">
                {report.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            </Alert>
          )}

          <section className="flex flex-col gap-3">
            <h2 className="text-lg font-semibold">VirtualMTAs</h2>
            {report.vmtas.length === 0 && <p className="text-sm text-muted-foreground">No VirtualMTA has an smtp-source-host.</p>}
            {report.vmtas.map((v) => (
              <Card key={`${v.vmta} ${v.ip}`} data-testid="vmta-health">
                <CardHeader>
                  <CardTitle className="font-mono">
                    {v.vmta} · {v.ip}
                  </CardTitle>
                  <CardDescription>HELO {v.helo}</CardDescription>
                </CardHeader>
                <CardContent>
                  <ul>
                    {v.checks.map((c) => (
                      <CheckRow key={c.title} check={c} />
                    ))}
                  </ul>
                </CardContent>
              </Card>
            ))}
          </section>

          <section className="flex flex-col gap-3">
            <h2 className="text-lg font-semibold">Signing domains</h2>
            {report.domains.length === 0 && (
              <p className="text-sm text-muted-foreground">No DKIM keys: add a domain-key line to the config or a key in the console.</p>
            )}
            {report.domains.map((d) => (
              <Card key={d.domain} data-testid="domain-health">
                <CardHeader>
                  <CardTitle className="font-mono">{d.domain}</CardTitle>
                  <CardDescription>Keys: {d.keys.join(", ")}</CardDescription>
                </CardHeader>
                <CardContent>
                  <ul>
                    {d.checks.map((c) => (
                      <CheckRow key={c.title} check={c} />
                    ))}
                  </ul>
                </CardContent>
              </Card>
            ))}
          </section>
        </>
      )}
    </div>
  );
}
