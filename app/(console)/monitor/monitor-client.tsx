"use client";

import dynamic from "next/dynamic";
import { memo, useState } from "react";
import { EngineBanner } from "@/components/monitor/engine-banner";
import { FailureTable } from "@/components/monitor/failure-table";
import { JobsTable } from "@/components/monitor/jobs-table";
import { LastUpdated } from "@/components/monitor/last-updated";
import { LiveBadge } from "@/components/monitor/live-badge";
import { QueueGroupTable } from "@/components/monitor/queue-group-table";
import { QueueTable } from "@/components/monitor/queue-table";
import { StatCard } from "@/components/monitor/stat-card";
import { TrafficTable } from "@/components/monitor/traffic-table";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Tab, TabList } from "@/components/ui/tabs";
import type { TMonitorSnapshot } from "@/lib/schemas/monitor";
import { HourlyCard } from "./hourly-card";
import { useAfterIdle, useMonitorFeed, useNow } from "./use-monitor-feed";

const CLOCK_TICK_MS = 1_000;

// Recharts is the page's largest script: load it after the page is interactive, not before hydration.
// Memoized on the points' values: the clock ticks every second and most pushes leave the minutes as
// they were, and a Recharts render is the most expensive thing on the page.
const ThroughputChart = memo(
  dynamic(() => import("@/components/charts/throughput-chart").then((m) => m.ThroughputChart), {
    ssr: false,
    loading: () => <div className="h-72" />,
  }),
  (a, b) => a.points === b.points || JSON.stringify(a.points) === JSON.stringify(b.points),
);

export function MonitorClient({ initial }: { initial: TMonitorSnapshot }) {
  const { snapshot, receivedAt, transport } = useMonitorFeed(initial);
  // The charts and the hourly query wait until the feed is up and the browser idle: they come after
  // the numbers, tables and controls, and do not compete with the stream for the server.
  const extrasReady = useAfterIdle(transport !== "connecting");
  const now = useNow(CLOCK_TICK_MS, initial.at);
  const [failureWindow, setFailureWindow] = useState<"lastHour" | "last24h">("lastHour");
  // Server time "now": the snapshot's time plus how long ago it arrived (immune to browser clock skew).
  const serverNow = snapshot.at + Math.max(0, now - receivedAt);
  const { totals } = snapshot;
  const failures = snapshot.failures[failureWindow];

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
        <StatCard title="Received" value={totals.received} hint="Messages accepted, all time" testId="stat-received" />
        <StatCard title="Delivered" value={totals.delivered} hint="Recipients delivered, all time" tone="success" testId="stat-delivered" />
        <StatCard title="Deferred" value={totals.deferred} hint="Temporary failures (4xx), retried" tone="warning" testId="stat-deferred" />
        <StatCard title="Bounced" value={totals.bounced} hint="Permanent failures (5xx)" tone="destructive" testId="stat-bounced" />
      </div>

      <div className="grid gap-6 2xl:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Traffic</CardTitle>
            <CardDescription>In: received · Out: delivered (out messages count recipients)</CardDescription>
          </CardHeader>
          <CardContent>
            <TrafficTable traffic={snapshot.traffic} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Throughput</CardTitle>
            <CardDescription>Per minute, last 60 minutes</CardDescription>
          </CardHeader>
          <CardContent>
            {extrasReady ? <ThroughputChart points={snapshot.throughput} /> : <div className="h-72" />}
          </CardContent>
        </Card>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Queues by virtual MTA</CardTitle>
          <CardDescription>Most recipients first; tinted rows have queues in backoff, paused or at their rate limit</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-6">
          <QueueGroupTable groups={snapshot.vmtas} ageAt={serverNow} kind="VirtualMTA" testId="vmta-table" />
          {snapshot.pools.length > 0 && <QueueGroupTable groups={snapshot.pools} ageAt={serverNow} kind="Pool" testId="pool-table" />}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Top queues</CardTitle>
          <CardDescription>The {snapshot.topQueues.length} largest of {snapshot.queueCount.toLocaleString("en-US")} queues; open one for its detail and actions</CardDescription>
        </CardHeader>
        <CardContent>
          <QueueTable queues={snapshot.topQueues} ageAt={serverNow} total={snapshot.queueCount} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3">
          <div>
            <CardTitle>Failures: 4xx vs 5xx</CardTitle>
            <CardDescription>Per destination domain (top 20) and per bounce category</CardDescription>
          </div>
          <TabList aria-label="Failure window">
            <Tab selected={failureWindow === "lastHour"} onClick={() => setFailureWindow("lastHour")} data-testid="failures-last-hour">
              Last hour
            </Tab>
            <Tab selected={failureWindow === "last24h"} onClick={() => setFailureWindow("last24h")} data-testid="failures-last-24h">
              Last 24 hours
            </Tab>
          </TabList>
        </CardHeader>
        <CardContent className="grid gap-6 lg:grid-cols-2">
          <FailureTable rows={failures.domains} keyLabel="Domain" testId="failures-domains" />
          <FailureTable rows={failures.categories} keyLabel="Bounce category" testId="failures-categories" />
        </CardContent>
      </Card>

      <HourlyCard enabled={extrasReady} />

      <Card>
        <CardHeader>
          <CardTitle>Jobs</CardTitle>
          <CardDescription>Jobs with mail queued, and their outcomes over the last 24 hours</CardDescription>
        </CardHeader>
        <CardContent>
          <JobsTable jobs={snapshot.jobs} />
        </CardContent>
      </Card>
    </div>
  );
}
