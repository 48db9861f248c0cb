import { z } from "zod";
import { hasPermission } from "@/lib/auth/permissions";
import { requireRoutePermission } from "@/lib/auth/require-permission";
import { NotFoundError, isExpectedError } from "@/lib/errors";
import { exportConfig } from "@/lib/services/config/export-config";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const ZQuery = z.strictObject({ revision: z.coerce.number().int().positive().optional() });

/** The config (or `?revision=N`) as a file to download; secrets masked unless the reader may see them. */
export async function GET(request: Request): Promise<Response> {
  const auth = await requireRoutePermission("config.read");
  if (!auth.ok) return auth.response;
  const query = ZQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return Response.json({ error: "bad request" }, { status: 400 });
  try {
    const file = await exportConfig({ revisionId: query.data.revision, redact: !hasPermission(auth.user.role, "config.secrets.read") });
    return new Response(file.text, {
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "content-disposition": `attachment; filename="${file.filename}"`,
        "cache-control": "no-store",
      },
    });
  } catch (err) {
    if (isExpectedError(err)) return Response.json({ error: err.message }, { status: err instanceof NotFoundError ? 404 : 422 });
    throw err;
  }
}
