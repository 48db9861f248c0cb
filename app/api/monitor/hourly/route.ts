import { requireRoutePermission } from "@/lib/auth/require-permission";
import { ZHourlyQuery } from "@/lib/schemas/monitor";
import { getHourlyThroughput } from "@/lib/services/monitor-hourly";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Throughput per hour (`?range=24h|7d`, optional `&domain=`), from the hourly rollups. */
export async function GET(request: Request): Promise<Response> {
  const auth = await requireRoutePermission("monitor.read");
  if (!auth.ok) return auth.response;
  const query = ZHourlyQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) {
    return Response.json({ error: "invalid query", fields: query.error.flatten().fieldErrors }, { status: 400 });
  }
  return Response.json(await getHourlyThroughput(query.data), { headers: { "cache-control": "no-store" } });
}
