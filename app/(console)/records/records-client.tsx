"use client";

import { RecordTable } from "@/components/records/record-table";
import { PagerLinks, SearchErrors } from "@/components/records/search-parts";
import { searchQuery, useSearchForm } from "@/components/records/use-search-form";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { BOUNCE_CATEGORIES } from "@/lib/schemas/records";
import type { TRecordPage } from "@/lib/services/records/search-records";

const TEXT_FIELDS = [
  { name: "rcpt", label: "Recipient", placeholder: "ann@example.com" },
  { name: "orig", label: "Sender", placeholder: "bounces@example.org" },
  { name: "domain", label: "Recipient domain", placeholder: "example.com" },
  { name: "jobId", label: "Job", placeholder: "" },
  { name: "vmta", label: "VirtualMTA", placeholder: "" },
  { name: "from", label: "From (UTC)", placeholder: "2026-01-31T00:00" },
  { name: "to", label: "To (UTC)", placeholder: "2026-02-01T00:00" },
] as const;

const SEARCH_KEYS = ["rcpt", "orig", "domain", "jobId", "vmta", "category", "type", "from", "to"] as const;

const toQuery = (values: Record<string, string>, extra: Record<string, string> = {}) => searchQuery(SEARCH_KEYS, values, extra);

export function RecordsClient({ raw, page, fieldErrors }: { raw: Record<string, string>; page: TRecordPage | null; fieldErrors: Record<string, string> | null }) {
  const { values, set, submit, current } = useSearchForm("/records", SEARCH_KEYS, raw);

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Records</h1>
        <p className="text-sm text-muted-foreground">Every delivery, deferral and bounce, newest first.</p>
      </div>

      <Card>
        <CardContent className="pt-4">
          <form className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5" onSubmit={submit} data-testid="records-search">
            {TEXT_FIELDS.map((f) => (
              <div key={f.name} className="flex flex-col gap-1">
                <Label htmlFor={`records-${f.name}`}>{f.label}</Label>
                <Input id={`records-${f.name}`} value={values[f.name]} placeholder={f.placeholder} aria-invalid={!!fieldErrors?.[f.name]} onChange={(e) => set(f.name, e.target.value)} />
              </div>
            ))}
            <div className="flex flex-col gap-1">
              <Label htmlFor="records-category">Bounce category</Label>
              <Select id="records-category" value={values.category} onChange={(e) => set("category", e.target.value)}>
                <option value="">any</option>
                {BOUNCE_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </Select>
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor="records-type">Status</Label>
              <Select id="records-type" value={values.type} onChange={(e) => set("type", e.target.value)}>
                <option value="">any</option>
                <option value="d">delivered (d)</option>
                <option value="t">deferred (t)</option>
                <option value="b">bounced (b)</option>
                <option value="b,t">errors (b, t)</option>
              </Select>
            </div>
            <div className="flex items-end gap-2">
              <Button type="submit">Search</Button>
              {page && (
                <a className="text-sm underline" href={`/api/records/export${current ? `?${current}` : ""}`} data-testid="records-export" download>
                  Download CSV
                </a>
              )}
            </div>
          </form>
        </CardContent>
      </Card>

      {fieldErrors && <SearchErrors fieldErrors={fieldErrors} testId="records-error" />}

      {page && (
        <Card>
          <CardContent className="pt-2">
            <RecordTable rows={page.rows} testId="records-table" empty="No record matches." />
            <PagerLinks
              path="/records"
              current={current}
              onOlderPage={Boolean(raw.cursor)}
              olderQuery={page.nextCursor !== null ? toQuery(raw, { cursor: String(page.nextCursor) }) : null}
              testId="records-older"
            />
          </CardContent>
        </Card>
      )}
    </div>
  );
}
