import { requireRoutePermission } from "@/lib/auth/require-permission";
import { ZListId } from "@/lib/suppression/schemas";
import { listImports } from "@/lib/services/suppression/manage-lists";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The list's latest uploads with their progress (the console polls this while one runs). records.read required. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const auth = await requireRoutePermission("records.read");
  if (!auth.ok) return auth.response;
  const id = ZListId.safeParse((await params).id);
  if (!id.success) return Response.json({ error: "Invalid list id." }, { status: 400 });
  const found = await listImports(id.data);
  if (!found) return Response.json({ error: "A suppression list with that id not found." }, { status: 404 });
  return Response.json({ entryCount: found.list.entryCount, imports: found.imports }, { headers: { "cache-control": "no-store" } });
}
