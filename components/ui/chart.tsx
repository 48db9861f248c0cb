"use client";

/**
 * The one chart container (shadcn "chart" idiom): a ChartConfig names each series and its colour
 * token; the container exposes them as `--color-<key>` CSS variables, so charts never hard-code colours,
 * and supplies the shared tooltip and legend.
 */

import { createContext, useContext, type CSSProperties, type ReactElement, type ReactNode } from "react";
import { ResponsiveContainer } from "recharts";
import { cn } from "@/lib/utils";

export type ChartConfig = Record<string, { label: string; color: string }>;

const ChartContext = createContext<ChartConfig | null>(null);

function useChartConfig(): ChartConfig {
  const config = useContext(ChartContext);
  if (!config) throw new Error("Chart parts must be used inside <ChartContainer>");
  return config;
}

export function ChartContainer({
  config,
  className,
  children,
  ...props
}: {
  config: ChartConfig;
  className?: string;
  children: ReactElement;
  "aria-label"?: string;
}) {
  const style = Object.fromEntries(Object.entries(config).map(([key, { color }]) => [`--color-${key}`, color])) as CSSProperties;
  return (
    <ChartContext.Provider value={config}>
      <div
        data-slot="chart"
        role="figure"
        style={style}
        className={cn(
          "h-64 w-full text-xs",
          "[&_.recharts-cartesian-axis-tick_text]:fill-muted-foreground [&_.recharts-cartesian-grid_line]:stroke-border",
          "[&_.recharts-surface]:outline-none",
          className,
        )}
        {...props}
      >
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 800, height: 256 }}>
          {children}
        </ResponsiveContainer>
      </div>
    </ChartContext.Provider>
  );
}

type TooltipItem = { dataKey?: unknown; value?: unknown; name?: unknown };

/** Tooltip body for Recharts' `<Tooltip content={…}>`; labels and colours come from the config. */
export function ChartTooltipContent({
  active,
  payload,
  label,
  labelFormatter,
}: {
  active?: boolean;
  payload?: readonly TooltipItem[];
  label?: string | number;
  labelFormatter?: (label: number) => ReactNode;
}) {
  const config = useChartConfig();
  if (!active || !payload?.length) return null;
  return (
    <div className="min-w-36 rounded-md border bg-card px-3 py-2 text-xs shadow-md">
      <div className="mb-1 font-medium">{labelFormatter && typeof label === "number" ? labelFormatter(label) : label}</div>
      {payload.map((item) => {
        const key = String(item.dataKey ?? item.name ?? "");
        return (
          <div key={key} className="flex items-center justify-between gap-4">
            <span className="flex items-center gap-1.5 text-muted-foreground">
              <span className="size-2 rounded-sm bg-(--swatch)" style={{ "--swatch": `var(--color-${key})` } as CSSProperties} />
              {config[key]?.label ?? key}
            </span>
            <span className="font-mono tabular-nums">{String(item.value ?? "")}</span>
          </div>
        );
      })}
    </div>
  );
}

/** Legend listing every configured series, in config order. */
export function ChartLegendContent() {
  const config = useChartConfig();
  return (
    <ul className="flex flex-wrap items-center justify-center gap-4 pt-2 text-xs text-muted-foreground">
      {Object.entries(config).map(([key, { label }]) => (
        <li key={key} className="flex items-center gap-1.5">
          <span className="size-2 rounded-sm bg-(--swatch)" style={{ "--swatch": `var(--color-${key})` } as CSSProperties} />
          {label}
        </li>
      ))}
    </ul>
  );
}
