import { requireRoutePermission } from "@/lib/auth/require-permission";
import { getMonitorSnapshot } from "@/lib/services/monitor-feed";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The monitor's current snapshot: the polling fallback of the SSE stream, and a test hook. */
export async function GET(): Promise<Response> {
  const auth = await requireRoutePermission("monitor.read");
  if (!auth.ok) return auth.response;
  return Response.json(await getMonitorSnapshot(), { headers: { "cache-control": "no-store" } });
}
