import { hasPermission } from "@/lib/auth/permissions";
import { requireRoutePermission } from "@/lib/auth/require-permission";
import { getActiveUser } from "@/lib/services/get-active-user";
import { subscribeMonitor } from "@/lib/services/monitor-feed";
import { toEventStream } from "@/lib/sse";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Live monitor snapshots over Server-Sent Events (at least one per second while the engine runs). */
export async function GET(request: Request): Promise<Response> {
  const auth = await requireRoutePermission("monitor.read");
  if (!auth.ok) return auth.response;
  const userId = auth.user.id;
  return toEventStream({
    signal: request.signal,
    subscribe: (send, fail) => subscribeMonitor(send, fail),
    // A long-lived stream re-checks its user, so disabling or demoting someone also ends their stream.
    revalidate: async () => {
      const user = await getActiveUser(userId);
      return user !== null && hasPermission(user.role, "monitor.read");
    },
  });
}
