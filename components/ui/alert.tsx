import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

const VARIANTS = {
  default: "border-border bg-card",
  destructive: "border-destructive/30 bg-destructive/5 text-destructive",
  success: "border-success/30 bg-success/5 text-success",
  warning: "border-warning/40 bg-warning/10",
} as const;

/** A static notice. Uses role="status" (not "alert", which Next's route announcer also uses). */
export function Alert({ className, variant = "default", ...props }: ComponentProps<"div"> & { variant?: keyof typeof VARIANTS }) {
  return <div data-slot="alert" role="status" className={cn("rounded-md border px-4 py-3 text-sm", VARIANTS[variant], className)} {...props} />;
}
