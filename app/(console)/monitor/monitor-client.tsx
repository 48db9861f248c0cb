"use client";

import { ThroughputChart } from "@/components/charts/throughput-chart";
import { EngineBanner } from "@/components/monitor/engine-banner";
import { LastUpdated } from "@/components/monitor/last-updated";
import { LiveBadge } from "@/components/monitor/live-badge";
import { QueueTable } from "@/components/monitor/queue-table";
import { StatCard } from "@/components/monitor/stat-card";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { TMonitorSnapshot } from "@/lib/schemas/monitor";
import { useMonitorFeed, useNow } from "./use-monitor-feed";

const CLOCK_TICK_MS = 1_000;

export function MonitorClient({ initial }: { initial: TMonitorSnapshot }) {
  const { snapshot, receivedAt, transport } = useMonitorFeed(initial);
  const now = useNow(CLOCK_TICK_MS, initial.at);
  // Server time "now": the snapshot's time plus how long ago it arrived (immune to browser clock skew).
  const serverNow = snapshot.at + Math.max(0, now - receivedAt);
  const { totals } = snapshot;

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-xl font-semibold tracking-tight">Monitor</h1>
          <div className="flex items-center gap-3">
            <LastUpdated now={now} updatedAt={receivedAt} />
            <LiveBadge transport={transport} />
          </div>
        </div>
        <EngineBanner engine={snapshot.engine} now={serverNow} />
      </div>

      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <StatCard title="Received" value={totals.received} hint="Messages accepted" testId="stat-received" />
        <StatCard title="Delivered" value={totals.delivered} hint="Recipients delivered" tone="success" testId="stat-delivered" />
        <StatCard title="Deferred" value={totals.deferred} hint="Temporary failures (4xx), retried" tone="warning" testId="stat-deferred" />
        <StatCard title="Bounced" value={totals.bounced} hint="Permanent failures (5xx)" tone="destructive" testId="stat-bounced" />
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Throughput</CardTitle>
          <CardDescription>Per minute, last 60 minutes</CardDescription>
        </CardHeader>
        <CardContent>
          <ThroughputChart points={snapshot.throughput} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Queues</CardTitle>
          <CardDescription>Per domain and virtual MTA, largest first</CardDescription>
        </CardHeader>
        <CardContent>
          <QueueTable queues={snapshot.queues} ageAt={serverNow} />
        </CardContent>
      </Card>
    </div>
  );
}
