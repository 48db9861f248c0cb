"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { THourlyPoint } from "@/lib/schemas/monitor";
import { ChartContainer, ChartLegendContent, ChartTooltipContent, type ChartConfig } from "@/components/ui/chart";

const HOURLY_CONFIG = {
  delivered: { label: "Delivered", color: "var(--chart-delivered)" },
  deferred: { label: "Deferred (4xx)", color: "var(--chart-deferred)" },
  bounced: { label: "Bounced (5xx)", color: "var(--chart-bounced)" },
} satisfies ChartConfig;

const SERIES = Object.keys(HOURLY_CONFIG) as (keyof typeof HOURLY_CONFIG)[];

function hourLabel(epochMs: number, withDay: boolean): string {
  const d = new Date(epochMs);
  const hh = `${String(d.getHours()).padStart(2, "0")}:00`;
  return withDay ? `${d.toLocaleDateString(undefined, { weekday: "short" })} ${hh}` : hh;
}

/** Outcomes per hour, stacked: delivered, deferred and bounced recipients. */
export function HourlyChart({ points, withDay }: { points: readonly THourlyPoint[]; withDay: boolean }) {
  const format = (v: number) => hourLabel(v, withDay);
  return (
    <ChartContainer config={HOURLY_CONFIG} className="h-72" aria-label="Recipients per hour">
      <BarChart data={[...points]} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} />
        <XAxis dataKey="hour" tickFormatter={format} minTickGap={withDay ? 60 : 30} tickLine={false} axisLine={false} />
        <YAxis allowDecimals={false} width={52} tickLine={false} axisLine={false} />
        <Tooltip content={<ChartTooltipContent labelFormatter={format} />} isAnimationActive={false} />
        <Legend content={<ChartLegendContent />} />
        {SERIES.map((key) => (
          <Bar key={key} dataKey={key} stackId="outcome" fill={`var(--color-${key})`} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartContainer>
  );
}
