"use client";

import Link from "next/link";
import { PagerLinks, SearchErrors } from "@/components/records/search-parts";
import { searchQuery, useSearchForm } from "@/components/records/use-search-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { TFeedbackPage, TFeedbackRow } from "@/lib/schemas/feedback";

const KEYS = ["type", "feedbackType", "rcpt", "from", "to"] as const;
const TEXT_FIELDS = [
  { name: "feedbackType", label: "Feedback type", placeholder: "abuse" },
  { name: "rcpt", label: "Recipient", placeholder: "ann@example.com" },
  { name: "from", label: "From (UTC)", placeholder: "2026-01-31T00:00" },
  { name: "to", label: "To (UTC)", placeholder: "2026-02-01T00:00" },
] as const;
const TYPE_LABEL: Record<TFeedbackRow["type"], string> = { f: "complaint", rb: "remote bounce", rs: "remote status" };

const toQuery = (values: Record<string, string>, extra: Record<string, string> = {}) => searchQuery(KEYS, values, extra);

const when = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 19);

export function FeedbackClient({ raw, page, fieldErrors }: { raw: Record<string, string>; page: TFeedbackPage | null; fieldErrors: Record<string, string> | null }) {
  const { values, set, submit, current } = useSearchForm("/feedback", KEYS, raw);

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Feedback loops</h1>
        <p className="text-sm text-muted-foreground">
          Complaints (<code>f</code>) and remote bounces (<code>rb</code>, <code>rs</code>) read by the <code>&lt;feedback-loop-processor&gt;</code> and{" "}
          <code>&lt;bounce-processor&gt;</code>, newest first. Complainants are added to the suppression lists that auto-add complaints.
        </p>
      </div>

      <Card>
        <CardContent className="pt-4">
          <form className="grid gap-3 sm:grid-cols-2 lg:grid-cols-6" onSubmit={submit} data-testid="feedback-search">
            <div className="flex flex-col gap-1">
              <Label htmlFor="feedback-type">Record type</Label>
              <Select id="feedback-type" value={values.type} onChange={(e) => set("type", e.target.value)}>
                <option value="">any</option>
                <option value="f">complaint (f)</option>
                <option value="rb">remote bounce (rb)</option>
                <option value="rs">remote status (rs)</option>
              </Select>
            </div>
            {TEXT_FIELDS.map((f) => (
              <div key={f.name} className="flex flex-col gap-1">
                <Label htmlFor={`feedback-${f.name}`}>{f.label}</Label>
                <Input id={`feedback-${f.name}`} value={values[f.name]} placeholder={f.placeholder} aria-invalid={!!fieldErrors?.[f.name]} onChange={(e) => set(f.name, e.target.value)} />
              </div>
            ))}
            <div className="flex items-end">
              <Button type="submit">Search</Button>
            </div>
          </form>
        </CardContent>
      </Card>

      {fieldErrors && <SearchErrors fieldErrors={fieldErrors} testId="feedback-error" />}

      {page && (
        <Card>
          <CardHeader>
            <CardTitle className="text-base">Complaints by feedback type</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-wrap gap-2" data-testid="feedback-counts">
            {page.counts.length === 0 && <span className="text-sm text-muted-foreground">No complaints in this period.</span>}
            {page.counts.map((c) => (
              <Link key={c.feedbackType} href={`/feedback?${toQuery({ ...raw, type: "f", feedbackType: c.feedbackType })}`}>
                <Badge variant="secondary">
                  {c.feedbackType || "(none)"}: {c.count}
                </Badge>
              </Link>
            ))}
          </CardContent>
        </Card>
      )}

      {page && (
        <Card>
          <CardContent className="pt-2">
            <Table data-testid="feedback-table">
              <TableHeader>
                <TableRow>
                  <TableHead>Time (UTC)</TableHead>
                  <TableHead>Type</TableHead>
                  <TableHead>Recipient</TableHead>
                  <TableHead>Feedback / status</TableHead>
                  <TableHead>Sender</TableHead>
                  <TableHead>Job</TableHead>
                  <TableHead>Reported by</TableHead>
                  <TableHead>Subject / diagnostic</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {page.rows.length === 0 && (
                  <TableRow>
                    <TableCell colSpan={8} className="text-muted-foreground">
                      No record matches.
                    </TableCell>
                  </TableRow>
                )}
                {page.rows.map((r) => (
                  <TableRow key={r.id} data-testid="feedback-row">
                    <TableCell className="whitespace-nowrap font-mono text-xs">{when(r.timeLogged)}</TableCell>
                    <TableCell>
                      <Badge variant={r.type === "f" ? "destructive" : "secondary"} title={TYPE_LABEL[r.type]}>
                        {r.type}
                      </Badge>{" "}
                      <span className="text-xs text-muted-foreground">{r.format}</span>
                    </TableCell>
                    <TableCell className="font-mono text-xs">{r.rcpt || "—"}</TableCell>
                    <TableCell className="text-xs">{r.type === "f" ? r.feedbackType : `${r.dsnStatus}${r.bounceCat ? ` · ${r.bounceCat}` : ""}`}</TableCell>
                    <TableCell className="font-mono text-xs">{r.orig}</TableCell>
                    <TableCell className="text-xs">{r.jobId}</TableCell>
                    <TableCell className="text-xs">
                      {r.reportingMta}
                      {r.repSourceIp && <span className="text-muted-foreground"> ({r.repSourceIp})</span>}
                    </TableCell>
                    <TableCell className="max-w-80 truncate text-xs" title={r.type === "f" ? r.subject : r.dsnDiag}>
                      {r.type === "f" ? r.subject : r.dsnDiag}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <PagerLinks
              path="/feedback"
              current={current}
              onOlderPage={Boolean(raw.cursor)}
              olderQuery={page.nextCursor !== null ? toQuery(raw, { cursor: String(page.nextCursor) }) : null}
              testId="feedback-older"
            />
          </CardContent>
        </Card>
      )}
    </div>
  );
}
