import type { TQueueGroup } from "@/lib/schemas/monitor";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn, formatCount, formatDuration } from "@/lib/utils";
import { RateCell } from "./rate-cell";

/**
 * Queue health summed per VirtualMTA or per pool, most recipients first; rows with queues in backoff,
 * paused or at their rate limit are tinted and say how many.
 */
export function QueueGroupTable({ groups, ageAt, kind, testId }: { groups: readonly TQueueGroup[]; ageAt: number; kind: "VirtualMTA" | "Pool"; testId: string }) {
  if (groups.length === 0) return <p className="py-4 text-center text-sm text-muted-foreground">No {kind === "Pool" ? "pools" : "virtual MTAs"} configured.</p>;
  return (
    <Table data-testid={testId}>
      <TableHeader>
        <TableRow>
          <TableHead>{kind}</TableHead>
          <TableHead className="text-right">Queues</TableHead>
          <TableHead className="text-right">Recipients</TableHead>
          <TableHead className="text-right">KB</TableHead>
          <TableHead className="text-right">Oldest</TableHead>
          <TableHead>Attention</TableHead>
          <TableHead className="text-right">Connections</TableHead>
          <TableHead className="text-right">Rate / limit</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {groups.map((g) => {
          const trouble = g.backoffQueues + g.pausedQueues > 0;
          return (
            <TableRow key={g.name} className={cn(trouble ? "bg-warning/10" : g.atRateLimitQueues > 0 && "bg-primary/5")}>
              <TableCell className="font-medium" title={g.members?.join(", ")}>
                {g.name}
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatCount(g.queues)}</TableCell>
              <TableCell className="text-right tabular-nums font-medium">{formatCount(g.recipients)}</TableCell>
              <TableCell className="text-right tabular-nums">{formatCount(g.kb)}</TableCell>
              <TableCell className="text-right tabular-nums">{g.oldestQueuedAt === null ? "–" : formatDuration(ageAt - g.oldestQueuedAt)}</TableCell>
              <TableCell className="space-x-1">
                {g.backoffQueues > 0 && <Badge variant="warning">{g.backoffQueues} in backoff</Badge>}
                {g.pausedQueues > 0 && <Badge variant="warning">{g.pausedQueues} paused</Badge>}
                {g.atRateLimitQueues > 0 && <Badge variant="default">{g.atRateLimitQueues} at rate limit</Badge>}
                {!trouble && g.atRateLimitQueues === 0 && <span className="text-muted-foreground">–</span>}
              </TableCell>
              <TableCell className="text-right tabular-nums">
                {g.activeConnections}
                <span className="text-muted-foreground"> / {g.maxConnections}</span>
              </TableCell>
              <TableCell className="text-right">
                <RateCell current={g.rateLastMinute} limit={g.rateLimitPerMinute} atLimit={g.atRateLimitQueues > 0 && g.atRateLimitQueues === g.queues} />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
