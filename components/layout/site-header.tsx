import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";

/** Top bar: who is signed in, with which role, and the sign-out control (passed in by the app). */
export function SiteHeader({ username, roleLabel, actions }: { username: string; roleLabel: string; actions: ReactNode }) {
  return (
    <header className="flex h-14 items-center justify-end gap-3 border-b bg-card px-6">
      <span className="text-sm font-medium" data-testid="header-username">
        {username}
      </span>
      <Badge variant="secondary" data-testid="header-role">
        {roleLabel}
      </Badge>
      {actions}
    </header>
  );
}
