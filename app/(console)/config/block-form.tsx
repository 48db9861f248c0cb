"use client";

import { useState, useTransition, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { BLOCK_ARG_FIELD, MULTI_VALUE_FIELDS, type TConfigBlock, type TConfigChangeResult } from "@/lib/schemas/config";
import { cn } from "@/lib/utils";
import { saveConfigBlockAction } from "./actions";
import { effectiveValue, optionsFor, type FieldSpec, type KindSpec } from "./block-specs";
import { useFieldChecks, type FieldEntry } from "./use-field-checks";

interface SourceHostRow {
  ip: string;
  host: string;
}

function toRows(values: readonly string[] | undefined): SourceHostRow[] {
  return (values ?? []).map((v) => {
    const [ip = "", ...rest] = v.trim().split(/\s+/);
    return { ip, host: rest.join(" ") };
  });
}

const rowValue = (r: SourceHostRow) => `${r.ip.trim()} ${r.host.trim()}`.trim();

/** Add or edit one block. Every field is checked on the server as it is typed; Save applies at once. */
export function BlockForm({
  spec,
  block,
  blocks,
  baseHash,
  onResult,
  onClose,
}: {
  spec: KindSpec;
  block?: TConfigBlock;
  blocks: readonly TConfigBlock[];
  baseHash: string;
  onResult: (result: TConfigChangeResult) => void;
  onClose: () => void;
}) {
  const idBase = `${spec.kind}-field`;
  const [arg, setArg] = useState(block?.arg ?? "");
  const [single, setSingle] = useState<Record<string, string>>(() =>
    Object.fromEntries(spec.fields.filter((f) => !MULTI_VALUE_FIELDS.has(f.name)).map((f) => [f.name, effectiveValue(block, f.name)])),
  );
  const [members, setMembers] = useState<string[]>(() => block?.values["virtual-mta"] ?? []);
  const [rows, setRows] = useState<SourceHostRow[]>(() => toRows(block?.values["smtp-source-host"]));
  const lineFields = spec.fields.filter((f) => f.type === "lines");
  const [lists, setLists] = useState<Record<string, string[]>>(() => Object.fromEntries(lineFields.map((f) => [f.name, block?.values[f.name] ?? []])));
  const [comment, setComment] = useState("");
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();

  const initialRows = toRows(block?.values["smtp-source-host"]);
  const entries: FieldEntry[] = [
    { key: BLOCK_ARG_FIELD, field: BLOCK_ARG_FIELD, value: arg, initial: block?.arg ?? "" },
    ...spec.fields.filter((f) => f.type === "text" || f.type === "secret").map((f) => ({ key: f.name, field: f.name, value: single[f.name] ?? "", initial: effectiveValue(block, f.name) })),
    ...rows.map((r, i) => ({ key: `smtp-source-host.${i}`, field: "smtp-source-host", value: rowValue(r), initial: initialRows[i] ? rowValue(initialRows[i]) : "" })),
    ...lineFields.flatMap((f) => (lists[f.name] ?? []).map((value, i) => ({ key: `${f.name}.${i}`, field: f.name, value, initial: block?.values[f.name]?.[i] ?? "" }))),
  ];
  const liveErrors = useFieldChecks(spec.kind, entries);
  const errorFor = (key: string, field = key) => liveErrors[key] ?? serverErrors[field];
  const blocking = Object.keys(liveErrors).length > 0;

  function save() {
    const values: Record<string, string[]> = {};
    for (const f of spec.fields) {
      if (f.type === "source-hosts") values[f.name] = rows.map(rowValue).filter(Boolean);
      else if (f.type === "checklist") values[f.name] = members;
      else if (f.type === "lines") values[f.name] = (lists[f.name] ?? []).map((v) => v.trim()).filter(Boolean);
      else values[f.name] = single[f.name]?.trim() ? [single[f.name].trim()] : [];
    }
    startTransition(async () => {
      const result = await saveConfigBlockAction({ baseHash, kind: spec.kind, match: block?.arg, arg: arg.trim(), values, comment });
      if (!result.ok && result.fieldErrors) {
        const { arg: argError, ...rest } = result.fieldErrors;
        setServerErrors({ ...rest, ...(argError ? { [BLOCK_ARG_FIELD]: argError } : {}) });
      } else setServerErrors({});
      onResult(result);
      if (result.ok) onClose();
    });
  }

  const title = block ? `Edit <${spec.kind} ${block.arg}>` : `New ${spec.singular}`;
  return (
    <Card data-testid={`block-form-${spec.kind}`}>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <CardDescription>
          {block ? `Lines ${block.line}–${block.endLine} of the file. ` : ""}
          Empty fields are left out of the block, so the default or inherited value applies.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <Field id={`${idBase}-arg`} label={spec.argLabel} hint={spec.argHint} error={errorFor(BLOCK_ARG_FIELD)}>
          <Input id={`${idBase}-arg`} value={arg} placeholder={spec.argPlaceholder} onChange={(e) => setArg(e.target.value)} aria-invalid={!!errorFor(BLOCK_ARG_FIELD)} autoComplete="off" />
        </Field>

        <div className="grid gap-4 md:grid-cols-2">
          {spec.fields.map((f) => {
            const id = `${idBase}-${f.name}`;
            if (f.type === "source-hosts") {
              return (
                <div key={f.name} className="md:col-span-2">
                  <SourceHostsField id={id} spec={f} rows={rows} setRows={setRows} errorFor={(i) => errorFor(`smtp-source-host.${i}`, f.name)} />
                </div>
              );
            }
            if (f.type === "lines") {
              return (
                <div key={f.name} className="md:col-span-2">
                  <LinesField
                    id={id}
                    spec={f}
                    rows={lists[f.name] ?? []}
                    setRows={(update) => setLists((l) => ({ ...l, [f.name]: update(l[f.name] ?? []) }))}
                    errorFor={(i) => errorFor(`${f.name}.${i}`, f.name)}
                  />
                </div>
              );
            }
            if (f.type === "checklist") {
              const options = optionsFor(f.options!, blocks);
              return (
                <fieldset key={f.name} className="flex flex-col gap-1.5 md:col-span-2">
                  <legend className="text-xs font-medium">{f.label}</legend>
                  {options.length === 0 && <p className="text-xs text-muted-foreground">No VirtualMTAs in the file yet.</p>}
                  <div className="flex flex-wrap gap-4">
                    {[...new Set([...options, ...members])].map((option) => (
                      <label key={option} className="flex items-center gap-2 text-sm">
                        <input
                          type="checkbox"
                          checked={members.includes(option)}
                          onChange={(e) => setMembers((m) => (e.target.checked ? [...m, option] : m.filter((x) => x !== option)))}
                        />
                        {option}
                      </label>
                    ))}
                  </div>
                  {serverErrors[f.name] && <p className="text-xs text-destructive">{serverErrors[f.name]}</p>}
                </fieldset>
              );
            }
            const value = single[f.name] ?? "";
            const set = (v: string) => setSingle((s) => ({ ...s, [f.name]: v }));
            return (
              <Field key={f.name} id={id} label={f.label} hint={f.hint} error={errorFor(f.name)}>
                {f.type === "bool" ? (
                  <Select id={id} value={value} onChange={(e) => set(e.target.value)} className="w-full">
                    <option value="">(not set: default)</option>
                    <option value="yes">yes</option>
                    <option value="no">no</option>
                  </Select>
                ) : f.type === "select" ? (
                  <Select id={id} value={value} onChange={(e) => set(e.target.value)} className="w-full">
                    <option value="">(not set)</option>
                    {[...new Set([...optionsFor(f.options!, blocks), ...(value ? [value] : [])])].map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </Select>
                ) : (
                  <Input
                    id={id}
                    type={f.type === "secret" ? "password" : "text"}
                    value={value}
                    placeholder={f.placeholder}
                    onChange={(e) => set(e.target.value)}
                    aria-invalid={!!errorFor(f.name)}
                    autoComplete={f.type === "secret" ? "new-password" : "off"}
                  />
                )}
              </Field>
            );
          })}
        </div>

        {block && block.kept.length > 0 && (
          <p className="text-xs text-muted-foreground" data-testid="kept-lines">
            Also in this block, kept as they are: {block.kept.join(", ")}.
          </p>
        )}

        <div className="flex flex-wrap items-end gap-3">
          <Field id={`${idBase}-comment`} label="Comment (optional)" className="min-w-64 flex-1">
            <Input id={`${idBase}-comment`} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} />
          </Field>
          <Button onClick={save} disabled={pending || blocking}>
            {pending ? "Applying…" : "Save and apply"}
          </Button>
          <Button variant="ghost" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}

interface RowsProps<T> {
  id: string;
  spec: FieldSpec;
  rows: T[];
  setRows: (update: (rows: T[]) => T[]) => void;
  errorFor: (index: number) => string | undefined;
}

/** A repeatable directive: one row (one line of the block) per value, each with Remove, and Add. */
function RepeatedRows<T>({ id, spec, rows, setRows, errorFor, empty, addLabel, row }: RowsProps<T> & { empty: T; addLabel: string; row: (value: T, i: number) => ReactNode }) {
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="text-xs font-medium">{spec.label}</legend>
      {spec.hint && <p className="text-xs text-muted-foreground">{spec.hint}</p>}
      {rows.map((r, i) => (
        <div key={i} className="flex flex-col gap-1">
          <div className="flex items-center gap-2">
            {row(r, i)}
            <Button variant="ghost" size="sm" onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}>
              Remove
            </Button>
          </div>
          {errorFor(i) && (
            <p className="text-xs text-destructive" data-testid={`field-error-${id}-${i + 1}`}>
              {errorFor(i)}
            </p>
          )}
        </div>
      ))}
      <div>
        <Button variant="outline" size="sm" onClick={() => setRows((rs) => [...rs, empty])}>
          {addLabel}
        </Button>
      </div>
    </fieldset>
  );
}

