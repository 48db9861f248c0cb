import { requireRoutePermission } from "@/lib/auth/require-permission";
import { ZRecordSearch, fieldErrorsOf, searchParamsObject } from "@/lib/schemas/records";
import { exportRecordsCsv } from "@/lib/services/records/export-records";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The current accounting search as CSV (PowerMTA's columns), streamed; records.read required. */
export async function GET(request: Request): Promise<Response> {
  const auth = await requireRoutePermission("records.read");
  if (!auth.ok) return auth.response;
  const params = searchParamsObject(new URL(request.url).searchParams);
  delete params.cursor;
  const parsed = ZRecordSearch.safeParse(params);
  if (!parsed.success) {
    return Response.json({ error: "Invalid search.", fieldErrors: fieldErrorsOf(parsed.error) }, { status: 400, headers: { "cache-control": "no-store" } });
  }
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
  return new Response(exportRecordsCsv(parsed.data), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="hermod-records-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
}
