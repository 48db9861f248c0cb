import Link from "next/link";
import { Alert } from "@/components/ui/alert";

/** "2 alerts are firing", linking to /alerts; nothing when none are open. For /alerts and /monitor. */
export function OpenAlertsBanner({ count, href = "/alerts" }: { count: number; href?: string }) {
  if (count === 0) return null;
  return (
    <Alert variant="destructive" data-testid="open-alerts-banner">
      <Link href={href} className="font-medium underline-offset-4 hover:underline">
        {count === 1 ? "1 alert is firing" : `${count} alerts are firing`}
      </Link>
    </Alert>
  );
}
