"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";
import { NavIcon, type NavIconName } from "./nav-icon";

export interface NavItem {
  href: string;
  label: string;
  icon: NavIconName;
}

/** The console's navigation. The items come from the server, already filtered by the user's role. */
export function AppSidebar({ items }: { items: readonly NavItem[] }) {
  const pathname = usePathname();
  // The most specific entry is the active one: /config/revisions marks Revisions, not Config.
  const active = items
    .filter((item) => pathname === item.href || pathname.startsWith(`${item.href}/`))
    .reduce<NavItem | null>((best, item) => (!best || item.href.length > best.href.length ? item : best), null);
  return (
    <aside className="flex w-56 shrink-0 flex-col bg-sidebar text-sidebar-foreground">
      <div className="flex h-14 items-center gap-2 px-5 text-base font-semibold tracking-tight">
        <span className="grid size-7 place-items-center rounded-md bg-sidebar-accent text-sm">H</span>
        Hermod
      </div>
      <nav aria-label="Console" className="flex flex-col gap-0.5 px-3 py-2">
        {items.map((item) => {
          const current = item.href === active?.href;
          return (
            <Link
              key={item.href}
              href={item.href}
              // Every console page is dynamic: prefetching all of them on each page load costs a full
              // server render apiece (on a big queue, seconds of server and main-thread time) to save
              // one round trip on the click that may never come.
              prefetch={false}
              aria-current={current ? "page" : undefined}
              className={cn(
                "flex items-center gap-2.5 rounded-md px-3 py-2 text-sm transition-colors",
                current ? "bg-sidebar-accent font-medium text-sidebar-foreground" : "text-sidebar-muted hover:bg-sidebar-accent/60 hover:text-sidebar-foreground",
              )}
            >
              <NavIcon name={item.icon} />
              {item.label}
            </Link>
          );
        })}
      </nav>
    </aside>
  );
}
