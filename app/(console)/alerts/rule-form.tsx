"use client";

import { useRef, useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { ALERT_CHANNELS, ALERT_CHANNEL_LABELS, ALERT_KINDS, ALERT_KIND_INFO, type TAlertChannel, type TAlertKind, type TAlertRuleRow } from "@/lib/schemas/alerts";
import type { TActionResult } from "@/lib/schemas/user";
import { createAlertRuleAction, updateAlertRuleAction } from "./actions";

const DESTINATION_HINT: Record<TAlertChannel, string> = {
  console: "",
  email: "ops@example.com",
  webhook: "https://hooks.example.com/hermod",
};

/** Creates a rule, or edits `editing` when given (the parent keys it by the rule being edited). */
export function RuleForm({ editing, onDone }: { editing: TAlertRuleRow | null; onDone: (result: TActionResult, saved: boolean) => void }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [pending, startTransition] = useTransition();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [kind, setKind] = useState<TAlertKind>(editing?.kind ?? "queue-size");
  const [channel, setChannel] = useState<TAlertChannel>(editing?.channel ?? "console");
  const info = ALERT_KIND_INFO[kind];

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      name: String(form.get("name") ?? ""),
      kind,
      threshold: String(form.get("threshold") ?? ""),
      target: String(form.get("target") ?? ""),
      channel,
      destination: String(form.get("destination") ?? ""),
      enabled: editing?.enabled ?? true,
    };
    startTransition(async () => {
      const result = editing ? await updateAlertRuleAction({ ...input, id: editing.id }) : await createAlertRuleAction(input);
      setFieldErrors(result.ok ? {} : (result.fieldErrors ?? {}));
      if (result.ok && !editing) formRef.current?.reset();
      onDone(result, result.ok);
    });
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} className="grid items-start gap-3 md:grid-cols-3" noValidate data-testid="rule-form">
      <Field id="rule-name" label="Name" error={fieldErrors.name}>
        <Input id="rule-name" name="name" defaultValue={editing?.name} autoComplete="off" aria-invalid={!!fieldErrors.name} />
      </Field>
      <Field id="rule-kind" label="When" error={fieldErrors.kind}>
        <Select id="rule-kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value as TAlertKind)} className="w-full">
          {ALERT_KINDS.map((k) => (
            <option key={k} value={k}>
              {ALERT_KIND_INFO[k].label}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="rule-threshold" label={`Threshold (${info.unit})`} error={fieldErrors.threshold} hint={info.help}>
        <Input id="rule-threshold" name="threshold" inputMode="decimal" defaultValue={editing?.threshold ?? ""} aria-invalid={!!fieldErrors.threshold} />
      </Field>
      <Field id="rule-target" label={kind === "bounce-rate" ? "Recipient domain" : "Queue"} error={fieldErrors.target} hint="* for all, a domain, *.example.com, or domain/vmta">
        <Input id="rule-target" name="target" defaultValue={editing?.target ?? "*"} autoComplete="off" aria-invalid={!!fieldErrors.target} />
      </Field>
      <Field id="rule-channel" label="Notify" error={fieldErrors.channel} hint="Alerts always show on this page.">
        <Select id="rule-channel" name="channel" value={channel} onChange={(e) => setChannel(e.target.value as TAlertChannel)} className="w-full">
          {ALERT_CHANNELS.map((c) => (
            <option key={c} value={c}>
              {ALERT_CHANNEL_LABELS[c]}
            </option>
          ))}
        </Select>
      </Field>
      {channel !== "console" ? (
        <Field id="rule-destination" label={channel === "email" ? "Email address" : "Webhook URL"} error={fieldErrors.destination}>
          <Input id="rule-destination" name="destination" defaultValue={editing?.destination} placeholder={DESTINATION_HINT[channel]} autoComplete="off" aria-invalid={!!fieldErrors.destination} />
        </Field>
      ) : (
        <div />
      )}
      <div className="flex gap-2 md:col-span-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : editing ? "Save rule" : "Add rule"}
        </Button>
        {editing && (
          <Button variant="outline" onClick={() => onDone({ ok: true, message: "Edit cancelled." }, false)} disabled={pending}>
            Cancel
          </Button>
        )}
      </div>
      {fieldErrors.form && <p className="text-xs text-destructive md:col-span-3">{fieldErrors.form}</p>}
    </form>
  );
}

function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children}
      {error ? <p className="text-xs text-destructive">{error}</p> : hint && <p className="text-xs text-muted-foreground">{hint}</p>}
    </div>
  );
}
