"use client";

import { SessionProvider } from "next-auth/react";
import type { ReactNode } from "react";

/** Refreshes the session cookie while a console tab is open, so the short JWT lifetime does not log out active users. */
export function ConsoleProviders({ children, refetchIntervalS }: { children: ReactNode; refetchIntervalS: number }) {
  return (
    <SessionProvider refetchInterval={refetchIntervalS} refetchOnWindowFocus>
      {children}
    </SessionProvider>
  );
}
