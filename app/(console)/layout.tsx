import type { ReactNode } from "react";
import { AppSidebar } from "@/components/layout/app-sidebar";
import { SiteHeader } from "@/components/layout/site-header";
import { SESSION_REFETCH_S } from "@/lib/auth/auth-options";
import { ROLE_LABELS, hasPermission } from "@/lib/auth/permissions";
import { getRequestSession, getSessionUser } from "@/lib/auth/require-permission";
import { ConsoleProviders } from "./console-providers";
import { CONSOLE_NAV } from "./nav";
import { SignOutButton } from "./sign-out-button";

/**
 * The console shell. It makes NO authorization decision: each page checks its own permission (a
 * layout does not re-run on client navigation). The user is read here only to show name, role and
 * the sections worth linking to.
 */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const [session, user] = await Promise.all([getRequestSession(), getSessionUser()]);
  const items = user ? CONSOLE_NAV.filter((item) => hasPermission(user.role, item.permission)) : [];
  return (
    <ConsoleProviders refetchIntervalS={SESSION_REFETCH_S} session={session}>
      <div className="flex min-h-screen">
        <AppSidebar items={items.map(({ href, label, icon }) => ({ href, label, icon }))} />
        <div className="flex min-w-0 flex-1 flex-col">
          {user && <SiteHeader username={user.username} roleLabel={ROLE_LABELS[user.role]} actions={<SignOutButton />} />}
          <main className="flex-1 p-6">{children}</main>
        </div>
      </div>
    </ConsoleProviders>
  );
}
