import { requireRoutePermission } from "@/lib/auth/require-permission";
import { ZListId } from "@/lib/suppression/schemas";
import { streamChunks } from "@/lib/suppression/stream-chunks";
import { MAX_UPLOAD_BYTES } from "@/lib/services/suppression/import-upload";
import { uploadToList } from "@/lib/services/suppression/manage-lists";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const json = (body: unknown, status: number) => Response.json(body, { status, headers: { "cache-control": "no-store" } });

/**
 * Uploads a CSV or TXT into list `id`: the request body is the file itself (`?name=` its name), read
 * as it arrives. Answers with the finished import (counts and the first 1,000 row errors); while it
 * runs, GET …/imports shows its progress. suppression.write required.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const auth = await requireRoutePermission("suppression.write");
  if (!auth.ok) return auth.response;
  const id = ZListId.safeParse((await params).id);
  if (!id.success) return json({ error: "Invalid list id." }, 400);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_UPLOAD_BYTES) return json({ error: `The file is larger than ${MAX_UPLOAD_BYTES / (1024 * 1024)} MB.` }, 413);
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (/^(image|audio|video)\/|zip|pdf|msword|officedocument|spreadsheet/.test(type)) {
    return json({ error: `A ${type} file is not a list: upload a CSV or a TXT, one value per line.` }, 400);
  }
  if (!request.body) return json({ error: "The upload is empty: send the file as the request body." }, 400);
  const fileName = (new URL(request.url).searchParams.get("name") ?? "upload.txt").slice(0, 200);
  const done = await uploadToList(auth.user.username, id.data, fileName, streamChunks(request.body));
  if (!done) return json({ error: "A suppression list with that id not found." }, 404);
  const { result, httpStatus } = done;
  return json(httpStatus === 200 ? { import: result } : { error: result.message, import: result }, httpStatus);
}
