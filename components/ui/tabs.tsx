import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

/** Tab buttons (shadcn look, no popover library): the parent owns which one is selected. */
export function TabList({ className, ...props }: ComponentProps<"div">) {
  return <div data-slot="tab-list" role="tablist" className={cn("inline-flex flex-wrap items-center gap-1 rounded-lg bg-muted p-1", className)} {...props} />;
}

export function Tab({ className, selected, ...props }: ComponentProps<"button"> & { selected: boolean }) {
  return (
    <button
      data-slot="tab"
      type="button"
      role="tab"
      aria-selected={selected}
      className={cn(
        "rounded-md px-3 py-1.5 text-sm font-medium transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
        selected ? "bg-card text-foreground shadow-sm" : "text-muted-foreground hover:text-foreground",
        className,
      )}
      {...props}
    />
  );
}
