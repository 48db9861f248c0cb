"use client";

import { useState } from "react";
import { ConfigLines } from "@/components/config/config-lines";
import { DiagnosticList } from "@/components/config/diagnostic-list";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent } from "@/components/ui/card";
import { Tab, TabList } from "@/components/ui/tabs";
import type { TConfigBlock, TConfigBlockKind, TConfigChangeResult, TConfigView } from "@/lib/schemas/config";
import { BlockPanel } from "./block-panel";
import { KIND_SPECS } from "./block-specs";
import { ChangeMessage } from "./change-message";
import { ImportLoader } from "./import-loader";
import { TextEditor } from "./text-editor";

type TabId = "file" | "edit" | "import" | TConfigBlockKind;

const ORIGIN_LABELS = { console: "console", file: "file", import: "import", rollback: "rollback" } as const;

export function ConfigClient({ view, blocks, canWrite }: { view: TConfigView; blocks: TConfigBlock[] | null; canWrite: boolean }) {
  const [tab, setTab] = useState<TabId>("file");
  const [result, setResult] = useState<TConfigChangeResult | null>(null);
  const errors = view.diagnostics.filter((d) => d.severity === "error").length;
  const warnings = view.diagnostics.length - errors;

  const tabs: { id: TabId; label: string }[] = [
    { id: "file", label: "File" },
    ...(canWrite ? [{ id: "edit" as const, label: "Edit text" }, ...KIND_SPECS.map((s) => ({ id: s.kind, label: s.tab })), { id: "import" as const, label: "Import" }] : []),
  ];
  const spec = KIND_SPECS.find((s) => s.kind === tab);

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Configuration</h1>
          <p className="text-sm text-muted-foreground">
            <span className="font-mono" data-testid="config-path">
              {view.path}
            </span>
            {view.latest && (
              <>
                {" · "}
                <span data-testid="config-latest-revision">
                  revision {view.latest.id} ({ORIGIN_LABELS[view.latest.origin]}) by {view.latest.author}, {new Date(view.latest.createdAt).toLocaleString()}
                </span>
              </>
            )}
          </p>
        </div>
        <a
          href="/api/config/export"
          download
          className="inline-flex h-9 items-center rounded-md border border-input bg-card px-4 text-sm font-medium hover:bg-muted"
          data-testid="config-export"
        >
          Download export
        </a>
      </div>

      <div className="flex flex-wrap gap-2" data-testid="config-summary">
        {view.summary.map((item) => (
          <Badge key={item.key} variant="secondary">
            {item.label}: {item.count}
          </Badge>
        ))}
        <Badge variant={errors ? "destructive" : "success"}>{errors ? `${errors} errors` : "no errors"}</Badge>
        {warnings > 0 && <Badge variant="warning">{warnings} warnings</Badge>}
      </div>

      {!view.fileMatchesLatest && view.latest && (
        <Alert variant="warning" data-testid="config-file-differs">
          The file on disk differs from revision {view.latest.id}: it was edited outside the console. `hermod reload` applies it; otherwise the next change made
          here applies it too, and records the edit as a revision of its own.
        </Alert>
      )}
      {view.redacted && <p className="text-xs text-muted-foreground">Secret values (passwords, keys) are masked for your role.</p>}

      {result && <ChangeMessage result={result} />}

      <TabList aria-label="Configuration views">
        {tabs.map((t) => (
          <Tab key={t.id} selected={tab === t.id} onClick={() => setTab(t.id)}>
            {t.label}
          </Tab>
        ))}
      </TabList>

      {tab === "file" && (
        <Card>
          <CardContent className="flex flex-col gap-3 pt-4">
            <ConfigLines text={view.text} diagnostics={view.diagnostics} />
            <DiagnosticList diagnostics={view.diagnostics.filter((d) => d.file !== "")} />
          </CardContent>
        </Card>
      )}
      {/* Keyed by the file's hash: after an applied change every editor starts again from the new file. */}
      {tab === "edit" && canWrite && (
        <TextEditor key={view.hash} initialText={view.text} initialDiagnostics={view.diagnostics} baseHash={view.hash} origin="console" onResult={setResult} />
      )}
      {tab === "import" && canWrite && (
        <TextEditor
          key={view.hash}
          initialText=""
          initialDiagnostics={[]}
          baseHash={view.hash}
          origin="import"
          onResult={setResult}
          loader={(setText) => <ImportLoader setText={setText} />}
        />
      )}
      {spec && canWrite && blocks && <BlockPanel key={`${spec.kind}:${view.hash}`} spec={spec} blocks={blocks} baseHash={view.hash} onResult={setResult} />}
      {spec && canWrite && !blocks && (
        <Alert variant="destructive">The file does not parse, so its blocks cannot be edited here. Fix it under Edit text.</Alert>
      )}
    </div>
  );
}
