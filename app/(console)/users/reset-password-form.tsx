"use client";

import { useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { TActionResult } from "@/lib/schemas/user";
import { resetUserPasswordAction } from "./actions";

/** Inline "set a new password" for one user; collapsed to a button until opened. */
export function ResetPasswordForm({ userId, username, onResult }: { userId: string; username: string; onResult: (r: TActionResult) => void }) {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();

  if (!open) {
    return (
      <Button variant="ghost" size="sm" onClick={() => setOpen(true)}>
        Reset password
      </Button>
    );
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    startTransition(async () => {
      const result = await resetUserPasswordAction({ userId, password });
      if (result.ok) setOpen(false);
      onResult(result);
    });
  }

  return (
    <form onSubmit={onSubmit} className="flex items-center gap-2">
      <Input name="password" type="password" autoComplete="new-password" placeholder="New password" aria-label={`New password for ${username}`} className="h-8 w-44" autoFocus />
      <Button type="submit" size="sm" disabled={pending}>
        Save
      </Button>
      <Button variant="ghost" size="sm" onClick={() => setOpen(false)}>
        Cancel
      </Button>
    </form>
  );
}
