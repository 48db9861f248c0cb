"use client";

import { useRef, useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import type { TActionResult } from "@/lib/schemas/user";
import { createUserAction } from "./actions";
import { ROLE_OPTIONS } from "./role-options";

export function AddUserForm({ onResult }: { onResult: (result: TActionResult) => void }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [pending, startTransition] = useTransition();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { username: String(form.get("username") ?? ""), role: String(form.get("role") ?? ""), password: String(form.get("password") ?? "") };
    startTransition(async () => {
      const result = await createUserAction(input);
      setFieldErrors(result.ok ? {} : (result.fieldErrors ?? {}));
      if (result.ok) formRef.current?.reset();
      onResult(result);
    });
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} className="grid items-start gap-3 md:grid-cols-[1fr_10rem_1fr_auto]" noValidate data-testid="add-user-form">
      <Field id="new-username" label="Username" error={fieldErrors.username}>
        <Input id="new-username" name="username" autoComplete="off" required aria-invalid={!!fieldErrors.username} />
      </Field>
      <Field id="new-role" label="Role" error={fieldErrors.role}>
        <Select id="new-role" name="role" defaultValue="viewer" className="w-full">
          {ROLE_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="new-password" label="Password (12+ characters)" error={fieldErrors.password}>
        <Input id="new-password" name="password" type="password" autoComplete="new-password" required minLength={12} aria-invalid={!!fieldErrors.password} />
      </Field>
      <Button type="submit" disabled={pending} className="md:mt-5">
        {pending ? "Adding…" : "Add user"}
      </Button>
    </form>
  );
}

function Field({ id, label, error, children }: { id: string; label: string; error?: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children}
      {error && <p className="text-xs text-destructive">{error}</p>}
    </div>
  );
}
