import Link from "next/link";
import { Alert } from "@/components/ui/alert";

/** The messages of a refused search, one per field. */
export function SearchErrors({ fieldErrors, testId }: { fieldErrors: Record<string, string>; testId: string }) {
  return (
    <Alert variant="destructive" data-testid={testId}>
      Invalid search: {Object.entries(fieldErrors).map(([field, message]) => `${field}: ${message}`).join("; ")}
    </Alert>
  );
}

/** Keyset paging under a result table: back to the newest page, and on to older rows when there are more. */
export function PagerLinks({ path, current, olderQuery, onOlderPage, testId }: { path: string; current: string; olderQuery: string | null; onOlderPage: boolean; testId: string }) {
  return (
    <div className="flex justify-between pt-3 text-sm">
      {onOlderPage ? (
        <Link className="hover:underline" href={`${path}${current ? `?${current}` : ""}`}>
          Newest
        </Link>
      ) : (
        <span />
      )}
      {olderQuery !== null && (
        <Link className="hover:underline" href={`${path}?${olderQuery}`} data-testid={testId}>
          Older
        </Link>
      )}
    </div>
  );
}
