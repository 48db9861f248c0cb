import { getMta } from "@/lib/mta-host/handle";
import { getMonitor } from "@/lib/mta-host/monitor";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Liveness and engine state. Public on purpose: it reveals nothing beyond "up" and "engine running". */
export function GET(): Response {
  const mta = getMta();
  return Response.json(
    {
      status: "ok",
      engine: mta ? "running" : "not-running",
      monitor: getMonitor() ? "running" : "not-running",
      uptimeSeconds: Math.round(process.uptime()),
    },
    { headers: { "cache-control": "no-store" } },
  );
}
