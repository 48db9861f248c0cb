"use client";

import dynamic from "next/dynamic";
import { memo, useCallback, useEffect, useState } from "react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Select } from "@/components/ui/select";
import { Tab, TabList } from "@/components/ui/tabs";
import type { THourlyThroughput } from "@/lib/schemas/monitor";
import { formatCount } from "@/lib/utils";

const HOURLY_URL = "/api/monitor/hourly";
/** The hourly rollups change slowly: refetch once a minute rather than on every live push. */
export const HOURLY_REFRESH_MS = 60_000;

type Range = THourlyThroughput["range"];

// Loaded after the page is interactive (Recharts is large); the card keeps its height meanwhile.
const HourlyChart = dynamic(() => import("@/components/charts/hourly-chart").then((m) => m.HourlyChart), {
  ssr: false,
  loading: () => <div className="h-72" />,
});

/**
 * Throughput per hour over 24 h or 7 days, for every domain or one, from the persisted hourly rollups.
 * Nothing is fetched until `enabled`; memoized, so the dashboard's clock and pushes do not re-render it.
 */
export const HourlyCard = memo(function HourlyCard({ enabled }: { enabled: boolean }) {
  const [range, setRange] = useState<Range>("24h");
  const [domain, setDomain] = useState("");
  const [data, setData] = useState<THourlyThroughput | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const params = new URLSearchParams({ range });
    if (domain) params.set("domain", domain);
    try {
      const res = await fetch(`${HOURLY_URL}?${params}`, { cache: "no-store" });
      if (res.status === 401) return window.location.assign("/login");
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      setData((await res.json()) as THourlyThroughput);
      setError(null);
    } catch (err) {
      setError(`Could not load hourly throughput (${err instanceof Error ? err.message : String(err)}).`);
    }
  }, [range, domain]);

  useEffect(() => {
    if (!enabled) return;
    void load();
    const timer = window.setInterval(() => void load(), HOURLY_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [load, enabled]);

  const total = data?.points.reduce((n, p) => n + p.delivered + p.deferred + p.bounced, 0) ?? 0;
  const domains = data ? [...new Set([...(domain ? [domain] : []), ...data.topDomains])] : [];

  return (
    <Card>
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3">
        <div>
          <CardTitle>Throughput per hour</CardTitle>
          <CardDescription>
            Recipients per hour from the hourly history (kept across restarts) ·{" "}
            <span data-testid="hourly-total">{data ? `${formatCount(total)} in ${range === "24h" ? "the last 24 hours" : "the last 7 days"}` : "loading…"}</span>
          </CardDescription>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Select aria-label="Domain" value={domain} onChange={(e) => setDomain(e.target.value)} data-testid="hourly-domain">
            <option value="">All domains</option>
            {domains.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </Select>
          <TabList aria-label="Range">
            {(["24h", "7d"] as const).map((r) => (
              <Tab key={r} selected={range === r} onClick={() => setRange(r)} data-testid={`hourly-range-${r}`}>
                {r === "24h" ? "24 hours" : "7 days"}
              </Tab>
            ))}
          </TabList>
        </div>
      </CardHeader>
      <CardContent data-testid="hourly-chart" data-hours-with-mail={data?.points.filter((p) => p.delivered + p.deferred + p.bounced > 0).length ?? 0}>
        {error && <p className="pb-2 text-sm text-destructive">{error}</p>}
        {enabled ? <HourlyChart points={data?.points ?? []} withDay={range === "7d"} /> : <div className="h-72" />}
      </CardContent>
    </Card>
  );
});
