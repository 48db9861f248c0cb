"use client";

import { Area, AreaChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { TThroughputPoint } from "@/lib/schemas/monitor";
import { formatClock } from "@/lib/utils";
import { ChartContainer, ChartLegendContent, ChartTooltipContent, type ChartConfig } from "@/components/ui/chart";

const THROUGHPUT_CONFIG = {
  received: { label: "Received", color: "var(--chart-received)" },
  delivered: { label: "Delivered", color: "var(--chart-delivered)" },
  deferred: { label: "Deferred (4xx)", color: "var(--chart-deferred)" },
  bounced: { label: "Bounced (5xx)", color: "var(--chart-bounced)" },
} satisfies ChartConfig;

const SERIES = Object.keys(THROUGHPUT_CONFIG) as (keyof typeof THROUGHPUT_CONFIG)[];

/** Messages per minute over the monitor's window, one line per outcome. */
export function ThroughputChart({ points }: { points: readonly TThroughputPoint[] }) {
  return (
    <ChartContainer config={THROUGHPUT_CONFIG} className="h-72" aria-label="Messages per minute, last 60 minutes">
      <AreaChart data={[...points]} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} />
        <XAxis dataKey="minute" tickFormatter={formatClock} minTickGap={40} tickLine={false} axisLine={false} />
        <YAxis allowDecimals={false} width={44} tickLine={false} axisLine={false} />
        <Tooltip content={<ChartTooltipContent labelFormatter={formatClock} />} isAnimationActive={false} />
        <Legend content={<ChartLegendContent />} />
        {SERIES.map((key) => (
          <Area
            key={key}
            dataKey={key}
            type="monotone"
            stroke={`var(--color-${key})`}
            fill={`var(--color-${key})`}
            fillOpacity={0.1}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        ))}
      </AreaChart>
    </ChartContainer>
  );
}