function SourceHostsField(props: RowsProps<SourceHostRow>) {
  const { id, setRows, errorFor } = props;
  const update = (i: number, patch: Partial<SourceHostRow>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <RepeatedRows
      {...props}
      empty={{ ip: "", host: "" }}
      addLabel="Add source address"
      row={(r, i) => (
        <>
          <Input id={`${id}-ip-${i + 1}`} aria-label={`Source IP ${i + 1}`} placeholder="192.0.2.10" value={r.ip} onChange={(e) => update(i, { ip: e.target.value })} className="w-48" aria-invalid={!!errorFor(i)} />
          <Input id={`${id}-host-${i + 1}`} aria-label={`HELO name ${i + 1}`} placeholder="mta1.example.com" value={r.host} onChange={(e) => update(i, { host: e.target.value })} aria-invalid={!!errorFor(i)} />
        </>
      )}
    />
  );
}

/** A repeatable text directive (`domain-key`, `allowed-mail-from`): one input per line. */
function LinesField(props: RowsProps<string>) {
  const { id, spec, setRows, errorFor } = props;
  return (
    <RepeatedRows
      {...props}
      empty=""
      addLabel={`Add ${spec.label}`}
      row={(value, i) => (
        <Input
          id={`${id}-${i + 1}`}
          aria-label={`${spec.label} ${i + 1}`}
          placeholder={spec.placeholder}
          value={value}
          onChange={(e) => setRows((vs) => vs.map((v, j) => (j === i ? e.target.value : v)))}
          aria-invalid={!!errorFor(i)}
          autoComplete="off"
        />
      )}
    />
  );
}

function Field({ id, label, hint, error, className, children }: { id: string; label: string; hint?: string; error?: string; className?: string; children: ReactNode }) {
  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <Label htmlFor={id}>{label}</Label>
      {children}
      {error ? (
        <p className="text-xs text-destructive" data-testid={`field-error-${id}`}>
          {error}
        </p>
      ) : (
        hint && <p className="text-xs text-muted-foreground">{hint}</p>
      )}
    </div>
  );
}
