import type { TTrafficPeriod } from "@/lib/schemas/monitor";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatCount } from "@/lib/utils";

const PERIODS = [
  ["lastMin", "Last minute"],
  ["lastHr", "Last hour"],
  ["sinceStart", "Since start"],
] as const;

type Periods = Record<(typeof PERIODS)[number][0], TTrafficPeriod>;

/** PowerMTA's traffic grid: in (received) and out (delivered) × recipients, messages, KB, per period. */
export function TrafficTable({ traffic }: { traffic: Periods }) {
  return (
    <Table data-testid="traffic-table">
      <TableHeader>
        <TableRow>
          <TableHead />
          <TableHead className="text-right">In rcpt</TableHead>
          <TableHead className="text-right">In msg</TableHead>
          <TableHead className="text-right">In KB</TableHead>
          <TableHead className="text-right">Out rcpt</TableHead>
          <TableHead className="text-right">Out msg</TableHead>
          <TableHead className="text-right">Out KB</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {PERIODS.map(([key, label]) => {
          const t = traffic[key];
          return (
            <TableRow key={key} data-testid={`traffic-${key}`}>
              <TableCell className="font-medium">{label}</TableCell>
              {[t.in.rcp, t.in.msg, t.in.kb, t.out.rcp, t.out.msg, t.out.kb].map((n, i) => (
                <TableCell key={i} className="text-right tabular-nums">
                  {formatCount(n)}
                </TableCell>
              ))}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
