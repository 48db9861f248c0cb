"use client";

import type { Session } from "next-auth";
import { SessionProvider } from "next-auth/react";
import type { ReactNode } from "react";

/**
 * Refreshes the session cookie while a console tab is open, so the short JWT lifetime does not log out
 * active users. It starts from the session the server already read, so a page load does not spend a
 * request (and a connection slot) on /api/auth/session before the page's own data.
 */
export function ConsoleProviders({ children, refetchIntervalS, session }: { children: ReactNode; refetchIntervalS: number; session: Session | null }) {
  return (
    <SessionProvider session={session} refetchInterval={refetchIntervalS} refetchOnWindowFocus>
      {children}
    </SessionProvider>
  );
}
