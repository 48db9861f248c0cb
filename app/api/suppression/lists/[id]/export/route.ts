import { requireRoutePermission } from "@/lib/auth/require-permission";
import { ZListId } from "@/lib/suppression/schemas";
import { exportListCsv, findList } from "@/lib/services/suppression/manage-lists";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** List `id` as CSV (value,kind,origin,added_at), streamed; hashed entries export as hashes. records.read required. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const auth = await requireRoutePermission("records.read");
  if (!auth.ok) return auth.response;
  const id = ZListId.safeParse((await params).id);
  if (!id.success) return Response.json({ error: "Invalid list id." }, { status: 400 });
  const list = await findList(id.data);
  if (!list) return Response.json({ error: "A suppression list with that id not found." }, { status: 404 });
  const safeName = list.name.replace(/[^A-Za-z0-9_.@-]/g, "_");
  return new Response(exportListCsv(list), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="suppression-${safeName}.csv"`, "cache-control": "no-store" },
  });
}
