"use client";

import { useRef, type Ref } from "react";
import type { TConfigDiagnostic } from "@/lib/schemas/config";
import { cn } from "@/lib/utils";

/** Puts the caret at `line`:`col` (1-based) and scrolls the line into view. */
export function goToLine(textarea: HTMLTextAreaElement, line: number, col = 1): void {
  const lines = textarea.value.split("\n");
  let offset = 0;
  for (let i = 0; i < Math.min(line - 1, lines.length); i++) offset += lines[i].length + 1;
  offset += Math.max(0, Math.min(col - 1, (lines[line - 1] ?? "").length));
  textarea.focus();
  textarea.setSelectionRange(offset, offset);
  const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 20;
  textarea.scrollTop = Math.max(0, (line - 3) * lineHeight);
}

/**
 * A plain-text config editor: a textarea with a line-number gutter that scrolls with it. Lines that
 * have diagnostics get a red (error) or amber (warning) number. No wrapping, so numbers stay aligned.
 */
export function ConfigEditor({
  value,
  onChange,
  diagnostics,
  textareaRef,
  label,
  className,
}: {
  value: string;
  onChange: (value: string) => void;
  diagnostics: readonly TConfigDiagnostic[];
  textareaRef?: Ref<HTMLTextAreaElement>;
  label: string;
  className?: string;
}) {
  const gutter = useRef<HTMLDivElement>(null);
  const severity = new Map<number, "error" | "warning">();
  for (const d of diagnostics) {
    if (d.file !== "") continue;
    if (d.severity === "error" || !severity.has(d.line)) severity.set(d.line, d.severity);
  }
  const count = value.split("\n").length;
  return (
    <div className={cn("flex h-[32rem] overflow-hidden rounded-md border bg-card font-mono text-xs leading-5", className)}>
      <div ref={gutter} aria-hidden="true" className="w-12 shrink-0 overflow-hidden border-r bg-muted/40 py-2 text-right text-muted-foreground select-none">
        {Array.from({ length: count }, (_, i) => {
          const s = severity.get(i + 1);
          return (
            <div key={i} className={cn("px-2", s === "error" && "bg-destructive/15 font-semibold text-destructive", s === "warning" && "bg-warning/20 text-foreground")}>
              {i + 1}
            </div>
          );
        })}
      </div>
      <textarea
        ref={textareaRef}
        aria-label={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onScroll={(e) => {
          if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
        }}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        wrap="off"
        className="min-w-0 flex-1 resize-none bg-transparent px-3 py-2 outline-none"
      />
    </div>
  );
}
